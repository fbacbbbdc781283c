import { Inject, Injectable } from '@nestjs/common';
import { APP_SETTINGS, AppSettings } from '../config/app-settings';
import { EnsureSuperAdminUseCase } from '../modules/iam/application/ensure-super-admin.use-case';
import { DemoSeeder } from '../demo/demo-seeder';

/** Super admin of the demo when SUPER_ADMIN_EMAIL is not set; its password is DEMO_PASSWORD. */
export const DEMO_SUPER_ADMIN_EMAIL = 'superadmin@platform.example';

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
    const superAdmin =
      this.settings.superAdmin ??
      (this.settings.demoSeed
        ? {
            email: DEMO_SUPER_ADMIN_EMAIL,
            password: this.settings.demoPassword,
          }
        : undefined);

    if (superAdmin !== undefined) {
      await this.ensureSuperAdmin.execute(superAdmin);
      lines.push(
        this.settings.superAdmin === undefined
          ? `Super admin: ${superAdmin.email} (password from DEMO_PASSWORD)`
          : `Super admin: ${superAdmin.email}`,
      );
    }
    if (this.settings.demoSeed) {
      lines.push(
        ...(await this.demoSeeder.seedIfEmpty(this.settings.demoPassword)),
      );
    }

    return lines;
  }
}
