import { isSupportedTimeZoneName } from './time-zone';

describe('isSupportedTimeZoneName', () => {
  it.each([
    'UTC',
    'Europe/Berlin',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'America/Argentina/Buenos_Aires',
    'America/Port-au-Prince',
    'Etc/GMT+5',
    'utc',
    'europe/berlin',
    'ASIA/KOLKATA',
  ])('accepts %s', (name) => {
    expect(isSupportedTimeZoneName(name)).toBe(true);
  });

  it.each([
    'EST',
    'CET',
    'GMT',
    'Z',
    'UTC+5',
    'UTC+05:00',
    '+05:30',
    'Europe/Atlantis',
    'Europe/',
    '/Berlin',
    '',
  ])('rejects %j', (name) => {
    expect(isSupportedTimeZoneName(name)).toBe(false);
  });
});
