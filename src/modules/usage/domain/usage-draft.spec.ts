import {
  differingDraftFields,
  normalizeDraft,
  UsageDraft,
  usageDraftProblems,
} from './usage-draft';

const draft: UsageDraft = {
  organizationId: '11111111-1111-4111-8111-111111111111',
  userId: null,
  modelId: '22222222-2222-4222-8222-222222222222',
  inputTokens: 10,
  outputTokens: 5,
  requestId: 'r-1',
};

describe('usageDraftProblems', () => {
  it('accepts a valid draft', () => {
    expect(usageDraftProblems(draft)).toEqual([]);
  });

  it('accepts a matching total', () => {
    expect(usageDraftProblems({ ...draft, totalTokens: 15 })).toEqual([]);
  });

  it('lists every bad field with the prefix', () => {
    const problems = usageDraftProblems(
      {
        ...draft,
        organizationId: 'acme',
        inputTokens: -1,
        outputTokens: 0.5,
        requestId: '',
      },
      'commands[2].',
    );

    expect(problems.map((problem) => problem.field)).toEqual([
      'commands[2].organizationId',
      'commands[2].inputTokens',
      'commands[2].outputTokens',
      'commands[2].requestId',
    ]);
  });

  it('names the expected total', () => {
    expect(usageDraftProblems({ ...draft, totalTokens: 16 })).toEqual([
      {
        field: 'totalTokens',
        message: 'must equal inputTokens + outputTokens (15) or be omitted',
      },
    ]);
  });

  it('accepts token counts up to the maximum', () => {
    expect(
      usageDraftProblems({
        ...draft,
        inputTokens: 100_000_000,
        outputTokens: 100_000_000,
      }),
    ).toEqual([]);
  });

  it.each([
    ['inputTokens', { inputTokens: 100_000_001 }],
    ['outputTokens', { outputTokens: Number.MAX_SAFE_INTEGER }],
  ])('rejects %s above the maximum', (field, counts) => {
    expect(usageDraftProblems({ ...draft, ...counts })).toEqual([
      {
        field,
        message: 'must be a whole number of tokens from 0 to 100000000',
      },
    ]);
  });

  it.each([
    [
      'a tab',
      'r\t1',
      'must not contain control characters such as NUL, tab or newline',
    ],
    [
      'a NUL',
      'r\u00001',
      'must not contain control characters such as NUL, tab or newline',
    ],
    ['only spaces', '   ', 'must contain a character other than whitespace'],
  ])('rejects a request id with %s', (_, requestId, message) => {
    expect(usageDraftProblems({ ...draft, requestId })).toEqual([
      { field: 'requestId', message },
    ]);
  });

  it.each([
    ['year 0000', new Date('0000-12-31T23:59:59.999Z')],
    ['year 10000', new Date('+010000-01-01T00:00:00.000Z')],
    ['an invalid date', new Date(Number.NaN)],
  ])('rejects occurredAt in %s', (_, occurredAt) => {
    expect(usageDraftProblems({ ...draft, occurredAt })).toEqual([
      {
        field: 'occurredAt',
        message:
          'must be a valid date in the years 0001 to 9999 (UTC) or omitted',
      },
    ]);
  });

  it.each([
    new Date('0001-01-01T00:00:00.000Z'),
    new Date('9999-12-31T23:59:59.999Z'),
  ])('accepts occurredAt %j', (occurredAt) => {
    expect(usageDraftProblems({ ...draft, occurredAt })).toEqual([]);
  });

  it('counts request id length in code points', () => {
    const emoji = '\u{1F600}';

    expect(
      usageDraftProblems({ ...draft, requestId: emoji.repeat(255) }),
    ).toEqual([]);
    expect(
      usageDraftProblems({ ...draft, requestId: emoji.repeat(256) }),
    ).toHaveLength(1);
  });
});

describe('differingDraftFields', () => {
  it('finds no difference in a plain repeat', () => {
    expect(differingDraftFields(draft, { ...draft })).toEqual([]);
  });

  it('flags a time given only on the repeat', () => {
    const repeat = { ...draft, occurredAt: new Date(0) };

    expect(differingDraftFields(draft, repeat)).toEqual(['occurredAt']);
    expect(differingDraftFields(repeat, draft)).toEqual([]);
  });

  it('lists changed tokens and user', () => {
    const repeat = {
      ...draft,
      userId: '33333333-3333-4333-8333-333333333333',
      outputTokens: 6,
    };

    expect(differingDraftFields(draft, repeat)).toEqual([
      'userId',
      'outputTokens',
    ]);
  });
});

describe('normalizeDraft', () => {
  it('lower-cases the ids', () => {
    const upper = normalizeDraft({
      ...draft,
      organizationId: draft.organizationId.toUpperCase(),
      userId: 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA',
    });

    expect(upper.organizationId).toBe(draft.organizationId);
    expect(upper.userId).toBe('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
  });
});
