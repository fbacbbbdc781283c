import { createValidationPipe } from '../../../../common/http/validation.pipe';
import { ValidationError } from '../../../../common/domain/domain-error';
import { UsageRangeQueryDto } from './usage-range-query.dto';

const pipe = createValidationPipe();

async function validate(query: Record<string, unknown>) {
  return pipe.transform(query, { type: 'query', metatype: UsageRangeQueryDto });
}

async function problemsOf(query: Record<string, unknown>) {
  try {
    await validate(query);
  } catch (error) {
    if (error instanceof ValidationError) return error.details;
    throw error;
  }

  throw new Error('expected a ValidationError');
}

describe('UsageRangeQueryDto', () => {
  it('accepts every parameter', async () => {
    const query = {
      startDate: '2026-03-01',
      endDate: '2026-03-01T10:00:00.123+05:30',
      timezone: 'Asia/Kolkata',
      granularity: 'week',
      provider: 'openai',
      modelId: '3F2B8C1E-5D4A-4E6F-9B7C-2A1D0E9F8C7B',
    };

    await expect(validate(query)).resolves.toEqual(query);
  });

  it('accepts no parameter', async () => {
    await expect(validate({})).resolves.toEqual({});
  });

  it.each([
    ['startDate', '2026-03-01 10:00'],
    ['endDate', 'tomorrow'],
    ['timezone', 'EST'],
    ['timezone', 'UTC+5'],
    ['granularity', 'year'],
    ['provider', 'Open AI'],
    ['modelId', 'not-a-uuid'],
  ])('rejects %s=%j', async (field, value) => {
    const problems = await problemsOf({ [field]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
  });

  it.each([
    ['timezone', ['Europe/Berlin', 'UTC']],
    ['startDate', ['2026-11-01', '2026-11-02']],
    ['provider', ['openai', 'openai']],
    ['modelId', ['not-a-uuid', 'not-a-uuid']],
  ])('rejects a repeated %s', async (field, values) => {
    const problems = await problemsOf({ [field]: values });

    expect(problems).toEqual([
      {
        field,
        message: 'must be a single value, not a list or a repeated parameter',
      },
    ]);
  });

  it('rejects a repeated unknown parameter', async () => {
    const problems = await problemsOf({ limit: ['5', '6'] });

    expect(problems).toEqual([
      { field: 'limit', message: 'property limit should not exist' },
    ]);
  });

  it('rejects an unknown parameter', async () => {
    const problems = await problemsOf({ limit: '5' });

    expect(problems).toEqual([
      { field: 'limit', message: 'property limit should not exist' },
    ]);
  });
});
