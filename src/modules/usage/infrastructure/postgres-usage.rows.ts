import { CurrencyAmount, formatAmount } from '../../../common/domain/money';
import { toSafeInteger } from '../../../common/domain/safe-integer';
import { ProviderTimeSeries } from '../domain/provider-time-series';

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
