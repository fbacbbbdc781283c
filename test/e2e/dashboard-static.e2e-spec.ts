import request from 'supertest';
import { ensureDashboardBuilt } from '../support/dashboard-build';
import { startTestApp, TestApp } from '../support/test-app';

describe('dashboard static files', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    ensureDashboardBuilt();
    testApp = await startTestApp('dashboard_static');
  }, 120_000);

  afterAll(async () => {
    await testApp.close();
  });

  it('redirects to the trailing slash', async () => {
    const response = await request(testApp.server).get('/dashboard?range=7d');

    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/dashboard/?range=7d');
  });

  it('serves the page without a token', async () => {
    const response = await request(testApp.server).get('/dashboard/');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.text).toContain('<div id="app"></div>');
    expect(response.headers['content-security-policy']).toContain(
      "script-src 'self'",
    );
  });

  it('serves hashed assets for good', async () => {
    const page = await request(testApp.server).get('/dashboard/');
    const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(page.text);
    expect(script).not.toBeNull();

    const response = await request(testApp.server).get(
      (script as RegExpExecArray)[1],
    );

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect(response.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
  });

  it('answers 404 for a missing file', async () => {
    const response = await request(testApp.server).get(
      '/dashboard/assets/missing.js',
    );

    expect(response.status).toBe(404);
  });
});
