/** The time zone names the database can convert timestamps into. */
export abstract class TimeZoneCatalog {
  /**
   * Returns the database's own spelling of a zone name matched in any
   * letter case, as in Europe/Berlin for europe/berlin, or null when the
   * database has no such zone.
   */
  abstract canonicalName(name: string): Promise<string | null>;
}
