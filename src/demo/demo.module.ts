import { Module } from '@nestjs/common';
import { IamModule } from '../modules/iam/iam.module';
import { UsageCollectionModule } from '../modules/usage/usage-collection.module';
import { DemoDatabase } from './demo-database';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [IamModule, UsageCollectionModule],
  providers: [DemoDatabase, DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
