/**
 * Adds collected usage that is still pending to the rollups. Collection
 * commits each record with its raw row and leaves the rollups to folds,
 * which serve thousands of records at once.
 */
export abstract class PendingUsageFolder {
  /**
   * Folds up to `maxRecords` pending records in one transaction and
   * returns how many it folded: 0 when none is pending or another fold is
   * running.
   */
  abstract fold(maxRecords: number): Promise<number>;
}
