import { Injectable } from '@nestjs/common';
import { Model } from '../domain/model';
import { pairPrices } from '../domain/model-prices';
import { ModelRepository } from './ports/model.repository';

export interface CreateModelCommand {
  name: string;
  displayName: string;
  provider: string;
  /** Decimal strings per million tokens; both null for an unpriced model. */
  inputPricePerMillion: string | null;
  outputPricePerMillion: string | null;
  currency: string;
}

@Injectable()
export class CreateModelUseCase {
  constructor(private readonly models: ModelRepository) {}

  execute(command: CreateModelCommand): Promise<Model> {
    const prices = pairPrices(
      command.inputPricePerMillion,
      command.outputPricePerMillion,
    );

    return this.models.create({
      name: command.name,
      displayName: command.displayName,
      provider: command.provider,
      prices,
      currency: command.currency,
    });
  }
}
