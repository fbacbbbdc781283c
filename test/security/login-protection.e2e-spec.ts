import request from 'supertest';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import {
  FIXTURE_PASSWORD,
  insertOrganization,
  insertUser,
  tokenFor,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  ServiceProcess,
  startServiceProcess,
} from '../reliability/support/service-process';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';

const errorBodyWithoutId = (body: Record<string, unknown>) => {
  const { requestId, ...rest } = body;
  expect(requestId).toEqual(expect.any(String));

  return rest;
};

/** Drops the request id of a body and hides the seconds of a retry. */
const comparableBody = (body: Record<string, unknown>) => {
  const rest = errorBodyWithoutId(body);

  return { ...rest, message: String(rest.message).replace(/\d+/g, 'N') };
};

describe('login protection', () => {
  describe('per account limit', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await startTestApp('login_account_limit', {
        LOGIN_RATE_LIMIT_PER_IP: '1000',
        LOGIN_RATE_LIMIT_PER_ACCOUNT: '3',
        LOGIN_RATE_LIMIT_WINDOW_SECONDS: '600',
      });
      const acme = await insertOrganization(testApp.dataSource, 'Acme');
      await insertUser(testApp.dataSource, {
        organizationId: acme.id,
        email: 'alice@acme.example',
      });
      await insertUser(testApp.dataSource, {
        organizationId: acme.id,
        email: 'bob@acme.example',
      });
    });

    afterAll(async () => {
      await testApp.close();
    });

    const login = (email: string, password: string) =>
      request(testApp.server).post('/api/auth/login').send({ email, password });

    it('answers 429 after the limit', async () => {
      for (const guess of ['one', 'two', 'three']) {
        await login('alice@acme.example', guess).expect(401);
      }

      const limited = await login('alice@acme.example', FIXTURE_PASSWORD);

      // The window started at the first attempt, a few seconds at most ago.
      const retryAfter = Number(limited.headers['retry-after']);
      expect(limited.status).toBe(429);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(590);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(
        errorBodyWithoutId(limited.body as Record<string, unknown>),
      ).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `Too many login attempts; retry in ${retryAfter} seconds`,
        details: [],
        path: '/api/auth/login',
      });
    });

    it('limits an unknown email alike', async () => {
      const known: request.Response[] = [];
      const unknown: request.Response[] = [];
      for (const guess of ['one', 'two', 'three', 'four']) {
        known.push(await login('bob@acme.example', guess));
        unknown.push(await login('nobody@acme.example', guess));
      }

      expect(known.map((response) => response.status)).toEqual([
        401, 401, 401, 429,
      ]);
      expect(unknown.map((response) => response.status)).toEqual([
        401, 401, 401, 429,
      ]);
      for (const [index, response] of unknown.entries()) {
        expect(
          comparableBody(response.body as Record<string, unknown>),
        ).toEqual(comparableBody(known[index].body as Record<string, unknown>));
      }
    });

    it('keeps the password out of error bodies', async () => {
      const marker = 'Secret-Marker-7361';
      const responses = [
        await login('carol@acme.example', marker),
        await login('carol@acme.example', `${marker}${'x'.repeat(1024)}`),
        await request(testApp.server)
          .post('/api/auth/login')
          .send({ email: 'carol@acme.example', password: [marker] }),
      ];

      expect(responses.map((response) => response.status)).toEqual([
        401, 400, 400,
      ]);
      for (const response of responses) {
        expect(response.text).not.toContain(marker);
      }
    });
  });

  describe('per address limit', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await startTestApp('login_address_limit', {
        LOGIN_RATE_LIMIT_PER_IP: '4',
        LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000',
      });
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('answers 429 across emails', async () => {
      const statuses: number[] = [];
      for (const email of ['a', 'b', 'c', 'd', 'e'].map(
        (name) => `${name}@acme.example`,
      )) {
        const response = await request(testApp.server)
          .post('/api/auth/login')
          .send({ email, password: 'guess' });
        statuses.push(response.status);
      }

      expect(statuses).toEqual([401, 401, 401, 401, 429]);
    });

    it('leaves other routes alone', async () => {
      await request(testApp.server).get('/api/health').expect(200);
    });
  });

  describe('per address limit behind a proxy', () => {
    const attempt = (testApp: TestApp, forwardedFor: string) =>
      request(testApp.server)
        .post('/api/auth/login')
        .set('X-Forwarded-For', forwardedFor)
        .send({ email: 'a@acme.example', password: 'guess' })
        .then((response) => response.status);

    const startLimited = (label: string, env: Record<string, string> = {}) =>
      startTestApp(label, {
        LOGIN_RATE_LIMIT_PER_IP: '2',
        LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000',
        ...env,
      });

    it('keys on X-Forwarded-For with a trusted proxy', async () => {
      const testApp = await startLimited('login_trusted_proxy', {
        TRUST_PROXY_HOPS: '1',
      });
      try {
        const statuses = [
          await attempt(testApp, '203.0.113.1'),
          await attempt(testApp, '203.0.113.1'),
          await attempt(testApp, '203.0.113.1'),
          await attempt(testApp, '203.0.113.2'),
        ];

        expect(statuses).toEqual([401, 401, 429, 401]);
      } finally {
        await testApp.close();
      }
    });

    it('ignores X-Forwarded-For without one', async () => {
      const testApp = await startLimited('login_untrusted_proxy');
      try {
        const statuses = [
          await attempt(testApp, '203.0.113.1'),
          await attempt(testApp, '203.0.113.2'),
          await attempt(testApp, '203.0.113.3'),
        ];

        expect(statuses).toEqual([401, 401, 429]);
      } finally {
        await testApp.close();
      }
    });
  });

  describe('security headers', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await startTestApp('security_headers');
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('sets helmet headers', async () => {
      const response = await request(testApp.server).get('/api/health');

      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cross-origin-opener-policy']).toBe(
        'same-origin',
      );
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['content-security-policy']).toContain(
        "default-src 'self'",
      );
      expect(response.headers['content-security-policy']).not.toContain(
        'upgrade-insecure-requests',
      );
    });

    it('sets headers on errors', async () => {
      const response = await request(testApp.server).get('/api/nowhere');

      expect(response.status).toBe(404);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('serves Swagger UI within its CSP', async () => {
      const page = await request(testApp.server).get('/api/docs/').expect(200);
      const csp = String(page.headers['content-security-policy']);
      const scripts = [...page.text.matchAll(/<script([^>]*)>/g)].map(
        (match) => match[1],
      );
      const sources = scripts.map(
        (attributes) => /src=["']([^"']+)["']/.exec(attributes)?.[1],
      );

      expect(csp).toContain("script-src 'self'");
      expect(sources).toEqual([
        './swagger-ui-bundle.js',
        './swagger-ui-standalone-preset.js',
        './swagger-ui-init.js',
      ]);
      for (const source of sources) {
        const asset = await request(testApp.server).get(
          `/api/docs/${String(source).slice(2)}`,
        );
        expect(asset.status).toBe(200);
        expect(asset.headers['content-type']).toContain('javascript');
      }
      const style = await request(testApp.server).get(
        '/api/docs/swagger-ui.css',
      );
      expect(style.status).toBe(200);
    });
  });

  describe('log output', () => {
    let database: TestDatabase;
    let dataSource: DataSource;
    let service: ServiceProcess;
    let user: { id: string; organizationId: string };

    beforeAll(async () => {
      database = await createTestDatabase('login_logs');
      dataSource = new DataSource(buildDataSourceOptions(database.url, 1));
      await dataSource.initialize();
      const acme = await insertOrganization(dataSource, 'Acme');
      user = await insertUser(dataSource, {
        organizationId: acme.id,
        email: 'alice@acme.example',
      });
      service = await startServiceProcess(database.url, { LOG_LEVEL: 'trace' });
    });

    afterAll(async () => {
      service.child.kill('SIGKILL');
      await service.exited;
      await dataSource.destroy();
      await database.drop();
    });

    it('logs no password or token', async () => {
      const post = (password: string) =>
        fetch(`${service.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'alice@acme.example', password }),
        });
      const failed = await post('Wrong-Password-5512');
      const succeeded = await post(FIXTURE_PASSWORD);
      const { accessToken } = (await succeeded.json()) as {
        accessToken: string;
      };
      const badToken = `${tokenFor(user).slice(0, -4)}AAAA`;
      const rejected = await fetch(`${service.baseUrl}/api/usage/stats`, {
        headers: { Authorization: `Bearer ${badToken}` },
      });
      const accepted = await fetch(`${service.baseUrl}/api/models`, {
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      await new Promise((done) => setTimeout(done, 500));
      const output = service.output();

      expect([failed.status, succeeded.status]).toEqual([401, 200]);
      expect([rejected.status, accepted.status]).toEqual([401, 200]);
      expect(output).toContain('/api/auth/login');
      expect(output).toContain('/api/usage/stats');
      for (const secret of [
        'Wrong-Password-5512',
        FIXTURE_PASSWORD,
        accessToken,
        badToken,
        accessToken.split('.')[2],
        badToken.split('.')[2],
      ]) {
        expect(output).not.toContain(secret);
      }
    });
  });
});
