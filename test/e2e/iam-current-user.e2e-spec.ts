import request from 'supertest';
import {
  bearer,
  insertOrganization,
  insertUser,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('GET /api/auth/me', () => {
  let testApp: TestApp;
  let acme: OrganizationFixture;
  let admin: UserFixture;
  let superAdmin: UserFixture;

  beforeAll(async () => {
    testApp = await startTestApp('iam_current_user');
    acme = await insertOrganization(testApp.dataSource, 'Acme');
    const platform = await insertOrganization(testApp.dataSource, 'Platform');
    admin = await insertUser(testApp.dataSource, {
      organizationId: acme.id,
      email: 'Admin@Acme.test',
      name: 'Ada Admin',
      orgRole: 'admin',
    });
    superAdmin = await insertUser(testApp.dataSource, {
      organizationId: platform.id,
      email: 'root@platform.test',
      name: 'Root',
      orgRole: 'admin',
      systemRole: 'super_admin',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const me = (authorization?: string) => {
    const call = request(testApp.server).get('/api/auth/me');

    return authorization === undefined
      ? call
      : call.set('Authorization', authorization);
  };

  it('returns an org admin', async () => {
    const response = await me(bearer(admin));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: admin.id,
      email: 'admin@acme.test',
      name: 'Ada Admin',
      organizationId: acme.id,
      orgRole: 'admin',
      systemRole: null,
      isActive: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
      deactivatedAt: null,
    });
  });

  it('returns the system role', async () => {
    const response = await me(bearer(superAdmin));

    expect(response.status).toBe(200);
    expect(response.body.systemRole).toBe('super_admin');
    expect(response.body.name).toBe('Root');
  });

  it('rejects a missing token', async () => {
    const response = await me();

    expect(response.status).toBe(401);
    expect(response.body.message).toBe(
      'Missing Authorization header; send "Bearer <accessToken>"',
    );
  });
});
