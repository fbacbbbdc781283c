import { chartPoints, seriesByProvider } from './provider-time-series';

const march1 = new Date('2026-02-28T23:00:00Z');
const march2 = new Date('2026-03-01T23:00:00Z');
const series = {
  bucketStarts: [march1, march2],
  points: [
    { provider: 'anthropic', bucketStart: march1, tokens: 0, requests: 0 },
    { provider: 'openai', bucketStart: march1, tokens: 150, requests: 1 },
    { provider: 'anthropic', bucketStart: march2, tokens: 300, requests: 2 },
    { provider: 'openai', bucketStart: march2, tokens: 0, requests: 0 },
  ],
};

describe('seriesByProvider', () => {
  it('groups labelled points by provider', () => {
    const byProvider = seriesByProvider(series, 'Europe/Berlin');

    expect([...byProvider.keys()]).toEqual(['anthropic', 'openai']);
    expect(byProvider.get('anthropic')).toEqual([
      { date: '2026-03-01T00:00:00+01:00', tokens: 0, requests: 0 },
      { date: '2026-03-02T00:00:00+01:00', tokens: 300, requests: 2 },
    ]);
    expect(byProvider.get('openai')).toEqual([
      { date: '2026-03-01T00:00:00+01:00', tokens: 150, requests: 1 },
      { date: '2026-03-02T00:00:00+01:00', tokens: 0, requests: 0 },
    ]);
  });
});

describe('chartPoints', () => {
  it('lists every provider per bucket', () => {
    expect(chartPoints(series, 'UTC')).toEqual([
      {
        date: '2026-02-28T23:00:00+00:00',
        values: { anthropic: 0, openai: 150 },
      },
      {
        date: '2026-03-01T23:00:00+00:00',
        values: { anthropic: 300, openai: 0 },
      },
    ]);
  });

  it('keeps buckets without providers', () => {
    expect(chartPoints({ bucketStarts: [march1], points: [] }, 'UTC')).toEqual([
      { date: '2026-02-28T23:00:00+00:00', values: {} },
    ]);
  });

  it('returns nothing without buckets', () => {
    expect(chartPoints({ bucketStarts: [], points: [] }, 'UTC')).toEqual([]);
  });
});
