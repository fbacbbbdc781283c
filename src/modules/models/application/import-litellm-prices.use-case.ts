import { Injectable } from '@nestjs/common';
import { formatAmount, Money } from '../../../common/domain/money';
import {
  LitellmModelPrice,
  parseLitellmPriceMap,
} from '../domain/litellm-price-map';
import { Model, ModelPrices } from '../domain/model';
import { ModelRepository } from './ports/model.repository';

// LiteLLM publishes its prices in US dollars.
const LITELLM_CURRENCY = 'USD';

export type LitellmPriceChange =
  | { kind: 'created'; name: string; provider: string; prices: ModelPrices }
  | {
      kind: 'updated';
      name: string;
      before: { prices: ModelPrices | null; currency: string };
      prices: ModelPrices;
    }
  | { kind: 'unchanged'; name: string }
  | { kind: 'skipped'; name: string; reason: string };

export interface ImportLitellmPricesCommand {
  /** Text of a model_prices_and_context_window.json file. */
  text: string;
  /** Computes the changes without writing any. */
  dryRun: boolean;
}

/**
 * Creates or updates catalog models by name from a LiteLLM price map. A new
 * model takes the name as display name and the normalized litellm_provider.
 * An existing model keeps its display name and provider, and only its
 * prices and currency (USD) change. Throws InvalidLitellmPriceMapError for
 * a file that is not a price map.
 */
@Injectable()
export class ImportLitellmPricesUseCase {
  constructor(private readonly models: ModelRepository) {}

  async execute(
    command: ImportLitellmPricesCommand,
  ): Promise<LitellmPriceChange[]> {
    const map = parseLitellmPriceMap(command.text);
    const byName = new Map(
      (await this.models.list()).map((model) => [model.name, model]),
    );
    const changes: LitellmPriceChange[] = [];

    // NOTE: each model is written on its own, so a failure midway leaves
    // the earlier models imported, and running the import again completes it.
    for (const price of map.prices) {
      const existing = byName.get(price.name);
      const change = changeOf(price, existing);
      if (!command.dryRun) await this.apply(change, price, existing);
      changes.push(change);
    }

    const skipped = map.skipped.map(({ name, reason }): LitellmPriceChange => ({
      kind: 'skipped',
      name,
      reason,
    }));

    return [...changes, ...skipped];
  }

  private async apply(
    change: LitellmPriceChange,
    price: LitellmModelPrice,
    existing: Model | undefined,
  ): Promise<void> {
    const prices = pricesOf(price);

    if (change.kind === 'created') {
      await this.models.create({
        name: price.name,
        displayName: price.name,
        provider: price.provider,
        prices,
        currency: LITELLM_CURRENCY,
      });
    } else if (change.kind === 'updated' && existing !== undefined) {
      await this.models.update(existing.id, {
        name: existing.name,
        displayName: existing.displayName,
        provider: existing.provider,
        prices,
        currency: LITELLM_CURRENCY,
      });
    }
  }
}

function pricesOf(price: LitellmModelPrice): ModelPrices {
  return {
    inputPricePerMillion: price.inputPricePerMillion,
    outputPricePerMillion: price.outputPricePerMillion,
  };
}

function changeOf(
  price: LitellmModelPrice,
  existing: Model | undefined,
): LitellmPriceChange {
  const prices = pricesOf(price);
  if (existing === undefined) {
    return {
      kind: 'created',
      name: price.name,
      provider: price.provider,
      prices,
    };
  }
  if (
    existing.currency === LITELLM_CURRENCY &&
    samePrices(existing.prices, prices)
  ) {
    return { kind: 'unchanged', name: price.name };
  }

  const before = existing.prices && {
    inputPricePerMillion: formatAmount(existing.prices.inputPricePerMillion),
    outputPricePerMillion: formatAmount(existing.prices.outputPricePerMillion),
  };

  return {
    kind: 'updated',
    name: price.name,
    before: { prices: before, currency: existing.currency },
    prices,
  };
}

/** Compares decimal values, so "2.500000000000" from the database equals "2.5". */
function samePrices(stored: ModelPrices | null, given: ModelPrices): boolean {
  return (
    stored !== null &&
    new Money(stored.inputPricePerMillion).equals(given.inputPricePerMillion) &&
    new Money(stored.outputPricePerMillion).equals(given.outputPricePerMillion)
  );
}
