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
    const configured = this.settings.superAdmin;

    if (configured !== undefined) {
      await this.ensureSuperAdmin.execute(configured);
      lines.push(`Super admin: ${configured.email}`);
    }
    if (!this.settings.demoSeed) return lines;

    const seeded = await this.demoSeeder.seedIfEmpty(
      this.settings.demoPassword,
    );
    // The demo super admin, whose password is public, exists only in a
    // database this boot has just seeded, never in one holding real data.
    if (configured === undefined && seeded.length > 0) {
      await this.ensureSuperAdmin.execute({
        email: DEMO_SUPER_ADMIN_EMAIL,
        password: this.settings.demoPassword,
      });
      lines.push(
        `Super admin: ${DEMO_SUPER_ADMIN_EMAIL} (password from DEMO_PASSWORD)`,
      );
    }

    return [...lines, ...seeded];
  }
}
