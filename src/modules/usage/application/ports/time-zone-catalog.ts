/** The time zone names the database can convert timestamps into. */
export abstract class TimeZoneCatalog {
  abstract has(name: string): Promise<boolean>;
}
