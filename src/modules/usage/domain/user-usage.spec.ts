import { isActiveAt } from './user-usage';

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
