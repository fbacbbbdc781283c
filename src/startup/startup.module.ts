import { Module } from '@nestjs/common';
import { DemoModule } from '../demo/demo.module';
import { IamModule } from '../modules/iam/iam.module';
import { StartupService } from './startup.service';

@Module({ imports: [IamModule, DemoModule], providers: [StartupService] })
export class StartupModule {}
