import { Injectable } from '@nestjs/common';
import { Model } from '../domain/model';
import { ModelRepository } from './ports/model.repository';

@Injectable()
export class ListModelsUseCase {
  constructor(private readonly models: ModelRepository) {}

  execute(): Promise<Model[]> {
    return this.models.list();
  }
}
