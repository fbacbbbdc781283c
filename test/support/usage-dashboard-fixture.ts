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

/**
 * A small hand-computed data set for the dashboard tests.
 *
 * Acme (3 users) in March 2026, times in UTC:
 *   03-01 10:00  alice  gpt-4o    openai     100+50  = 150  USD 0.0015
 *   03-01 23:30  bob    claude    anthropic  200+100 = 300  EUR 0.0045
 *   03-02 12:00  alice  mistral   mistral     50+50  = 100  unpriced (EUR)
 *   03-02 12:30  (none) gpt-mini  openai      30+20  =  50  USD 0.0001
 *   03-03 08:00  carol  llama     meta       100+50  = 150  USD 0.00025
 * Totals: 750 tokens (480 in, 270 out), 5 requests, 3 active users,
 * USD 0.00185 and EUR 0.0045, 1 unpriced request. gpt-4o and llama tie
 * at 150 tokens; the catalog renamed gpt-4o after its usage was stored.
 *
 * Globex (2 users):
 *   03-02 09:00  gina    gpt-4o  openai     1000+500 = 1500  USD 0.015
 *   03-05 00:00  gadmin  claude  anthropic   100+100 =  200  EUR 0.003
 *
 * Hamburg (1 user), around the Europe/Berlin daylight-saving days:
 *   03-29 00:30Z (01:30+01:00)  10 tokens
 *   03-29 01:30Z (03:30+02:00)  20
 *   03-29 21:59Z (23:59+02:00)  30
 *   03-29 22:00Z (03-30 00:00+02:00)  40
 *   10-25 00:30Z (02:30+02:00)  1
 *   10-25 01:30Z (02:30+01:00)  2
 *   10-25 22:30Z (23:30+01:00)  3
 * all gpt-mini, input tokens only, USD 0.
 *
 * Platform (1 user) is the super admin's organization, without usage.
 * All users: 3 + 2 + 1 + 1 = 7.
 */
export interface UsageDashboardFixture {
  acme: OrganizationFixture;
  globex: OrganizationFixture;
  hamburg: OrganizationFixture;
  platform: OrganizationFixture;
  users: Record<
    'alice' | 'bob' | 'carol' | 'gadmin' | 'gina' | 'hans' | 'root',
    UserFixture
  >;
  models: Record<
    'gpt4o' | 'claude' | 'mistral' | 'gptMini' | 'llama',
    ModelFixture
  >;
}

async function insertModels(dataSource: DataSource) {
  return {
    gpt4o: await insertModel(dataSource, {
      name: 'gpt-4o',
      displayName: 'GPT-4o',
      provider: 'openai',
      inputPricePerMillion: '10',
      outputPricePerMillion: '10',
    }),
    claude: await insertModel(dataSource, {
      name: 'claude-sonnet',
      displayName: 'Claude Sonnet',
      provider: 'anthropic',
      inputPricePerMillion: '15',
      outputPricePerMillion: '15',
      currency: 'EUR',
    }),
    mistral: await insertModel(dataSource, {
      name: 'mistral-small',
      displayName: 'Mistral Small',
      provider: 'mistral',
      currency: 'EUR',
    }),
    gptMini: await insertModel(dataSource, {
      name: 'gpt-mini',
      displayName: 'GPT Mini',
      provider: 'openai',
      inputPricePerMillion: '2',
      outputPricePerMillion: '2',
    }),
    llama: await insertModel(dataSource, {
      name: 'llama-3',
      displayName: 'Llama',
      provider: 'meta',
      inputPricePerMillion: '1.6666666666',
      outputPricePerMillion: '1.6666666666',
    }),
  };
}

export async function insertUsageDashboardFixture(
  dataSource: DataSource,
): Promise<UsageDashboardFixture> {
  const acme = await insertOrganization(dataSource, 'Acme');
  const globex = await insertOrganization(dataSource, 'Globex');
  const hamburg = await insertOrganization(dataSource, 'Hamburg');
  const platform = await insertOrganization(dataSource, 'Platform');
  const user = (
    organizationId: string,
    email: string,
    orgRole: 'admin' | 'member',
  ) => insertUser(dataSource, { organizationId, email, orgRole });
  const users = {
    alice: await user(acme.id, 'alice@acme.test', 'admin'),
    bob: await user(acme.id, 'bob@acme.test', 'member'),
    carol: await user(acme.id, 'carol@acme.test', 'member'),
    gadmin: await user(globex.id, 'gadmin@globex.test', 'admin'),
    gina: await user(globex.id, 'gina@globex.test', 'member'),
    hans: await user(hamburg.id, 'hans@hamburg.test', 'admin'),
    root: await insertUser(dataSource, {
      organizationId: platform.id,
      email: 'root@platform.test',
      orgRole: 'admin',
      systemRole: 'super_admin',
    }),
  };
  const models = await insertModels(dataSource);

  const { alice, bob, carol, gadmin, gina, hans } = users;
  const { gpt4o, claude, mistral, gptMini, llama } = models;
  type Row = [
    OrganizationFixture,
    UserFixture | null,
    ModelFixture,
    number,
    number,
    string | null,
    string,
  ];
  // prettier-ignore
  const rows: Row[] = [
    [acme, alice, gpt4o, 100, 50, '0.0015', '2026-03-01T10:00:00Z'],
    [acme, bob, claude, 200, 100, '0.0045', '2026-03-01T23:30:00Z'],
    [acme, alice, mistral, 50, 50, null, '2026-03-02T12:00:00Z'],
    [acme, null, gptMini, 30, 20, '0.0001', '2026-03-02T12:30:00Z'],
    [acme, carol, llama, 100, 50, '0.00025', '2026-03-03T08:00:00Z'],
    [globex, gina, gpt4o, 1000, 500, '0.015', '2026-03-02T09:00:00Z'],
    [globex, gadmin, claude, 100, 100, '0.003', '2026-03-05T00:00:00Z'],
    [hamburg, hans, gptMini, 10, 0, '0', '2026-03-29T00:30:00Z'],
    [hamburg, hans, gptMini, 20, 0, '0', '2026-03-29T01:30:00Z'],
    [hamburg, hans, gptMini, 30, 0, '0', '2026-03-29T21:59:00Z'],
    [hamburg, hans, gptMini, 40, 0, '0', '2026-03-29T22:00:00Z'],
    [hamburg, hans, gptMini, 1, 0, '0', '2026-10-25T00:30:00Z'],
    [hamburg, hans, gptMini, 2, 0, '0', '2026-10-25T01:30:00Z'],
    [hamburg, hans, gptMini, 3, 0, '0', '2026-10-25T22:30:00Z'],
  ];
  for (const [organization, member, model, input, output, cost, at] of rows) {
    await insertUsage(dataSource, {
      organizationId: organization.id,
      userId: member?.id ?? null,
      model,
      inputTokens: input,
      outputTokens: output,
      cost,
      createdAt: at,
    });
  }

  // The catalog renames gpt-4o after its usage was collected.
  await dataSource.query(
    `UPDATE models SET name = 'gpt-4o-2024', display_name = 'GPT-4o (2024)' WHERE id = $1`,
    [gpt4o.id],
  );

  return { acme, globex, hamburg, platform, users, models };
}
