import request from 'supertest';
import { SUPER_ADMIN_ORGANIZATION } from '../../src/modules/iam/application/ensure-super-admin.use-case';
import { StartupService } from '../../src/startup/startup.service';
import { startTestApp, TestApp } from '../support/test-app';

describe('super admin from the environment', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp('iam_bootstrap', {
      SUPER_ADMIN_EMAIL: 'Root@Example.test',
      SUPER_ADMIN_PASSWORD: 'boot-password-1',
      JWT_EXPIRES_IN: '90m',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const login = (email: string, password: string) =>
    request(testApp.server).post('/api/auth/login').send({ email, password });

  it('creates nothing before startup runs', async () => {
    const response = await login('root@example.test', 'boot-password-1');

    expect(response.status).toBe(401);
  });

  it('creates a super admin at startup', async () => {
    const lines = await testApp.app.get(StartupService).run();

    expect(lines).toEqual(['Super admin: root@example.test']);
    const rows = await testApp.dataSource.query(
      `SELECT u.email, u.org_role, u.system_role, o.name AS organization
       FROM users u JOIN organizations o ON o.id = u.organization_id`,
    );
    expect(rows).toEqual([
      {
        email: 'root@example.test',
        org_role: 'admin',
        system_role: 'super_admin',
        organization: SUPER_ADMIN_ORGANIZATION,
      },
    ]);
  });

  it('lets the super admin log in', async () => {
    const signIn = await login('ROOT@example.test', 'boot-password-1');
    expect(signIn.status).toBe(200);
    expect(signIn.body.expiresIn).toBe(5400);

    const response = await request(testApp.server)
      .get('/api/super-admin/organizations')
      .set('Authorization', `Bearer ${signIn.body.accessToken}`);

    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0].name).toBe(SUPER_ADMIN_ORGANIZATION);
    expect(response.body[0].memberCount).toBe(1);
  });

  it('creates no second user on the next boot', async () => {
    await testApp.app.get(StartupService).run();

    const rows = await testApp.dataSource.query(
      `SELECT count(*)::int AS users FROM users`,
    );
    expect(rows).toEqual([{ users: 1 }]);
  });
});
