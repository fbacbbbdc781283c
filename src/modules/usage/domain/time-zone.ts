import { IANAZone } from 'luxon';

export const DEFAULT_TIME_ZONE = 'UTC';

// Area/Location, optionally with more parts (America/Argentina/Salta).
// Abbreviations such as EST and offsets such as UTC+5 have no slash, so
// this form rejects them even where Intl and PostgreSQL know the name.
const AREA_LOCATION = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;

export const TIME_ZONE_HINT =
  'must be an IANA time zone name in Area/Location form, such as Europe/Berlin or Asia/Kolkata, or UTC';

/**
 * Checks the form of a time zone name and that Node's Intl supports it,
 * in any letter case, as both Intl and PostgreSQL read zone names. The
 * database's own list is checked separately, because it needs a query.
 */
export function isSupportedTimeZoneName(name: string): boolean {
  if (name.toUpperCase() === DEFAULT_TIME_ZONE) return true;
  if (!AREA_LOCATION.test(name)) return false;

  return IANAZone.isValidZone(name);
}
