import { Inject, Injectable } from '@nestjs/common';
import { APP_SETTINGS, AppSettings } from '../config/app-settings';
import { EnsureSuperAdminUseCase } from '../modules/iam/application/ensure-super-admin.use-case';
import { DemoSeeder } from '../demo/demo-seeder';

/**
 * Work done once at boot, after migrations: the configured super admin and,
 * on an empty database, the demo data. Returns lines for the console.
 */
@Injectable()
export class StartupService {
  constructor(
    @Inject(APP_SETTINGS) private readonly settings: AppSettings,
    private readonly ensureSuperAdmin: EnsureSuperAdminUseCase,
    private readonly demoSeeder: DemoSeeder,
  ) {}

  async run(): Promise<string[]> {
    const lines: string[] = [];

    if (this.settings.superAdmin !== undefined) {
      await this.ensureSuperAdmin.execute(this.settings.superAdmin);
      lines.push(`Super admin: ${this.settings.superAdmin.email}`);
    }
    if (this.settings.demoSeed) {
      lines.push(
        ...(await this.demoSeeder.seedIfEmpty(this.settings.demoPassword)),
      );
    }

    return lines;
  }
}
