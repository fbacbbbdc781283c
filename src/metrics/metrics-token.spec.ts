import { isMetricsTokenValid } from './metrics-token';

const TOKEN = 'scrape-token-0123456789';

describe('isMetricsTokenValid', () => {
  it('accepts the bearer token', () => {
    expect(isMetricsTokenValid(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    ['a missing header', undefined],
    ['another token', 'Bearer scrape-token-0123456780'],
    ['a prefix of the token', 'Bearer scrape-token'],
    ['the token without scheme', TOKEN],
    ['another scheme', `Basic ${TOKEN}`],
    ['an empty bearer', 'Bearer '],
  ])('rejects %s', (_case, header) => {
    expect(isMetricsTokenValid(header, TOKEN)).toBe(false);
  });
});
