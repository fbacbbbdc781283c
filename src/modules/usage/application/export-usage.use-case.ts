import { Injectable } from '@nestjs/common';
import { UsageRange } from '../domain/usage-range';
import { UsageScope } from '../domain/usage-scope';
import {
  ExportedUsageRecord,
  UsageExportReader,
} from './ports/usage-export.reader';
import {
  UsageQueryParameters,
  UsageQueryResolver,
} from './usage-query.resolver';

/** The range and filters of an export. Granularity has no meaning here, so it is left out. */
export type UsageExportParameters = Omit<UsageQueryParameters, 'granularity'>;

export interface UsageExport {
  scope: UsageScope;
  /** The range exported, null when no dates were given and no record matches. */
  range: UsageRange | null;
  /** Read lazily: nothing is queried until the first `next()`. */
  records: AsyncIterable<ExportedUsageRecord>;
}

/**
 * Exports every raw usage record of a range, without paging. Checks the
 * parameters and the organization first, so those errors come before any
 * record is read.
 */
@Injectable()
export class ExportUsageUseCase {
  constructor(
    private readonly resolver: UsageQueryResolver,
    private readonly reader: UsageExportReader,
  ) {}

  async execute(
    scope: UsageScope,
    parameters: UsageExportParameters,
  ): Promise<UsageExport> {
    const { range, filters } = await this.resolver.resolve(scope, parameters);

    return {
      scope,
      range,
      records: this.reader.read({ scope, range, filters }),
    };
  }
}
