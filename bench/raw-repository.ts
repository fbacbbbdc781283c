import { Type } from '@nestjs/common';
import { PostgresUsageRepository } from '../src/modules/usage/infrastructure/postgres-usage.repository';

/** The repository that computes every answer straight from the raw usage table. */
export function rawUsageRepositoryClass(): Type<unknown> {
  return PostgresUsageRepository;
}
