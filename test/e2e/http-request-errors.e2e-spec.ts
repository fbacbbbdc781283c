import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('request body errors', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp('http_errors');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('rejects malformed JSON as 400', async () => {
    const response = await request(testApp.server)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('X-Request-Id', 'malformed-1')
      .send('{"email": ');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request body is not valid JSON',
      details: [
        {
          field: 'body',
          message: 'must be valid JSON, such as {"name": "value"}',
        },
      ],
      path: '/api/auth/login',
      requestId: 'malformed-1',
    });
  });

  it('generates a request id for early errors', async () => {
    const response = await request(testApp.server)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('not json');

    expect(response.status).toBe(400);
    expect(response.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-request-id']).toBe(response.body.requestId);
  });

  it('rejects another content type as 415', async () => {
    const response = await request(testApp.server)
      .post('/api/auth/login')
      .set('Content-Type', 'text/plain')
      .send('email=a@b.c');

    expect(response.status).toBe(415);
    expect(response.body.message).toBe('The request body must be JSON');
    expect(response.body.details).toEqual([
      { field: 'Content-Type', message: 'must be application/json' },
    ]);
  });

  it('rejects a body over 100 kB as 413', async () => {
    const response = await request(testApp.server)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(200_000) }));

    expect(response.status).toBe(413);
    expect(response.body.details).toEqual([
      { field: 'body', message: 'must be at most 100kb' },
    ]);
  });

  it('rejects a form body as 415', async () => {
    const response = await request(testApp.server)
      .post('/api/auth/login')
      .type('form')
      .send({ email: 'a@b.c', password: 'secret-password' });

    expect(response.status).toBe(415);
  });
});
