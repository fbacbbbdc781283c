import request from 'supertest';
import {
  bearer,
  FIXTURE_PASSWORD,
  insertModel,
  insertOrganization,
  insertUsage,
  insertUser,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const UNKNOWN_ID = '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';
const UUID_MESSAGE =
  'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';
type Method = 'get' | 'post' | 'delete';
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('IAM super admin routes', () => {
  let testApp: TestApp;
  let acme: OrganizationFixture;
  let platform: OrganizationFixture;
  let root: UserFixture;
  let orgAdmin: UserFixture;
  let member: UserFixture;

  beforeAll(async () => {
    testApp = await startTestApp('iam_super_admin');
    acme = await insertOrganization(testApp.dataSource, 'Acme');
    platform = await insertOrganization(testApp.dataSource, 'Platform');
    root = await insertUser(testApp.dataSource, {
      organizationId: platform.id,
      email: 'root@platform.test',
      orgRole: 'admin',
      systemRole: 'super_admin',
    });
    orgAdmin = await insertUser(testApp.dataSource, {
      organizationId: acme.id,
      email: 'admin@acme.test',
      orgRole: 'admin',
    });
    member = await insertUser(testApp.dataSource, {
      organizationId: acme.id,
      email: 'member@acme.test',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const http = () => request(testApp.server);
  const createdAtOf = async (table: string, id: string): Promise<string> => {
    const rows: { created_at: Date }[] = await testApp.dataSource.query(
      `SELECT created_at FROM ${table} WHERE id = $1`,
      [id],
    );

    return rows[0].created_at.toISOString();
  };
  const login = (email: string, password: string) =>
    http().post('/api/auth/login').send({ email, password });

  describe('access', () => {
    const routes: [Method, string, object | null][] = [
      ['get', '/api/super-admin/organizations', null],
      ['post', '/api/super-admin/organizations', { name: 'Blocked' }],
      [
        'post',
        `/api/super-admin/organizations/${UNKNOWN_ID}/users`,
        { email: 'x@x.test', name: 'X', password: 'password1' },
      ],
      ['delete', `/api/super-admin/users/${UNKNOWN_ID}`, null],
    ];
    const send = (method: Method, path: string, body: object | null) => {
      const call = http()[method](path);

      return body === null ? call : call.send(body);
    };

    it.each(routes)(
      'rejects %s %s without a token',
      async (method, path, body) => {
        const response = await send(method, path, body);

        expect(response.status).toBe(401);
      },
    );

    it.each(routes)(
      'rejects %s %s for a member',
      async (method, path, body) => {
        const response = await send(method, path, body).set(
          'Authorization',
          bearer(member),
        );

        expect(response.status).toBe(403);
        expect(response.body.message).toBe(
          'This route requires the system role super_admin',
        );
      },
    );

    it.each(routes)(
      'rejects %s %s for an org admin',
      async (method, path, body) => {
        const response = await send(method, path, body).set(
          'Authorization',
          bearer(orgAdmin),
        );

        expect(response.status).toBe(403);
      },
    );

    it('checks the role before the parameters', async () => {
      const response = await http()
        .delete('/api/super-admin/users/not-a-uuid')
        .set('Authorization', bearer(member));

      expect(response.status).toBe(403);
    });
  });

  describe('organizations', () => {
    it('lists organizations with member counts', async () => {
      const response = await http()
        .get('/api/super-admin/organizations')
        .set('Authorization', bearer(root));

      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        {
          id: acme.id,
          name: 'Acme',
          memberCount: 2,
          createdAt: await createdAtOf('organizations', acme.id),
        },
        {
          id: platform.id,
          name: 'Platform',
          memberCount: 1,
          createdAt: await createdAtOf('organizations', platform.id),
        },
      ]);
    });

    it('creates an organization', async () => {
      const response = await http()
        .post('/api/super-admin/organizations')
        .set('Authorization', bearer(root))
        .send({ name: '  Globex  ' });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Globex',
        memberCount: 0,
        createdAt: await createdAtOf('organizations', response.body.id),
      });
    });

    it('names the stored organization on conflict', async () => {
      const response = await http()
        .post('/api/super-admin/organizations')
        .set('Authorization', bearer(root))
        .send({ name: 'ACME' });

      expect(response.status).toBe(409);
      expect(response.body.message).toBe(
        'An organization named "Acme" already exists',
      );
      expect(response.body.details).toEqual([
        { field: 'name', message: 'is already in use; choose another name' },
      ]);
    });

    it.each([
      [{}, 'is required'],
      [{ name: '   ' }, 'must not be empty'],
      [{ name: 7 }, 'must be a string'],
      [{ name: 'n'.repeat(201) }, 'must be at most 200 characters long'],
      [
        { name: 'Acme \ud800' },
        'must be valid Unicode text without lone surrogates such as \\ud800',
      ],
      [
        { name: ['Acme'] },
        'must be a single value, not a list or a repeated parameter',
      ],
    ])('rejects organization body %j', async (body, message) => {
      const response = await http()
        .post('/api/super-admin/organizations')
        .set('Authorization', bearer(root))
        .send(body);

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'name', message }]);
    });
  });

  describe('creating users', () => {
    const createUser = (organizationId: string, body: object) =>
      http()
        .post(`/api/super-admin/organizations/${organizationId}/users`)
        .set('Authorization', bearer(root))
        .send(body);

    it('creates a member who can log in', async () => {
      const response = await createUser(acme.id, {
        email: 'Ada@Acme.test',
        name: 'Ada Lovelace',
        password: 'analytical-engine',
      });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        organizationId: acme.id,
        email: 'ada@acme.test',
        name: 'Ada Lovelace',
        orgRole: 'member',
        systemRole: null,
        isActive: true,
        deactivatedAt: null,
        createdAt: await createdAtOf('users', response.body.id),
      });
      const signIn = await login('ada@acme.test', 'analytical-engine');
      expect(signIn.status).toBe(200);
    });

    it('creates an admin with a system role', async () => {
      const response = await createUser(platform.id, {
        email: 'ops@platform.test',
        name: 'Ops',
        password: '12345678',
        orgRole: 'admin',
        systemRole: 'super_admin',
      });

      expect(response.status).toBe(201);
      expect(response.body.orgRole).toBe('admin');
      expect(response.body.systemRole).toBe('super_admin');
      const rows = await testApp.dataSource.query(
        `SELECT org_role, system_role FROM users WHERE id = $1`,
        [response.body.id],
      );
      expect(rows).toEqual([{ org_role: 'admin', system_role: 'super_admin' }]);
    });

    it('stores a scrypt hash, never the password', async () => {
      const response = await createUser(acme.id, {
        email: 'hash@acme.test',
        name: 'Hash',
        password: 'plain-text-pass',
      });

      const rows: { password_hash: string }[] = await testApp.dataSource.query(
        `SELECT password_hash FROM users WHERE id = $1`,
        [response.body.id],
      );
      expect(rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(JSON.stringify(response.body)).not.toContain('plain-text-pass');
      expect(JSON.stringify(response.body)).not.toContain('scrypt');
    });

    it('rejects a duplicate email ignoring case', async () => {
      const response = await createUser(platform.id, {
        email: 'MEMBER@acme.test',
        name: 'Copy',
        password: 'password1',
      });

      expect(response.status).toBe(409);
      expect(response.body.message).toBe(
        'A user with email member@acme.test already exists',
      );
      expect(response.body.details).toEqual([
        { field: 'email', message: 'is already in use; choose another email' },
      ]);
    });

    it('rejects a malformed orgId with 400', async () => {
      const response = await createUser('acme', {
        email: 'x@acme.test',
        name: 'X',
        password: 'password1',
      });

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: 'orgId', message: UUID_MESSAGE },
      ]);
    });

    it('rejects an unknown orgId with 404', async () => {
      const response = await createUser(UNKNOWN_ID, {
        email: 'x@acme.test',
        name: 'X',
        password: 'password1',
      });

      expect(response.status).toBe(404);
      expect(response.body.message).toBe(
        `Organization ${UNKNOWN_ID} not found`,
      );
      expect(response.body.details).toEqual([
        {
          field: 'orgId',
          message:
            'names no organization; GET /api/super-admin/organizations lists them',
        },
      ]);
    });

    const valid = {
      email: 'new@acme.test',
      name: 'New',
      password: 'password1',
    };
    it.each([
      [{ ...valid, email: undefined }, 'email', 'is required'],
      [
        { ...valid, email: 'not-an-email' },
        'email',
        'must be an email address such as ada@example.com',
      ],
      [{ ...valid, name: '' }, 'name', 'must not be empty'],
      [
        { ...valid, password: 'seven77' },
        'password',
        'must be 8 to 200 characters long',
      ],
      [
        { ...valid, password: 'p'.repeat(201) },
        'password',
        'must be 8 to 200 characters long',
      ],
      [
        { ...valid, password: 'pass\u0000word123' },
        'password',
        'must not contain control characters such as NUL, tab or newline',
      ],
      [
        { ...valid, password: '\ud800'.repeat(8) },
        'password',
        'must be valid Unicode text without lone surrogates such as \\ud800',
      ],
      [
        { ...valid, password: ' '.repeat(8) },
        'password',
        'must contain a character other than whitespace',
      ],
      [
        { ...valid, orgRole: 'owner' },
        'orgRole',
        'must be one of: admin, member',
      ],
      [
        { ...valid, systemRole: 'root' },
        'systemRole',
        'must be super_admin or absent',
      ],
      [
        { ...valid, organizationId: UNKNOWN_ID },
        'organizationId',
        'property organizationId should not exist',
      ],
    ])('rejects user body %j', async (body, field, message) => {
      const response = await createUser(acme.id, body);

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field, message }]);
    });
  });

  describe('deactivating users', () => {
    const deactivate = (userId: string) =>
      http()
        .delete(`/api/super-admin/users/${userId}`)
        .set('Authorization', bearer(root));

    it('deactivates a user and keeps its usage', async () => {
      const leaver = await insertUser(testApp.dataSource, {
        organizationId: acme.id,
        email: 'leaver@acme.test',
      });
      const model = await insertModel(testApp.dataSource, {
        name: 'gpt-test',
        provider: 'openai',
      });
      await insertUsage(testApp.dataSource, {
        organizationId: acme.id,
        userId: leaver.id,
        model,
        inputTokens: 10,
        outputTokens: 5,
        cost: null,
        createdAt: '2026-01-05T10:00:00Z',
      });
      const signIn = await login('leaver@acme.test', FIXTURE_PASSWORD);
      const token = `Bearer ${signIn.body.accessToken}`;

      const response = await deactivate(leaver.id);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: leaver.id,
        organizationId: acme.id,
        email: 'leaver@acme.test',
        name: 'leaver',
        orgRole: 'member',
        systemRole: null,
        isActive: false,
        deactivatedAt: expect.stringMatching(ISO_TIMESTAMP),
        createdAt: await createdAtOf('users', leaver.id),
      });
      const usage = await testApp.dataSource.query(
        `SELECT user_id, total_tokens FROM usage WHERE organization_id = $1`,
        [acme.id],
      );
      expect(usage).toEqual([{ user_id: leaver.id, total_tokens: '15' }]);
      const reuse = await http()
        .get('/api/super-admin/organizations')
        .set('Authorization', token);
      expect(reuse.status).toBe(401);
      expect(reuse.body.message).toBe('The user is deactivated');
      const again = await login('leaver@acme.test', FIXTURE_PASSWORD);
      expect(again.status).toBe(401);
      expect(again.body.message).toBe('Invalid email or password');
    });

    it('refuses an active token at once', async () => {
      const signIn = await login('admin@acme.test', FIXTURE_PASSWORD);
      const token = `Bearer ${signIn.body.accessToken}`;
      const before = await http()
        .get('/api/organization/members')
        .set('Authorization', token);
      expect(before.status).toBe(200);

      await deactivate(orgAdmin.id);

      const after = await http()
        .get('/api/organization/members')
        .set('Authorization', token);
      expect(after.status).toBe(401);
    });

    it('keeps the first deactivation time', async () => {
      const first = await deactivate(orgAdmin.id);
      const second = await deactivate(orgAdmin.id);

      expect(second.status).toBe(200);
      expect(second.body.deactivatedAt).toBe(first.body.deactivatedAt);
    });

    it('rejects deactivating oneself', async () => {
      const response = await deactivate(root.id);

      expect(response.status).toBe(409);
      expect(response.body.message).toBe(
        `User ${root.id} is the caller: a super admin cannot deactivate their own account, so ask another super admin`,
      );
      const rows = await testApp.dataSource.query(
        `SELECT deactivated_at FROM users WHERE id = $1`,
        [root.id],
      );
      expect(rows).toEqual([{ deactivated_at: null }]);
    });

    it('rejects a malformed userId with 400', async () => {
      const response = await deactivate('42');

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: 'userId', message: UUID_MESSAGE },
      ]);
    });

    it('rejects an unknown userId with 404', async () => {
      const response = await deactivate(UNKNOWN_ID);

      expect(response.status).toBe(404);
      expect(response.body.message).toBe(`User ${UNKNOWN_ID} not found`);
      expect(response.body.details).toEqual([
        {
          field: 'userId',
          message:
            'names no user; GET /api/super-admin/global-usage/users lists every user',
        },
      ]);
    });
  });
});
