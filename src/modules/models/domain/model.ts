/** Prices of one model, per million tokens, as decimal strings. */
export interface ModelPrices {
  inputPricePerMillion: string;
  outputPricePerMillion: string;
}

/** A model of the catalog. An unpriced model has `prices` null. */
export interface Model {
  id: string;
  /** The name sent to the provider's API, for example `gpt-4o-mini`. */
  name: string;
  displayName: string;
  /** Lower-case slug of the provider, for example `openai`. */
  provider: string;
  prices: ModelPrices | null;
  /** ISO 4217 code of the prices. */
  currency: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewModel {
  name: string;
  displayName: string;
  provider: string;
  prices: ModelPrices | null;
  currency: string;
}

/**
 * The fields a super admin may change; an absent field keeps its value and
 * a null price clears it.
 */
export interface ModelChanges {
  name?: string;
  displayName?: string;
  provider?: string;
  inputPricePerMillion?: string | null;
  outputPricePerMillion?: string | null;
  currency?: string;
}
