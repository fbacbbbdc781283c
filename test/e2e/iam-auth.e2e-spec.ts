import request from 'supertest';
import {
  bearer,
  FIXTURE_PASSWORD,
  insertOrganization,
  insertUser,
  tokenFor,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const INVALID_CREDENTIALS = 'Invalid email or password';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('IAM authentication', () => {
  let testApp: TestApp;
  let admin: UserFixture;
  let member: UserFixture;
  let deactivated: UserFixture;

  beforeAll(async () => {
    testApp = await startTestApp('iam_auth');
    const organization = await insertOrganization(testApp.dataSource, 'Acme');
    admin = await insertUser(testApp.dataSource, {
      organizationId: organization.id,
      email: 'admin@acme.test',
      orgRole: 'admin',
    });
    member = await insertUser(testApp.dataSource, {
      organizationId: organization.id,
      email: 'member@acme.test',
    });
    deactivated = await insertUser(testApp.dataSource, {
      organizationId: organization.id,
      email: 'gone@acme.test',
      deactivated: true,
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const login = (body: object) =>
    request(testApp.server).post('/api/auth/login').send(body);
  const listMembers = (authorization?: string) => {
    const call = request(testApp.server).get('/api/organization/members');

    return authorization === undefined
      ? call
      : call.set('Authorization', authorization);
  };

  describe('POST /api/auth/login', () => {
    it('returns a bearer token', async () => {
      const response = await login({
        email: 'member@acme.test',
        password: FIXTURE_PASSWORD,
      });

      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual([
        'accessToken',
        'expiresIn',
        'tokenType',
      ]);
      expect(response.body.tokenType).toBe('Bearer');
      expect(response.body.expiresIn).toBe(3600);
      expect(response.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    });

    it('issues a token that authenticates', async () => {
      const { body } = await login({
        email: 'admin@acme.test',
        password: FIXTURE_PASSWORD,
      });

      const response = await listMembers(`Bearer ${body.accessToken}`);

      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(3);
    });

    it('ignores the case of the email', async () => {
      const response = await login({
        email: '  Member@ACME.test ',
        password: FIXTURE_PASSWORD,
      });

      expect(response.status).toBe(200);
    });

    it.each([
      ['wrong password', 'member@acme.test', 'wrong password'],
      ['unknown email', 'nobody@acme.test', FIXTURE_PASSWORD],
      ['deactivated user', 'gone@acme.test', FIXTURE_PASSWORD],
    ])('rejects a %s with 401', async (_case, email, password) => {
      const response = await login({ email, password });

      expect(response.status).toBe(401);
      expect(response.body.message).toBe(INVALID_CREDENTIALS);
      expect(response.body.details).toEqual([]);
      expect(response.body.accessToken).toBeUndefined();
    });

    it.each([
      [{ password: FIXTURE_PASSWORD }, 'email', 'is required'],
      [{ email: 'member@acme.test' }, 'password', 'is required'],
      [{ email: '', password: 'x' }, 'email', 'must not be empty'],
      [{ email: 42, password: 'x' }, 'email', 'must be a string'],
      [
        { email: 'member@acme.test', password: 'x'.repeat(1025) },
        'password',
        'must be at most 1024 characters long',
      ],
    ])('rejects body %j with 400', async (body, field, message) => {
      const response = await login(body);

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field, message }]);
    });

    it('rejects an unknown field with 400', async () => {
      const response = await login({
        email: 'member@acme.test',
        password: FIXTURE_PASSWORD,
        role: 'admin',
      });

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: 'role', message: 'property role should not exist' },
      ]);
    });
  });

  describe('bearer tokens', () => {
    it('rejects a missing token with 401', async () => {
      const response = await listMembers();

      expect(response.status).toBe(401);
      expect(response.body.message).toBe(
        'Missing Authorization header; send "Bearer <accessToken>"',
      );
    });

    it.each(['Bearer', 'Bearer not-a-jwt', 'Basic dXNlcjpwYXNz', 'token'])(
      'rejects header %j with 401',
      async (header) => {
        const response = await listMembers(header);

        expect(response.status).toBe(401);
        expect(response.body.message).toBe(
          'Malformed Authorization header; send "Bearer <accessToken>"',
        );
      },
    );

    it('accepts the scheme name in any case', async () => {
      const response = await listMembers(`bEARER ${tokenFor(admin)}`);

      expect(response.status).toBe(200);
    });

    it('rejects two Authorization headers with 401', async () => {
      // Node sends a header line per element of an array value; the
      // typings of superagent allow arrays for Cookie only.
      const twoHeaders = [
        `Bearer ${tokenFor(admin)}`,
        `Bearer ${tokenFor(member)}`,
      ] as unknown as string;
      const response = await listMembers(twoHeaders);

      expect(response.status).toBe(401);
      expect(response.body.message).toBe(
        'Authorization header sent more than once; send one "Bearer <accessToken>"',
      );
    });

    it('rejects a tampered token with 401', async () => {
      const [header, , signature] = tokenFor(member).split('.');
      const forgedPayload = base64url({
        sub: admin.id,
        org: admin.organizationId,
        exp: Math.floor(Date.now() / 1000) + 3600,
      });

      const response = await listMembers(
        `Bearer ${header}.${forgedPayload}.${signature}`,
      );

      expect(response.status).toBe(401);
      expect(response.body.message).toBe('The access token is invalid');
    });

    it('rejects a token signed with another key', async () => {
      const token = tokenFor(admin, {
        secret: 'another-secret-that-is-32-characters-long',
      });

      const response = await listMembers(`Bearer ${token}`);

      expect(response.status).toBe(401);
      expect(response.body.message).toBe('The access token is invalid');
    });

    it('rejects an unsigned alg none token', async () => {
      const header = base64url({ alg: 'none', typ: 'JWT' });
      const payload = base64url({ sub: admin.id, org: admin.organizationId });

      const response = await listMembers(`Bearer ${header}.${payload}.`);

      expect(response.status).toBe(401);
      expect(response.body.message).toBe('The access token is invalid');
    });

    it('rejects an expired token with 401', async () => {
      const token = tokenFor(admin, { expiresInSeconds: -10 });

      const response = await listMembers(`Bearer ${token}`);

      expect(response.status).toBe(401);
      expect(response.body.message).toBe(
        'The access token has expired; sign in again',
      );
    });

    it('rejects a token of an unknown user', async () => {
      const token = tokenFor({
        id: '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
        organizationId: admin.organizationId,
      });

      const response = await listMembers(`Bearer ${token}`);

      expect(response.status).toBe(401);
      expect(response.body.message).toBe('The access token is invalid');
    });

    it('rejects a token of a deactivated user', async () => {
      const response = await listMembers(bearer(deactivated));

      expect(response.status).toBe(401);
      expect(response.body.message).toBe('The user is deactivated');
    });
  });

  describe('public routes', () => {
    it.each(['/api/health', '/api/docs', '/api/docs-json'])(
      'serves %s without a token',
      async (path) => {
        const response = await request(testApp.server).get(path);

        expect(response.status).toBe(200);
      },
    );

    it('documents the IAM routes', async () => {
      const response = await request(testApp.server).get('/api/docs-json');

      expect(Object.keys(response.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/auth/login',
          '/api/super-admin/organizations',
          '/api/super-admin/organizations/{orgId}/users',
          '/api/super-admin/users/{userId}',
          '/api/organization/members',
        ]),
      );
    });

    it.each([
      ['/api/auth/login', 'post', ['200', '400', '401', '429']],
      [
        '/api/super-admin/organizations',
        'post',
        ['201', '400', '401', '403', '409'],
      ],
      [
        '/api/super-admin/organizations/{orgId}/users',
        'post',
        ['201', '400', '401', '403', '404', '409'],
      ],
      [
        '/api/super-admin/users/{userId}',
        'delete',
        ['200', '400', '401', '403', '404', '409'],
      ],
      ['/api/organization/members', 'get', ['200', '401', '403']],
    ])('documents the responses of %s', async (path, method, statuses) => {
      const response = await request(testApp.server).get('/api/docs-json');
      const operation = response.body.paths[path][method];

      expect(Object.keys(operation.responses).sort()).toEqual(statuses);
    });
  });
});
