import {
  defaultViewState,
  isCalendarDate,
  parseViewState,
  serializeViewState,
} from './view-state';

const ORG = '0b7a3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d';

describe('parseViewState', () => {
  it('defaults an empty query', () => {
    expect(parseViewState('', 'Europe/Berlin')).toEqual(
      defaultViewState('Europe/Berlin'),
    );
  });

  it('reads every filter', () => {
    const state = parseViewState(
      `?range=custom&start=2026-03-01&end=2026-03-31&granularity=week&tz=Asia/Kolkata&org=${ORG}&search=ada&sort=cost&order=asc&currency=EUR&page=3&size=10`,
      'UTC',
    );

    expect(state).toEqual({
      range: 'custom',
      start: '2026-03-01',
      end: '2026-03-31',
      granularity: 'week',
      timeZone: 'Asia/Kolkata',
      org: ORG,
      search: 'ada',
      sort: 'cost',
      order: 'asc',
      currency: 'EUR',
      page: 3,
      pageSize: 10,
    });
  });

  it('defaults malformed values', () => {
    const state = parseViewState(
      '?range=custom&start=2026-02-30&end=2026-03-01&granularity=year&tz=<x>&org=acme&sort=email&order=up&currency=usd&page=0&size=7',
      'UTC',
    );

    expect(state).toEqual(defaultViewState('UTC'));
  });

  it('round-trips through the query string', () => {
    const state = {
      ...defaultViewState('America/New_York'),
      range: 'custom' as const,
      start: '2026-01-01',
      end: '2026-01-07',
      org: ORG,
      search: 'a&b=c',
      page: 2,
    };

    expect(
      parseViewState(serializeViewState(state, { includeOrg: true }), 'UTC'),
    ).toEqual(state);
  });

  it('leaves out the org of an org admin', () => {
    const query = serializeViewState(defaultViewState('UTC'), {
      includeOrg: false,
    });

    expect(query).toBe(
      'range=30d&granularity=auto&tz=UTC&sort=tokens&order=desc&page=1&size=25',
    );
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
  ])('checks %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});
