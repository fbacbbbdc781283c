import { DataSource } from 'typeorm';
import {
  insertModel,
  insertOrganization,
  insertUsage,
  insertUser,
  ModelFixture,
  OrganizationFixture,
  UserFixture,
} from './fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Returns midnight UTC of the day `days` days before today. */
export function dayStart(days: number, now = new Date()): Date {
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );

  return new Date(today - days * DAY_MS);
}

/** Returns noon UTC of the day `days` days before today. */
export function noonOf(days: number, now = new Date()): Date {
  return new Date(dayStart(days, now).getTime() + DAY_MS / 2);
}

export interface UserUsageFixture {
  acme: OrganizationFixture;
  globex: OrganizationFixture;
  users: Record<
    'alice' | 'bob' | 'carol' | 'dan' | 'eve' | 'frank' | 'gina' | 'gina2',
    UserFixture
  >;
  models: Record<'gpt' | 'claude' | 'local', ModelFixture>;
  /** The usage of the range [dayStart(20), dayStart(1)) is hand-computed in the tests. */
  range: { start: Date; end: Date };
  /** Latest request of each user, whatever the range. */
  lastActivity: Record<string, Date | null>;
}

async function insertUsers(
  dataSource: DataSource,
  acme: string,
  globex: string,
) {
  const user = (organizationId: string, email: string, name: string) =>
    insertUser(dataSource, { organizationId, email, name });

  return {
    alice: await insertUser(dataSource, {
      organizationId: acme,
      email: 'alice@acme.test',
      name: 'Alice Martin',
      orgRole: 'admin',
    }),
    bob: await user(acme, 'bob@acme.test', 'Bob 100% Real'),
    carol: await insertUser(dataSource, {
      organizationId: acme,
      email: 'carol@acme.test',
      name: 'Carol_Dee',
      deactivated: true,
    }),
    // Lower case, so COLLATE "C" sorts it after every capitalized name.
    dan: await user(acme, 'dan@acme.test', 'dan without usage'),
    eve: await user(acme, 'eve@acme.test', 'Eve Old'),
    frank: await user(acme, 'frank@acme.test', 'Frank \\ Slash'),
    gina: await user(globex, 'gina@globex.test', 'Gina'),
    gina2: await user(globex, 'gina2@globex.test', 'Gina'),
  };
}

async function insertModels(dataSource: DataSource) {
  return {
    gpt: await insertModel(dataSource, {
      name: 'gpt-x',
      provider: 'openai',
      inputPricePerMillion: '5',
      outputPricePerMillion: '20',
      currency: 'USD',
    }),
    claude: await insertModel(dataSource, {
      name: 'claude-y',
      provider: 'anthropic',
      inputPricePerMillion: '30',
      outputPricePerMillion: '150',
      currency: 'EUR',
    }),
    local: await insertModel(dataSource, {
      name: 'local-z',
      provider: 'local',
      currency: 'USD',
    }),
  };
}

/**
 * Inserts two organizations and their usage. Costs follow the model prices:
 * gpt-x 5/20 USD and claude-y 30/150 EUR per million input/output tokens,
 * and local-z is unpriced. Every request is at noon UTC, except Alice's latest,
 * twelve hours before `now`.
 */
export async function insertUserUsageFixture(
  dataSource: DataSource,
  now = new Date(),
): Promise<UserUsageFixture> {
  const acme = await insertOrganization(dataSource, 'Acme');
  const globex = await insertOrganization(dataSource, 'Globex');
  const users = await insertUsers(dataSource, acme.id, globex.id);
  const models = await insertModels(dataSource);
  const aliceLatest = new Date(now.getTime() - DAY_MS / 2);

  const records: [
    UserFixture | null,
    OrganizationFixture,
    ModelFixture,
    number,
    number,
    string | null,
    Date,
  ][] = [
    [users.alice, acme, models.gpt, 100, 50, '0.0015', noonOf(3, now)],
    [users.alice, acme, models.claude, 200, 100, '0.021', noonOf(5, now)],
    [users.alice, acme, models.gpt, 1000, 0, '0.005', aliceLatest],
    [users.bob, acme, models.gpt, 500, 500, '0.0125', noonOf(10, now)],
    [users.bob, acme, models.local, 10, 20, null, noonOf(4, now)],
    [users.carol, acme, models.claude, 40, 10, '0.0027', noonOf(15, now)],
    [users.eve, acme, models.gpt, 700, 0, '0.0035', noonOf(40, now)],
    [users.frank, acme, models.gpt, 1000, 30, '0.0056', noonOf(6, now)],
    [users.gina, globex, models.gpt, 10, 10, '0.00025', noonOf(2, now)],
    // A service account's usage belongs to no user.
    [null, acme, models.gpt, 100, 100, '0.0025', noonOf(3, now)],
  ];
  for (const [
    user,
    organization,
    model,
    inputTokens,
    outputTokens,
    cost,
    createdAt,
  ] of records) {
    await insertUsage(dataSource, {
      organizationId: organization.id,
      userId: user?.id ?? null,
      model,
      inputTokens,
      outputTokens,
      cost,
      createdAt: createdAt.toISOString(),
    });
  }

  return {
    acme,
    globex,
    users,
    models,
    range: { start: dayStart(20, now), end: dayStart(1, now) },
    lastActivity: {
      [users.alice.id]: aliceLatest,
      [users.bob.id]: noonOf(4, now),
      [users.carol.id]: noonOf(15, now),
      [users.dan.id]: null,
      [users.eve.id]: noonOf(40, now),
      [users.frank.id]: noonOf(6, now),
      [users.gina.id]: noonOf(2, now),
      [users.gina2.id]: null,
    },
  };
}

/** Compares uuids as PostgreSQL orders them (byte order of the lower-case hex). */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;

  return a < b ? -1 : 1;
}

/** Flattens groups of tied users, each group ordered by id ascending. */
export function orderWithTies(
  groups: (UserFixture | UserFixture[])[],
): string[] {
  return groups.flatMap((group) =>
    Array.isArray(group)
      ? group.map((user) => user.id).sort(compareIds)
      : [group.id],
  );
}
