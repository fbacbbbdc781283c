import { isActiveAt, UserUsageTotals, withActivity } from './user-usage';

describe('isActiveAt', () => {
  const now = new Date('2026-12-04T10:00:00.000Z');

  it('is false without any request', () => {
    expect(isActiveAt(null, now)).toBe(false);
  });

  it('is true exactly 30 days back', () => {
    expect(isActiveAt(new Date('2026-11-04T10:00:00.000Z'), now)).toBe(true);
  });

  it('is false just over 30 days back', () => {
    expect(isActiveAt(new Date('2026-11-04T09:59:59.999Z'), now)).toBe(false);
  });
});

describe('withActivity', () => {
  const now = new Date('2026-12-04T10:00:00.000Z');
  const totals = (deactivated: boolean): UserUsageTotals => ({
    userId: 'user-1',
    userName: 'Ada',
    userEmail: 'ada@acme.example',
    organizationId: 'org-1',
    organizationName: 'Acme',
    deactivated,
    tokens: 10,
    requests: 1,
    costs: [],
    lastActivity: new Date('2026-12-03T10:00:00.000Z'),
  });

  it('marks a recent user active', () => {
    expect(withActivity(totals(false), now).isActive).toBe(true);
  });

  it('marks a deactivated user inactive', () => {
    expect(withActivity(totals(true), now).isActive).toBe(false);
  });
});
