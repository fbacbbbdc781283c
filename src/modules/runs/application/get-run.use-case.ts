import { Injectable } from '@nestjs/common';
import { Run } from '../domain/run';
import { RunNotFoundError } from '../domain/runs.errors';
import { RunRepository } from './ports/run.repository';

@Injectable()
export class GetRunUseCase {
  constructor(private readonly runs: RunRepository) {}

  /** Raises RunNotFoundError for a run of another organization too, so ids do not leak. */
  async execute(runId: string, organizationId: string): Promise<Run> {
    const run = await this.runs.findInOrganization(runId, organizationId);
    if (run === null) throw new RunNotFoundError(runId);

    return run;
  }
}
