import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ServiceMetrics } from './service-metrics';

/** Gauges of the TypeORM pg pool, read from the pool at each scrape. */
@Injectable()
export class DatabasePoolMetrics {
  constructor(
    metrics: ServiceMetrics,
    @InjectDataSource() dataSource: DataSource,
  ) {
    const pool = () => (dataSource.driver as PostgresDriver).master as Pool;
    const gauges = [
      ['db_pool_connections', 'Open connections of the pool', 'totalCount'],
      ['db_pool_idle_connections', 'Open connections not in use', 'idleCount'],
      [
        'db_pool_waiting_requests',
        'Queries waiting for a free connection',
        'waitingCount',
      ],
    ] as const;

    for (const [name, help, count] of gauges) {
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        collect() {
          this.set(pool()[count]);
        },
      });
    }
  }
}
