export const RANGE_PRESETS = ['7d', '30d', '90d', 'month', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const GRANULARITIES = ['auto', 'hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const USER_SORT_FIELDS = [
  'tokens',
  'requests',
  'cost',
  'lastActivity',
  'userName',
] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

export const PAGE_SIZES = [10, 25, 50, 100] as const;

/** Every filter of the dashboard; the query string of the page holds it. */
export interface ViewState {
  range: RangePreset;
  /** First and last day of a custom range, as YYYY-MM-DD. */
  start?: string;
  end?: string;
  granularity: Granularity;
  /** IANA zone whose calendar the dates and buckets follow. */
  timeZone: string;
  /** `all` or an organization id; super admins only. */
  org: string;
  search: string;
  sort: UserSortField;
  order: 'asc' | 'desc';
  /** ISO 4217 code whose amounts a cost sort compares; unset means the first. */
  currency?: string;
  /** 1-based page of the users table. */
  page: number;
  pageSize: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZONE = /^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/;
const CURRENCY = /^[A-Z]{3}$/;

export function defaultViewState(timeZone: string): ViewState {
  return {
    range: '30d',
    granularity: 'auto',
    timeZone,
    org: 'all',
    search: '',
    sort: 'tokens',
    order: 'desc',
    page: 1,
    pageSize: 25,
  };
}

function oneOf<T extends string>(
  values: readonly T[],
  value: string | null,
  fallback: T,
): T {
  return values.includes(value as T) ? (value as T) : fallback;
}

function positiveInteger(value: string | null, fallback: number): number {
  if (value === null || !/^\d{1,6}$/.test(value)) return fallback;
  const number = Number(value);

  return number >= 1 ? number : fallback;
}

/** Whether a YYYY-MM-DD string names a real calendar day. */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));

  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Reads the filters from a query string. A missing or malformed value takes
 * its default, so an edited or truncated link still opens a view.
 */
export function parseViewState(search: string, timeZone: string): ViewState {
  const query = new URLSearchParams(search);
  const defaults = defaultViewState(timeZone);
  const start = query.get('start') ?? '';
  const end = query.get('end') ?? '';
  const customIsValid = isCalendarDate(start) && isCalendarDate(end);
  let range = oneOf(RANGE_PRESETS, query.get('range'), defaults.range);
  if (range === 'custom' && !customIsValid) range = defaults.range;
  const zone = query.get('tz') ?? '';
  const org = query.get('org') ?? '';
  const pageSize = positiveInteger(query.get('size'), defaults.pageSize);
  const currency = query.get('currency') ?? '';

  return {
    range,
    ...(range === 'custom' ? { start, end } : {}),
    granularity: oneOf(GRANULARITIES, query.get('granularity'), 'auto'),
    timeZone: ZONE.test(zone) ? zone : defaults.timeZone,
    org: org === 'all' || UUID.test(org) ? org.toLowerCase() : defaults.org,
    search: (query.get('search') ?? '').slice(0, 200),
    sort: oneOf(USER_SORT_FIELDS, query.get('sort'), defaults.sort),
    order: oneOf(['asc', 'desc'] as const, query.get('order'), defaults.order),
    ...(CURRENCY.test(currency) ? { currency } : {}),
    page: positiveInteger(query.get('page'), 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize)
      ? pageSize
      : defaults.pageSize,
  };
}

/**
 * Writes the filters as a query string. The zone is always written, so a
 * shared link shows the same buckets in another person's browser.
 */
export function serializeViewState(
  state: ViewState,
  options: { includeOrg: boolean },
): string {
  const query = new URLSearchParams();
  query.set('range', state.range);
  if (state.range === 'custom') {
    query.set('start', state.start ?? '');
    query.set('end', state.end ?? '');
  }
  query.set('granularity', state.granularity);
  query.set('tz', state.timeZone);
  if (options.includeOrg) query.set('org', state.org);
  if (state.search !== '') query.set('search', state.search);
  query.set('sort', state.sort);
  query.set('order', state.order);
  if (state.currency !== undefined) query.set('currency', state.currency);
  query.set('page', String(state.page));
  query.set('size', String(state.pageSize));

  return query.toString();
}
