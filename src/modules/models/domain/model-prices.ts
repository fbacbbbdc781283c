import { IncompletePricesError } from './models.errors';
import { ModelChanges, ModelPrices } from './model';

/**
 * Pairs an input and an output price per million tokens. Both null means an
 * unpriced model; exactly one null throws IncompletePricesError.
 */
export function pairPrices(
  inputPricePerMillion: string | null,
  outputPricePerMillion: string | null,
): ModelPrices | null {
  if (inputPricePerMillion === null && outputPricePerMillion === null) {
    return null;
  }
  if (inputPricePerMillion === null) {
    throw new IncompletePricesError(
      'inputPricePerMillion',
      'outputPricePerMillion',
    );
  }
  if (outputPricePerMillion === null) {
    throw new IncompletePricesError(
      'outputPricePerMillion',
      'inputPricePerMillion',
    );
  }

  return { inputPricePerMillion, outputPricePerMillion };
}

/** Applies the price fields of a change to the current prices. */
export function changePrices(
  current: ModelPrices | null,
  changes: ModelChanges,
): ModelPrices | null {
  const input =
    changes.inputPricePerMillion === undefined
      ? (current?.inputPricePerMillion ?? null)
      : changes.inputPricePerMillion;
  const output =
    changes.outputPricePerMillion === undefined
      ? (current?.outputPricePerMillion ?? null)
      : changes.outputPricePerMillion;

  return pairPrices(input, output);
}
