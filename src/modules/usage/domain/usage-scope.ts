/** Whose usage a dashboard query covers: one organization, or all of them. */
export type UsageScope =
  { kind: 'organization'; organizationId: string } | { kind: 'global' };

/** The organization id of a scope, or null for the global scope. */
export function organizationIdOf(scope: UsageScope): string | null {
  return scope.kind === 'organization' ? scope.organizationId : null;
}
