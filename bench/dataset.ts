import { seededRandom, WeightedPicker } from './random';
import { TokenSample } from './trace-tokens';

export const ORGANIZATION_COUNT = 1000;
export const USER_COUNT = 20000;
export const DAYS = 365;

/** One catalog entry; prices per million tokens in millionths of the currency unit. */
export interface BenchModel {
  id: string;
  name: string;
  provider: string;
  currency: 'USD' | 'EUR';
  inputMicroPrice: bigint | null;
  outputMicroPrice: bigint | null;
}

export interface BenchOrganization {
  id: string;
  name: string;
  /** Share of all records, from 0 to 1. */
  weight: number;
  userIds: string[];
}

const PROVIDERS = [
  'openai',
  'anthropic',
  'google',
  'mistral',
  'meta',
  'cohere',
  'deepseek',
  'xai',
];

/** A deterministic version-4-shaped UUID from the generator. */
export function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () =>
    Math.floor(random() * 16).toString(16),
  );
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const text = hex.join('');

  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** 30 models from 8 providers; mistral prices in EUR, two models unpriced. */
export function buildModels(random: () => number): BenchModel[] {
  return Array.from({ length: 30 }, (_, index) => {
    const provider = PROVIDERS[index % PROVIDERS.length];
    const priced = index !== 7 && index !== 15;
    const inputMicro = BigInt(50_000 + Math.floor(random() * 40) * 125_000);

    return {
      id: uuidFrom(random),
      name: `${provider}-bench-${index + 1}`,
      provider,
      currency: provider === 'mistral' ? 'EUR' : 'USD',
      inputMicroPrice: priced ? inputMicro : null,
      outputMicroPrice: priced ? inputMicro * 4n : null,
    };
  });
}

/**
 * Computes organization weights: the largest has 10% of all records and the
 * rest follow a power law whose exponent is solved so that the median
 * organization has 0.05%.
 */
export function organizationWeights(): number[] {
  const rest = ORGANIZATION_COUNT - 1;
  const medianRank = ORGANIZATION_COUNT / 2 - 1;
  const weightsFor = (exponent: number) => {
    const raw = Array.from({ length: rest }, (_, k) => (k + 1) ** -exponent);
    const scale = 0.9 / raw.reduce((sum, value) => sum + value, 0);

    return raw.map((value) => value * scale);
  };

  let low = 0;
  let high = 3;
  for (let step = 0; step < 60; step++) {
    const exponent = (low + high) / 2;
    if (weightsFor(exponent)[medianRank - 1] > 0.0005) low = exponent;
    else high = exponent;
  }

  return [0.1, ...weightsFor((low + high) / 2)];
}

/** Organizations with users spread by size: every one has at least one. */
export function buildOrganizations(random: () => number): BenchOrganization[] {
  const weights = organizationWeights();
  const userShares = weights.map((weight) => weight ** 0.6);
  const shareSum = userShares.reduce((sum, value) => sum + value, 0);
  const spare = USER_COUNT - ORGANIZATION_COUNT;

  const counts = userShares.map(
    (share) => 1 + Math.floor((share / shareSum) * spare),
  );
  let missing = USER_COUNT - counts.reduce((sum, value) => sum + value, 0);
  for (let index = 0; missing > 0; index = (index + 1) % counts.length) {
    counts[index] += 1;
    missing -= 1;
  }

  return weights.map((weight, index) => ({
    id: uuidFrom(random),
    name: `Bench organization ${String(index + 1).padStart(4, '0')}`,
    weight,
    userIds: Array.from({ length: counts[index] }, () => uuidFrom(random)),
  }));
}

const WEEKDAY_WEIGHT = [0.35, 1, 1, 1, 1, 0.95, 0.45]; // Sunday first
const HOUR_WEIGHT = Array.from(
  { length: 24 },
  (_, hour) => 0.15 + Math.exp(-((hour - 14) ** 2) / 18),
);

/** Formats a cost in millionths-of-millionths as a decimal string, exactly. */
export function formatPicoAmount(pico: bigint): string {
  const whole = pico / 1_000_000_000_000n;
  const fraction = (pico % 1_000_000_000_000n).toString().padStart(12, '0');

  return `${whole}.${fraction}`;
}

/** One usage row in the column order of the COPY statement. */
export type UsageRow = [
  organizationId: string,
  userId: string,
  modelId: string,
  provider: string,
  modelName: string,
  inputTokens: number,
  outputTokens: number,
  totalTokens: number,
  cost: string | null,
  currency: string,
  requestId: string,
  createdAt: string,
];

/** Splits `rows` over the days in proportion to their weights, summing to `rows` exactly. */
function rowsPerDay(rows: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let cumulative = 0;
  let assigned = 0;

  return weights.map((weight) => {
    cumulative += weight;
    const through = Math.round((rows * cumulative) / total);
    const count = through - assigned;
    assigned = through;

    return count;
  });
}

/**
 * Generates usage rows over the DAYS days before `end` with a weekday and
 * time-of-day rhythm, token counts drawn from the trace, organizations by
 * weight, users uniformly within their organization and models by a
 * power-law popularity. Rows come in time order, as collection appends
 * them, so the heap of a loaded table keeps one hour's rows together.
 */
export function* generateUsage(options: {
  seed: number;
  rows: number;
  end: Date;
  organizations: BenchOrganization[];
  models: BenchModel[];
  tokens: TokenSample[];
  requestIdPrefix: string;
}): Generator<UsageRow> {
  const random = seededRandom(options.seed);
  const organizationPicker = new WeightedPicker(
    options.organizations.map((o) => o.weight),
  );
  const modelPicker = new WeightedPicker(
    options.models.map((_, index) => 1 / (index + 1)),
  );
  const firstDay = Date.UTC(
    options.end.getUTCFullYear(),
    options.end.getUTCMonth(),
    options.end.getUTCDate() - DAYS,
  );
  const dayCounts = rowsPerDay(
    options.rows,
    Array.from(
      { length: DAYS },
      (_, day) =>
        WEEKDAY_WEIGHT[new Date(firstDay + day * 86400000).getUTCDay()],
    ),
  );
  const hourPicker = new WeightedPicker(HOUR_WEIGHT);

  let index = 0;
  for (let day = 0; day < DAYS; day++) {
    const rows: UsageRow[] = [];
    const times: number[] = [];
    for (let n = 0; n < dayCounts[day]; n++) {
      const organization =
        options.organizations[organizationPicker.pick(random())];
      const userId =
        organization.userIds[
          Math.floor(random() * organization.userIds.length)
        ];
      const model = options.models[modelPicker.pick(random())];
      const sample =
        options.tokens[Math.floor(random() * options.tokens.length)];
      const createdAt =
        firstDay +
        day * 86400000 +
        hourPicker.pick(random()) * 3600000 +
        Math.floor(random() * 3600000);

      const cost =
        model.inputMicroPrice === null || model.outputMicroPrice === null
          ? null
          : formatPicoAmount(
              BigInt(sample.input) * model.inputMicroPrice +
                BigInt(sample.output) * model.outputMicroPrice,
            );

      times.push(createdAt);
      rows.push([
        organization.id,
        userId,
        model.id,
        model.provider,
        model.name,
        sample.input,
        sample.output,
        sample.input + sample.output,
        cost,
        model.currency,
        '',
        new Date(createdAt).toISOString(),
      ]);
    }

    const order = times.map((_, position) => position);
    order.sort((a, b) => times[a] - times[b]);
    for (const position of order) {
      const row = rows[position];
      row[10] = `${options.requestIdPrefix}${index}`;
      index += 1;
      yield row;
    }
  }
}
