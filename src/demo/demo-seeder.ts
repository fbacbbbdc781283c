import { Injectable } from '@nestjs/common';

/** Seeds demo organizations, users, models and usage on an empty database. */
@Injectable()
export class DemoSeeder {
  async seedIfEmpty(_password: string): Promise<string[]> {
    return [];
  }
}
