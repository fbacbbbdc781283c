import { UsageFilters } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { organizationIdOf, UsageScope } from '../domain/usage-scope';

/** Values bound as $1, $2, ... in the order they are added. */
export class BoundParameters {
  readonly values: unknown[] = [];

  bind(value: unknown): string {
    this.values.push(value);

    return `$${this.values.length}`;
  }
}

/**
 * Builds the WHERE conditions on `usage u` for a scope, range and filters.
 * Only conditions that apply are written, so the planner gets plain
 * comparisons that the (organization_id, created_at) and (created_at)
 * indexes serve. Every value is bound.
 */
export function usageConditions(
  parameters: BoundParameters,
  scope: UsageScope,
  range: UsageRange | null,
  filters: UsageFilters,
): string {
  const conditions: string[] = [];
  const organizationId = organizationIdOf(scope);
  if (organizationId !== null) {
    conditions.push(
      `u.organization_id = ${parameters.bind(organizationId)}::uuid`,
    );
  }
  if (range !== null) {
    conditions.push(
      `u.created_at >= ${parameters.bind(range.start)}::timestamptz`,
      `u.created_at < ${parameters.bind(range.end)}::timestamptz`,
    );
  }
  if (filters.provider !== undefined) {
    conditions.push(`u.provider = ${parameters.bind(filters.provider)}`);
  }
  if (filters.modelId !== undefined) {
    conditions.push(`u.model_id = ${parameters.bind(filters.modelId)}::uuid`);
  }

  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
}

/** Scope, range and filters of a query on `usage`. */
export interface UsageSelection {
  scope: UsageScope;
  range: UsageRange | null;
  filters: UsageFilters;
}

/** Builds the usageConditions of a query's scope, range and filters. */
export function selectionConditions(
  parameters: BoundParameters,
  selection: UsageSelection,
): string {
  const { scope, range, filters } = selection;

  return usageConditions(parameters, scope, range, filters);
}
