import { insertOrganization } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  DEMO_SUPER_ADMIN_EMAIL,
  StartupService,
} from '../../src/startup/startup.service';

async function superAdminEmails(testApp: TestApp): Promise<string[]> {
  const rows: { email: string }[] = await testApp.dataSource.query(
    `SELECT email FROM users WHERE system_role = 'super_admin' ORDER BY email`,
  );

  return rows.map((row) => row.email);
}

describe('StartupService', () => {
  let testApp: TestApp | undefined;

  afterEach(async () => {
    await testApp?.close();
    testApp = undefined;
  });

  it('adds the demo super admin to a seeded database', async () => {
    testApp = await startTestApp('startup_demo', { DEMO_SEED: 'true' });

    const lines = await testApp.app.get(StartupService).run();

    expect(await superAdminEmails(testApp)).toEqual([DEMO_SUPER_ADMIN_EMAIL]);
    expect(lines[0]).toBe(
      `Super admin: ${DEMO_SUPER_ADMIN_EMAIL} (password from DEMO_PASSWORD)`,
    );
  });

  it('adds no demo super admin to existing data', async () => {
    testApp = await startTestApp('startup_existing', { DEMO_SEED: 'true' });
    await insertOrganization(testApp.dataSource, 'Real customer');

    const lines = await testApp.app.get(StartupService).run();

    expect(await superAdminEmails(testApp)).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('prefers the configured super admin', async () => {
    testApp = await startTestApp('startup_configured', {
      DEMO_SEED: 'true',
      SUPER_ADMIN_EMAIL: 'Root@Platform.Test',
      SUPER_ADMIN_PASSWORD: 'a-long-root-password',
    });

    const lines = await testApp.app.get(StartupService).run();

    expect(await superAdminEmails(testApp)).toEqual(['root@platform.test']);
    expect(lines[0]).toBe('Super admin: root@platform.test');
  });
});
