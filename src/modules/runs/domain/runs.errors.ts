import { DomainError } from '../../../common/domain/domain-error';

export const RunsErrorCode = {
  unknownModel: 'runs.unknown_model',
  runNotFound: 'runs.run_not_found',
  providerNotConfigured: 'runs.provider_not_configured',
  inferenceFailed: 'runs.inference_failed',
  idempotencyKeyReused: 'runs.idempotency_key_reused',
  runInProgress: 'runs.run_in_progress',
} as const;

export class UnknownModelError extends DomainError {
  constructor(modelId: string) {
    super(
      RunsErrorCode.unknownModel,
      'not_found',
      `Model ${modelId} not found`,
      [
        {
          field: 'modelId',
          message: 'must be the id of a model listed by GET /api/models',
        },
      ],
    );
  }
}

export class RunNotFoundError extends DomainError {
  constructor(runId: string) {
    super(RunsErrorCode.runNotFound, 'not_found', `Run ${runId} not found`);
  }
}

/** No endpoint is configured for the provider and simulation is off. */
export class ProviderNotConfiguredError extends DomainError {
  constructor(provider: string, variable: string) {
    super(
      RunsErrorCode.providerNotConfigured,
      'unavailable',
      `No inference endpoint is configured for provider ${provider}; set ${variable}, or set INFERENCE_SIMULATE_UNCONFIGURED=true to simulate it`,
    );
  }
}

/** The provider failed, timed out or returned a response without usage. */
export class InferenceFailedError extends DomainError {
  constructor(message: string) {
    super(RunsErrorCode.inferenceFailed, 'upstream_failed', message);
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor(runId: string, modelId: string) {
    super(
      RunsErrorCode.idempotencyKeyReused,
      'conflict',
      `This Idempotency-Key was used for run ${runId} of model ${modelId}; send a new key for a different request`,
      [
        {
          field: 'Idempotency-Key',
          message:
            'must be new for a request with a different modelId or input',
        },
      ],
    );
  }
}

export class RunInProgressError extends DomainError {
  constructor(runId: string) {
    super(
      RunsErrorCode.runInProgress,
      'conflict',
      `Run ${runId} with this Idempotency-Key is still in progress; retry later with the same key`,
    );
  }
}
