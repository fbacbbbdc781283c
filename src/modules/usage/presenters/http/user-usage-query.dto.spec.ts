import { createValidationPipe } from '../../../../common/http/validation.pipe';
import { ValidationError } from '../../../../common/domain/domain-error';
import { DATE_PARAMETER_HINT } from '../../domain/usage-range';
import { UserUsageQueryDto } from './user-usage-query.dto';

const pipe = createValidationPipe();

function validate(query: Record<string, unknown>): Promise<UserUsageQueryDto> {
  return pipe.transform(query, {
    type: 'query',
    metatype: UserUsageQueryDto,
  }) as Promise<UserUsageQueryDto>;
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

describe('UserUsageQueryDto', () => {
  it('applies the defaults', async () => {
    const query = await validate({});

    expect({ ...query }).toEqual({
      limit: 50,
      offset: 0,
      sortBy: 'tokens',
      sortOrder: 'desc',
      format: 'json',
    });
  });

  it('accepts every parameter', async () => {
    const query = await validate({
      startDate: '2026-03-01',
      endDate: '2026-03-31',
      timezone: 'Europe/Berlin',
      provider: 'openai',
      modelId: '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
      limit: '1000',
      offset: '20',
      search: '100%_\\',
      sortBy: 'cost',
      sortOrder: 'asc',
      currency: 'EUR',
      format: 'csv',
    });

    expect({ ...query }).toEqual({
      startDate: '2026-03-01',
      endDate: '2026-03-31',
      timezone: 'Europe/Berlin',
      provider: 'openai',
      modelId: '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
      limit: 1000,
      offset: 20,
      search: '100%_\\',
      sortBy: 'cost',
      sortOrder: 'asc',
      currency: 'EUR',
      format: 'csv',
    });
  });

  it.each([
    [{ startDate: 'yesterday' }, 'startDate', DATE_PARAMETER_HINT],
    [{ limit: '0' }, 'limit', 'must be an integer from 1 to 1000'],
    [{ limit: '1001' }, 'limit', 'must be an integer from 1 to 1000'],
    [{ limit: '1.5' }, 'limit', 'must be an integer from 1 to 1000'],
    [{ limit: '' }, 'limit', 'must be an integer from 1 to 1000'],
    [
      { limit: ['1', '2'] },
      'limit',
      'must be a single value, not a list or a repeated parameter',
    ],
    [{ offset: '-1' }, 'offset', 'must be an integer of 0 or more'],
    [
      { offset: '99999999999999999999' },
      'offset',
      'must be an integer of at most 9007199254740991',
    ],
    [{ search: 'a'.repeat(201) }, 'search', 'must be at most 200 characters'],
    [
      { search: ['a', 'b'] },
      'search',
      'must be a single value, not a list or a repeated parameter',
    ],
    [{ search: 'a\u0000b' }, 'search', 'must not contain NUL characters'],
    [
      { sortBy: 'email' },
      'sortBy',
      'must be one of tokens, requests, cost, lastActivity, userName',
    ],
    [{ sortOrder: 'up' }, 'sortOrder', 'must be one of asc, desc'],
    [
      { sortBy: 'cost' },
      'currency',
      'is required when sortBy is cost, as a currency code such as USD',
    ],
    [
      { sortBy: 'cost', currency: 'usd' },
      'currency',
      'must be a 3-letter upper-case currency code such as USD',
    ],
    [
      { currency: 'EURO' },
      'currency',
      'must be a 3-letter upper-case currency code such as USD',
    ],
    [
      { granularity: 'day' },
      'granularity',
      'property granularity should not exist',
    ],
  ])('rejects %j', async (query, field, message) => {
    expect(await problemsOf(query)).toEqual([{ field, message }]);
  });
});
