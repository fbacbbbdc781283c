import { FieldProblem } from '../../../common/domain/domain-error';

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
const LONE_SURROGATE = /\p{Surrogate}/u;
export const MAX_REQUEST_ID_LENGTH = 255;

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
  if (Number.isSafeInteger(value) && (value as number) >= 0) return undefined;

  return {
    field,
    message: `must be a whole number of tokens from 0 to ${Number.MAX_SAFE_INTEGER}`,
  };
}

function totalTokensProblem(draft: UsageDraft): FieldProblem | undefined {
  const sum = draft.inputTokens + draft.outputTokens;
  // Each count alone may be safe while their sum is not, and a stored
  // total above 2^53 - 1 could not be read back as a number.
  if (
    Number.isSafeInteger(draft.inputTokens) &&
    Number.isSafeInteger(draft.outputTokens) &&
    !Number.isSafeInteger(sum)
  ) {
    return {
      field: 'totalTokens',
      message: `inputTokens + outputTokens must be at most ${Number.MAX_SAFE_INTEGER}`,
    };
  }
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
  if (typeof value === 'string' && value.includes('\u0000')) {
    return { field: 'requestId', message: 'must not contain NUL characters' };
  }
  // A lone surrogate would reach PostgreSQL as U+FFFD, so the stored id
  // would differ from the given one.
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
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

function occurredAtProblem(value: unknown): FieldProblem | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return undefined;

  return { field: 'occurredAt', message: 'must be a valid date or omitted' };
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
