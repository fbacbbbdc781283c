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

export interface BucketRow {
  provider: string | null;
  bucket_start: Date;
  tokens: string;
  requests: string;
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
  top_models: string[];
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
export function toProviderTimeSeries(rows: BucketRow[]): ProviderTimeSeries {
  const bucketStarts: Date[] = [];
  const points: ProviderTimeSeries['points'] = [];
  for (const row of rows) {
    const last = bucketStarts.at(-1);
    if (last === undefined || last.getTime() !== row.bucket_start.getTime()) {
      bucketStarts.push(row.bucket_start);
    }
    if (row.provider === null) continue;

    points.push({
      provider: row.provider,
      bucketStart: row.bucket_start,
      tokens: toSafeInteger(row.tokens),
      requests: toSafeInteger(row.requests),
    });
  }

  return { bucketStarts, points };
}

export function formatCosts(costs: CurrencyAmount[]): CurrencyAmount[] {
  return costs.map(({ currency, amount }) => ({
    currency,
    amount: formatAmount(amount),
  }));
}
