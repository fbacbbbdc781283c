import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
} from 'prom-client';

/**
 * The service's Prometheus metrics, in a registry of their own rather than
 * prom-client's global one, so each application instance (one per e2e
 * test file) starts from zero.
 */
@Injectable()
export class ServiceMetrics {
  readonly registry = new Registry();

  /** Labelled by the route pattern, such as /api/super-admin/usage/:orgId/stats, never the raw URL. */
  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests, from arrival to the end of the response',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  readonly usageRecordsCollected = new Counter({
    name: 'usage_records_collected_total',
    help: 'Usage records collected: created, or duplicate when the request id was already stored',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly usageCollectionDuration = new Histogram({
    name: 'usage_collection_duration_seconds',
    help: 'Duration of one collection call (one record or one batch) until committed or rejected',
    labelNames: ['operation', 'result'] as const,
    registers: [this.registry],
  });

  readonly usageRecordsFolded = new Counter({
    name: 'usage_records_folded_total',
    help: 'Pending usage records that folds added to the rollups',
    registers: [this.registry],
  });

  readonly usageFoldDuration = new Histogram({
    name: 'usage_fold_duration_seconds',
    help: 'Duration of one fold of pending usage into the rollups: folded (some records), empty (none pending, or another fold running) or failed',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
