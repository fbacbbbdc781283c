import { FieldProblem } from '../../../common/domain/domain-error';
import {
  hasControlCharacter,
  hasLoneSurrogate,
} from '../../../common/domain/text-characters';

/** The usage of one inference as reported, before it is checked and priced. */
export interface UsageDraft {
  organizationId: string;
  userId: string | null;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens?: number;
  requestId: string;
  occurredAt?: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_REQUEST_ID_LENGTH = 255;

/**
 * Maximum of inputTokens and of outputTokens in one record, ten times the
 * largest context window offered in 2025 (10M tokens, Meta's Llama 4
 * Scout). The rollups keep token sums in bigint, and the global monthly
 * rollup sums every organization's records of a model and month. At 2e8
 * tokens a record, reaching the bigint maximum (about 9.2e18) takes 4.6e10
 * records of one model in one month, 27 days of collection at 20,000
 * records/s.
 */
export const MAX_TOKENS_PER_COUNT = 100_000_000;

/** Checks that a token count is a whole number from 0 to MAX_TOKENS_PER_COUNT. */
export function isTokenCount(value: unknown): value is number {
  return (
    Number.isSafeInteger(value) &&
    (value as number) >= 0 &&
    (value as number) <= MAX_TOKENS_PER_COUNT
  );
}

/**
 * Lists every field of a draft that breaks a rule, each named with `prefix`
 * (for example `commands[3].`). An empty list means the draft is valid.
 */
export function usageDraftProblems(
  draft: UsageDraft,
  prefix = '',
): FieldProblem[] {
  const problems = [
    uuidProblem('organizationId', draft.organizationId),
    draft.userId === null ? undefined : uuidProblem('userId', draft.userId),
    uuidProblem('modelId', draft.modelId),
    tokenProblem('inputTokens', draft.inputTokens),
    tokenProblem('outputTokens', draft.outputTokens),
    totalTokensProblem(draft),
    requestIdProblem(draft.requestId),
    occurredAtProblem(draft.occurredAt),
  ];

  return problems
    .filter((problem) => problem !== undefined)
    .map((problem) => ({ ...problem, field: `${prefix}${problem.field}` }));
}

function uuidProblem(field: string, value: unknown): FieldProblem | undefined {
  if (typeof value === 'string' && UUID.test(value)) return undefined;

  return { field, message: 'must be a UUID' };
}

function tokenProblem(field: string, value: unknown): FieldProblem | undefined {
  if (isTokenCount(value)) return undefined;

  return {
    field,
    message: `must be a whole number of tokens from 0 to ${MAX_TOKENS_PER_COUNT}`,
  };
}

function totalTokensProblem(draft: UsageDraft): FieldProblem | undefined {
  const sum = draft.inputTokens + draft.outputTokens;
  if (draft.totalTokens === undefined) return undefined;
  if (draft.totalTokens === sum) return undefined;

  return {
    field: 'totalTokens',
    message: `must equal inputTokens + outputTokens (${sum}) or be omitted`,
  };
}

function requestIdProblem(value: unknown): FieldProblem | undefined {
  // PostgreSQL counts characters as code points, so the length does too.
  const length = typeof value === 'string' ? [...value].length : 0;
  if (typeof value === 'string' && hasControlCharacter(value)) {
    return {
      field: 'requestId',
      message:
        'must not contain control characters such as NUL, tab or newline',
    };
  }
  if (typeof value === 'string' && length > 0 && value.trim() === '') {
    return {
      field: 'requestId',
      message: 'must contain a character other than whitespace',
    };
  }
  // A lone surrogate would reach PostgreSQL as U+FFFD, so the stored id
  // would differ from the given one.
  if (typeof value === 'string' && hasLoneSurrogate(value)) {
    return {
      field: 'requestId',
      message: 'must be valid Unicode text without lone surrogates',
    };
  }
  if (length >= 1 && length <= MAX_REQUEST_ID_LENGTH) return undefined;

  return {
    field: 'requestId',
    message: `must be a string of 1 to ${MAX_REQUEST_ID_LENGTH} characters`,
  };
}

// Years outside 0001 to 9999 are out of the range of PostgreSQL's
// timestamptz (before 4713 BC) or print in ISO 8601's expanded form.
function occurredAtProblem(value: unknown): FieldProblem | undefined {
  if (value === undefined) return undefined;
  const year = value instanceof Date ? value.getUTCFullYear() : Number.NaN;
  if (year >= 1 && year <= 9999) return undefined;

  return {
    field: 'occurredAt',
    message: 'must be a valid date in the years 0001 to 9999 (UTC) or omitted',
  };
}

/**
 * Names the fields in which a repeat of a request id within one batch
 * differs from its first draft. A time on the repeat alone counts, because
 * the first draft is stored at the time of collection.
 */
export function differingDraftFields(
  first: UsageDraft,
  repeat: UsageDraft,
): string[] {
  const fields: string[] = [];

  if (repeat.userId !== first.userId) fields.push('userId');
  if (repeat.modelId !== first.modelId) fields.push('modelId');
  if (repeat.inputTokens !== first.inputTokens) fields.push('inputTokens');
  if (repeat.outputTokens !== first.outputTokens) fields.push('outputTokens');
  if (
    repeat.occurredAt !== undefined &&
    repeat.occurredAt.getTime() !== first.occurredAt?.getTime()
  ) {
    fields.push('occurredAt');
  }

  return fields;
}

/** Returns the draft with its ids in lower case, the form PostgreSQL returns. */
export function normalizeDraft(draft: UsageDraft): UsageDraft {
  return {
    ...draft,
    organizationId: draft.organizationId.toLowerCase(),
    userId: draft.userId === null ? null : draft.userId.toLowerCase(),
    modelId: draft.modelId.toLowerCase(),
  };
}
