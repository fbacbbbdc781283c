import { BucketRow, toProviderTimeSeries } from './postgres-usage.rows';

const day1 = new Date('2026-03-01T00:00:00Z');
const day2 = new Date('2026-03-02T00:00:00Z');
const day3 = new Date('2026-03-03T00:00:00Z');
const bucketRow = (bucketStart: Date): BucketRow => ({
  provider: null,
  bucket_start: bucketStart,
  tokens: null,
  requests: null,
});

describe('toProviderTimeSeries', () => {
  it('fills the buckets without usage with zeros', () => {
    const series = toProviderTimeSeries([
      bucketRow(day1),
      bucketRow(day2),
      bucketRow(day3),
      {
        provider: 'anthropic',
        bucket_start: day2,
        tokens: '300',
        requests: '2',
      },
      { provider: 'openai', bucket_start: day1, tokens: '150', requests: '1' },
      { provider: 'openai', bucket_start: day3, tokens: '0', requests: '1' },
    ]);

    expect(series.bucketStarts).toEqual([day1, day2, day3]);
    expect(series.points).toEqual([
      { provider: 'anthropic', bucketStart: day1, tokens: 0, requests: 0 },
      { provider: 'openai', bucketStart: day1, tokens: 150, requests: 1 },
      { provider: 'anthropic', bucketStart: day2, tokens: 300, requests: 2 },
      { provider: 'openai', bucketStart: day2, tokens: 0, requests: 0 },
      { provider: 'anthropic', bucketStart: day3, tokens: 0, requests: 0 },
      { provider: 'openai', bucketStart: day3, tokens: 0, requests: 1 },
    ]);
  });

  it('keeps the buckets of a range without usage', () => {
    const series = toProviderTimeSeries([bucketRow(day1), bucketRow(day2)]);

    expect(series).toEqual({ bucketStarts: [day1, day2], points: [] });
  });

  it('gives zeros to a provider outside every bucket', () => {
    const series = toProviderTimeSeries([
      bucketRow(day2),
      { provider: 'meta', bucket_start: day1, tokens: '40', requests: '1' },
    ]);

    expect(series.points).toEqual([
      { provider: 'meta', bucketStart: day2, tokens: 0, requests: 0 },
    ]);
  });
});
