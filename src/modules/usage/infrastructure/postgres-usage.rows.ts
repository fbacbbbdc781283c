import { CurrencyAmount, formatAmount } from '../../../common/domain/money';
import { toSafeInteger } from '../../../common/domain/safe-integer';
import { ProviderTimeSeries } from '../domain/provider-time-series';
import { ModelRanking, UsageTotals } from '../domain/usage-totals';

// Row shapes of the dashboard queries. Counts and sums arrive as text and
// become numbers through toSafeInteger; amounts stay decimal strings.

export interface TotalsRow {
  all_currencies: boolean;
  currency: string | null;
  input_tokens: string;
  output_tokens: string;
  total_tokens: string;
  requests: string;
  active_users: string;
  unpriced_requests: string;
  amount: string | null;
}

export interface ProviderRow {
  provider: string;
  tokens: string;
  requests: string;
  costs: CurrencyAmount[];
}

/** A row of PROVIDER_BUCKET_ROWS: provider, tokens and requests are null in the row that only lists a bucket. */
export interface BucketRow {
  provider: string | null;
  bucket_start: Date;
  tokens: string | null;
  requests: string | null;
}

export interface ModelRow {
  model_id: string;
  name: string;
  display_name: string;
  provider: string;
  tokens: string;
  requests: string;
  costs: CurrencyAmount[];
  model_count: string;
  all_tokens: string;
  all_requests: string;
}

/** The one row of combinedStatsSql. Its JSON arrays keep the order of their rows. */
export interface StatsRow {
  totals: TotalsRow[];
  user_count: string;
  model_ranking: ModelRow[];
}

// Rows come ordered as rollupTotalsSql sorts them: the row over all
// currencies first, then one row per currency.
export function toUsageTotals(rows: TotalsRow[]): UsageTotals {
  const overall = rows.find((row) => row.all_currencies) as TotalsRow;
  const costs = rows
    .filter((row) => !row.all_currencies && row.amount !== null)
    .map((row) => ({
      currency: row.currency as string,
      amount: formatAmount(row.amount as string),
    }));

  return {
    inputTokens: toSafeInteger(overall.input_tokens),
    outputTokens: toSafeInteger(overall.output_tokens),
    totalTokens: toSafeInteger(overall.total_tokens),
    requests: toSafeInteger(overall.requests),
    activeUsers: toSafeInteger(overall.active_users),
    unpricedRequests: toSafeInteger(overall.unpriced_requests),
    costs,
  };
}

// Rows come in ranking order; each carries the totals over every model.
export function toModelRanking(rows: ModelRow[]): ModelRanking {
  const first = rows.at(0);

  return {
    models: rows.map((row) => ({
      modelId: row.model_id,
      modelName: row.name,
      displayName: row.display_name,
      provider: row.provider,
      tokens: toSafeInteger(row.tokens),
      requests: toSafeInteger(row.requests),
      costs: formatCosts(row.costs),
    })),
    modelCount: first === undefined ? 0 : toSafeInteger(first.model_count),
    tokens: first === undefined ? 0 : toSafeInteger(first.all_tokens),
    requests: first === undefined ? 0 : toSafeInteger(first.all_requests),
  };
}

// Rows come ordered by bucket, one per provider, or one with a null
// provider when the range has no usage.
/**
 * Builds the series from the rows of PROVIDER_BUCKET_ROWS, with a point for
 * every provider in every bucket, 0 where the provider has no row, in
 * bucket order and then provider order. A provider whose rows all lie
 * outside the buckets still gets its zeros, as it has usage in the range.
 */
export function toProviderTimeSeries(rows: BucketRow[]): ProviderTimeSeries {
  const bucketStarts: Date[] = [];
  const usageByProvider = new Map<string, Map<number, BucketRow>>();
  for (const row of rows) {
    if (row.provider === null) {
      bucketStarts.push(row.bucket_start);
      continue;
    }

    let usage = usageByProvider.get(row.provider);
    if (usage === undefined) {
      usage = new Map();
      usageByProvider.set(row.provider, usage);
    }
    usage.set(row.bucket_start.getTime(), row);
  }

  const points: ProviderTimeSeries['points'] = [];
  for (const bucketStart of bucketStarts) {
    for (const [provider, usage] of usageByProvider) {
      const row = usage.get(bucketStart.getTime());
      points.push({
        provider,
        bucketStart,
        tokens: countOrZero(row?.tokens),
        requests: countOrZero(row?.requests),
      });
    }
  }

  return { bucketStarts, points };
}

function countOrZero(text: string | null | undefined): number {
  return text === null || text === undefined ? 0 : toSafeInteger(text);
}

export function formatCosts(costs: CurrencyAmount[]): CurrencyAmount[] {
  return costs.map(({ currency, amount }) => ({
    currency,
    amount: formatAmount(amount),
  }));
}
