import { UsageQueryParameters } from '../src/modules/usage/application/usage-query.resolver';
import { UsageScope } from '../src/modules/usage/domain/usage-scope';

/** One timed query setting: a scope, a range and a zone. */
export interface Scenario {
  label: string;
  scope: UsageScope;
  parameters: UsageQueryParameters;
  /** Scenarios whose p95 the targets name. */
  target?: 'median-90d' | 'largest-90d' | 'global-30d';
}

function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Returns the last `days` whole days before `end` as date-only bounds, end inclusive. */
export function lastDays(
  end: Date,
  days: number,
): { startDate: string; endDate: string } {
  return {
    startDate: isoDate(end.getTime() - days * 86400000),
    endDate: isoDate(end.getTime() - 86400000),
  };
}

/**
 * Lists the largest, the median and a small organization over 7, 90 and
 * 365 days, and all organizations over 30 and 365 days, each in UTC and
 * Europe/Berlin. Asia/Kolkata (+05:30) and bounds to the second follow,
 * because the rollups cannot serve them from whole buckets alone.
 */
export function buildScenarios(
  end: Date,
  organizations: { largest: string; median: string; small: string },
): Scenario[] {
  const scenarios: Scenario[] = [];
  const zones = ['UTC', 'Europe/Berlin'];

  for (const [name, organizationId] of Object.entries(organizations)) {
    for (const days of [7, 90, 365]) {
      for (const timezone of zones) {
        const target =
          days === 90 && name === 'median'
            ? 'median-90d'
            : days === 90 && name === 'largest'
              ? 'largest-90d'
              : undefined;
        scenarios.push({
          label: `${name} org, ${days} days, ${timezone}`,
          scope: { kind: 'organization', organizationId },
          parameters: { ...lastDays(end, days), timezone, granularity: 'day' },
          target,
        });
      }
    }
  }
  for (const days of [30, 365]) {
    for (const timezone of zones) {
      scenarios.push({
        label: `global, ${days} days, ${timezone}`,
        scope: { kind: 'global' },
        parameters: { ...lastDays(end, days), timezone, granularity: 'day' },
        target: days === 30 ? 'global-30d' : undefined,
      });
    }
  }

  const median = {
    kind: 'organization',
    organizationId: organizations.median,
  } as const;
  const ninety = lastDays(end, 90);
  const thirty = lastDays(end, 30);
  scenarios.push(
    {
      label: 'median org, 90 days, Asia/Kolkata',
      scope: median,
      parameters: { ...ninety, timezone: 'Asia/Kolkata', granularity: 'day' },
    },
    {
      label: 'global, 30 days, Asia/Kolkata',
      scope: { kind: 'global' },
      parameters: { ...thirty, timezone: 'Asia/Kolkata', granularity: 'day' },
    },
    {
      label: 'median org, 90 days, bounds to the second',
      scope: median,
      parameters: {
        startDate: `${ninety.startDate}T10:17:23`,
        endDate: `${ninety.endDate}T16:42:05`,
        timezone: 'UTC',
        granularity: 'day',
      },
    },
    {
      label: 'global, 30 days, bounds to the second',
      scope: { kind: 'global' },
      parameters: {
        startDate: `${thirty.startDate}T10:17:23`,
        endDate: `${thirty.endDate}T16:42:05`,
        timezone: 'UTC',
        granularity: 'day',
      },
    },
  );

  return scenarios;
}
