import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PendingUsageFolder } from '../application/ports/pending-usage.folder';

/**
 * Folds pending usage with fold_usage_pending(), which takes the rows out
 * of usage_pending and adds their sums to every rollup in the same
 * transaction, so a dashboard counts each record once, folded or not.
 */
@Injectable()
export class PostgresPendingUsageFolder extends PendingUsageFolder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async fold(maxRecords: number): Promise<number> {
    const [row] = await this.dataSource.query<{ folded: string }[]>(
      'SELECT fold_usage_pending($1) AS folded',
      [maxRecords],
    );

    return Number(row.folded);
  }
}
