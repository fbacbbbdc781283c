import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('GET /api/health', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp('health');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('reports the database up without a token', async () => {
    const response = await request(testApp.server).get('/api/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('returns the caller request id', async () => {
    const response = await request(testApp.server)
      .get('/api/health')
      .set('X-Request-Id', 'trace-123');

    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('answers an unknown route with the error body', async () => {
    const response = await request(testApp.server)
      .get('/api/no-such-route')
      .set('X-Request-Id', 'trace-404');

    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /api/no-such-route',
      details: [],
      path: '/api/no-such-route',
      requestId: 'trace-404',
    });
  });
});
