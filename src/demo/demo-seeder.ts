import { Injectable, Logger } from '@nestjs/common';
import { OrganizationRepository } from '../modules/iam/application/ports/organization.repository';
import { PasswordHasher } from '../modules/iam/application/ports/password-hasher';
import { UserRepository } from '../modules/iam/application/ports/user.repository';
import { CollectUsageCommand } from '../modules/usage/application/collect-usage.command';
import { CollectUsageUseCase } from '../modules/usage/application/collect-usage.use-case';
import {
  DEMO_MODELS,
  DEMO_ORGANIZATIONS,
  DEMO_USER_COUNT,
  DemoOrganization,
} from './demo-catalog';
import { DemoDatabase } from './demo-database';
import { generateDemoUsage, SeededOrganization } from './demo-usage-generator';

/** Days of usage the demo covers, up to the time of seeding. */
export const DEMO_DAYS = 60;
/** Seed of the usage generator; a fixed one makes every demo alike. */
export const DEMO_RANDOM_SEED = 20240917;

const DAY_MS = 86_400_000;
const BATCH_SIZE = 1000;

/** Seeds demo organizations, users, models and usage on an empty database. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly database: DemoDatabase,
    private readonly organizations: OrganizationRepository,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly collectUsage: CollectUsageUseCase,
  ) {}

  /**
   * Seeds only when the database had no usage and no organization besides
   * the super admins' one when the first seed began. Returns the console
   * lines naming the demo logins, or none when it did nothing. `now` is
   * the end of the usage.
   *
   * Every step finds what a stopped seed already wrote: organizations by
   * name, users by email and records by request id. The end of the usage
   * is kept from the first attempt, so the generator yields the same
   * records and the next boot completes a seed stopped halfway.
   */
  async seedIfEmpty(password: string, now = new Date()): Promise<string[]> {
    await this.database.claimSeed(now);
    const lock = await this.database.lockSeed();
    try {
      if (lock.state === null || lock.state.completed) return [];

      const lines = await this.seed(password, lock.state.usageEnd);
      await lock.complete();

      return lines;
    } finally {
      await lock.release();
    }
  }

  private async seed(password: string, end: Date): Promise<string[]> {
    const startedAt = Date.now();
    const passwordHash = await this.hasher.hash(password);
    const modelIds = await this.database.ensureModels(DEMO_MODELS);
    const seeded: SeededOrganization[] = [];
    for (const definition of DEMO_ORGANIZATIONS) {
      seeded.push(await this.ensureOrganization(definition, passwordHash));
    }

    const start = new Date(end.getTime() - DEMO_DAYS * DAY_MS);
    const records = await this.storeUsage(
      generateDemoUsage(seeded, modelIds, start, end, DEMO_RANDOM_SEED),
    );
    this.logger.log(
      `Seeded ${records} demo usage records in ${Date.now() - startedAt} ms`,
    );

    return describeSeed(records);
  }

  private async ensureOrganization(
    definition: DemoOrganization,
    passwordHash: string,
  ): Promise<SeededOrganization> {
    const organization =
      (await this.organizations.findByName(definition.name)) ??
      (await this.organizations.create(definition.name));
    const userIds: string[] = [];

    for (const localPart of ['admin', ...definition.members]) {
      const email = `${localPart}@${definition.domain}`;
      const existing = await this.users.findCredentialsByEmail(email);
      const user =
        existing?.user ??
        (await this.users.create({
          organizationId: organization.id,
          email,
          name:
            localPart === 'admin'
              ? `${definition.name} admin`
              : capitalize(localPart),
          passwordHash,
          orgRole: localPart === 'admin' ? 'admin' : 'member',
          systemRole: null,
        }));
      userIds.push(user.id);
    }

    return { definition, organizationId: organization.id, userIds };
  }

  /** Collects the usage in batches and returns how many records were stored. */
  private async storeUsage(
    usage: Iterable<CollectUsageCommand>,
  ): Promise<number> {
    let batch: CollectUsageCommand[] = [];
    let stored = 0;

    for (const command of usage) {
      batch.push(command);
      if (batch.length < BATCH_SIZE) continue;

      stored += (await this.collectUsage.executeBatch(batch)).length;
      batch = [];
    }
    stored += (await this.collectUsage.executeBatch(batch)).length;

    return stored;
  }
}

function describeSeed(records: number): string[] {
  return [
    `Seeded demo data: ${DEMO_ORGANIZATIONS.length} organizations, ${DEMO_USER_COUNT} users, ` +
      `${DEMO_MODELS.length} models, ${records} usage records over the last ${DEMO_DAYS} days`,
    ...DEMO_ORGANIZATIONS.map(
      (organization) =>
        `Demo login: admin@${organization.domain} (admin of ${organization.name}); members such as ${organization.members[0]}@${organization.domain}`,
    ),
    'Demo password: the value of DEMO_PASSWORD (default "demo-password")',
  ];
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
