import { isLosslessNumber, parse } from 'lossless-json';
import { Money } from '../../../common/domain/money';
import {
  hasControlCharacter,
  hasLoneSurrogate,
} from '../../../common/domain/text-characters';

/** Prices of one model of the LiteLLM price map, in USD per million tokens. */
export interface LitellmModelPrice {
  name: string;
  /** `litellm_provider` as a catalog provider slug. */
  provider: string;
  inputPricePerMillion: string;
  outputPricePerMillion: string;
}

export interface SkippedLitellmEntry {
  name: string;
  reason: string;
}

export interface LitellmPriceMap {
  prices: LitellmModelPrice[];
  skipped: SkippedLitellmEntry[];
}

/** A file that is not JSON, or whose top level is not an object of models. */
export class InvalidLitellmPriceMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLitellmPriceMapError';
  }
}

// The format documents its fields in this entry, which is not a model.
const SAMPLE_ENTRY = 'sample_spec';
const MAX_NAME_LENGTH = 200;
const PROVIDER_SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// The catalog's numeric(24, 12) price columns.
const MAX_PRICE_DECIMALS = 12;
const MAX_PRICE_INTEGER_DIGITS = 12;
const TOKENS_PER_MILLION = 1_000_000;

/**
 * Parses LiteLLM's `model_prices_and_context_window.json`: an object keyed
 * by model name with per-token USD prices. Numbers are read as their
 * decimal text (lossless-json), never as floats, so 4e-07 per token is
 * exactly 0.4 per million tokens. Entries that cannot be a priced catalog
 * model are skipped with the reason.
 */
export function parseLitellmPriceMap(text: string): LitellmPriceMap {
  const entries = parseObject(text);
  const map: LitellmPriceMap = { prices: [], skipped: [] };

  for (const [name, entry] of Object.entries(entries)) {
    if (name === SAMPLE_ENTRY) continue;

    const result = toModelPrice(name, entry);
    if (typeof result === 'string') map.skipped.push({ name, reason: result });
    else map.prices.push(result);
  }

  return map;
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    // A byte order mark, which some editors write, is not JSON.
    value = parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InvalidLitellmPriceMapError(
      `not valid JSON: ${(error as Error).message}`,
    );
  }
  if (!isPlainObject(value)) {
    throw new InvalidLitellmPriceMapError(
      'the top level must be an object keyed by model name',
    );
  }

  return value;
}

/** Returns the model's prices, or the reason it is skipped. */
function toModelPrice(
  name: string,
  entry: unknown,
): LitellmModelPrice | string {
  if (name.length > MAX_NAME_LENGTH) {
    return `name longer than ${MAX_NAME_LENGTH} characters`;
  }
  if (name.trim() === '') return 'empty name';
  // The API's rules for a model name, so that an imported name can be
  // stored and typed again: PostgreSQL cannot store NUL, and a lone
  // surrogate would be stored as U+FFFD.
  if (name.trim() !== name) return 'name starts or ends with whitespace';
  if (hasControlCharacter(name)) return 'name contains a control character';
  if (hasLoneSurrogate(name)) return 'name contains a lone surrogate';
  if (!isPlainObject(entry)) return 'entry is not an object';

  const missing = ['input_cost_per_token', 'output_cost_per_token'].filter(
    (field) => entry[field] === undefined || entry[field] === null,
  );
  if (missing.length > 0) return `no ${missing.join(' and no ')}`;

  const provider = providerSlugOf(entry.litellm_provider);
  if (provider === null) {
    return `litellm_provider ${JSON.stringify(entry.litellm_provider) ?? 'missing'} is not a provider name`;
  }

  const input = perMillion('input_cost_per_token', entry.input_cost_per_token);
  if (input.problem !== undefined) return input.problem;
  const output = perMillion(
    'output_cost_per_token',
    entry.output_cost_per_token,
  );
  if (output.problem !== undefined) return output.problem;

  return {
    name,
    provider,
    inputPricePerMillion: input.price,
    outputPricePerMillion: output.price,
  };
}

/**
 * Turns `litellm_provider` into the catalog's slug form: lower case, runs
 * of other characters as one `-`, at most 64 characters. Null when nothing
 * usable remains.
 */
export function providerSlugOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;

  const slug = value
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);

  return PROVIDER_SLUG.test(slug) ? slug : null;
}

type PriceResult =
  | { price: string; problem?: undefined }
  | { price?: undefined; problem: string };

/** Converts a per-token price to a per-million decimal string, exactly. */
function perMillion(field: string, value: unknown): PriceResult {
  if (!isLosslessNumber(value)) return { problem: `${field} is not a number` };

  const price = new Money(value.value).times(TOKENS_PER_MILLION);
  // decimal.js turns an exponent beyond its range into Infinity or 0.
  if (!price.isFinite()) {
    return { problem: `${field} ${value.value} is too large` };
  }
  if (price.isZero() && /[1-9]/.test(value.value.split(/e/i)[0])) {
    return {
      problem: `${field} ${value.value} has more than ${MAX_PRICE_DECIMALS} decimals per million tokens`,
    };
  }
  if (price.isNegative()) {
    return { problem: `${field} ${value.value} is negative` };
  }
  if (price.decimalPlaces() > MAX_PRICE_DECIMALS) {
    return {
      problem: `${field} ${value.value} has more than ${MAX_PRICE_DECIMALS} decimals per million tokens`,
    };
  }
  if (price.trunc().toFixed().length > MAX_PRICE_INTEGER_DIGITS) {
    return { problem: `${field} ${value.value} is too large` };
  }

  return { price: price.toFixed() };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
