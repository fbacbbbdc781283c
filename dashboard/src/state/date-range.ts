import type { ViewState } from './view-state';

const DAY_MS = 86_400_000;

/** Today's date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';

  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Adds days to a YYYY-MM-DD date; the calendar needs no zone here. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);

  return new Date(Date.UTC(year, month - 1, day) + days * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/**
 * Resolves the first and last day of the range, both included, in the view's zone.
 * "7d" is today and the 6 days before it; "month" starts on the 1st.
 */
export function resolveDateRange(
  state: Pick<ViewState, 'range' | 'start' | 'end' | 'timeZone'>,
  now: Date,
): { startDate: string; endDate: string } {
  if (state.range === 'custom' && state.start && state.end) {
    return { startDate: state.start, endDate: state.end };
  }

  const today = todayIn(state.timeZone, now);
  switch (state.range) {
    case '7d':
      return { startDate: addDays(today, -6), endDate: today };
    case '90d':
      return { startDate: addDays(today, -89), endDate: today };
    case 'month':
      return { startDate: `${today.slice(0, 8)}01`, endDate: today };
    default:
      return { startDate: addDays(today, -29), endDate: today };
  }
}
