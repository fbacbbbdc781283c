import { AddressInfo, connect } from 'node:net';
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

  it.each(['[{"email": "ada@example.com"}]', 'null', '42', '"text"'])(
    'rejects the JSON value %s as not an object',
    async (body) => {
      const response = await request(testApp.server)
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(body);

      expect(response.status).toBe(400);
      expect(response.body.message).toBe(
        'The request body must be a JSON object',
      );
      expect(response.body.details).toEqual([
        {
          field: 'body',
          message: 'must be a JSON object such as {"name": "value"}',
        },
      ]);
    },
  );

  it.each([
    [
      'arrays',
      `{"email": "a@b.c", "password": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
    ],
    ['objects 5000 levels', `${'{"a": '.repeat(5000)}1${'}'.repeat(5000)}`],
    [
      'arrays 33 levels',
      `{"email": "a@b.c", "password": ${'['.repeat(32)}${']'.repeat(32)}}`,
    ],
  ])('rejects %s nested too deeply as 400', async (_, body) => {
    const response = await request(testApp.server)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(body);

    expect(response.status).toBe(400);
    expect(response.body.message).toBe('The request body is nested too deeply');
    expect(response.body.details).toEqual([
      {
        field: 'body',
        message: 'must nest objects and arrays at most 32 levels deep',
      },
    ]);
  });

  it('accepts a body nested 32 levels deep', async () => {
    const nested = `${'['.repeat(31)}${']'.repeat(31)}`;

    const response = await request(testApp.server)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email": "a@b.c", "password": ${nested}}`);

    // Past the body parser, the validation pipe rejects the list.
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      {
        field: 'password',
        message: 'must be a single value, not a list or a repeated parameter',
      },
    ]);
  });

  it('replies 431 to a URL over 16 KiB', async () => {
    const response = await request(testApp.server).get(
      `/api/usage/stats?search=${'a'.repeat(20000)}`,
    );

    expect(response.status).toBe(431);
    expect(response.body).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: 'The URL and headers of the request are too long',
      details: [
        {
          field: 'url',
          message:
            'must fit with the headers in 16 KiB; narrow the query, or send fewer or shorter headers',
        },
      ],
      path: '/api/usage/stats',
      requestId: response.headers['x-request-id'],
    });
  });

  it('replies 400 to a request that is not HTTP', async () => {
    await new Promise<void>((done) => testApp.server.listen(0, done));
    const { port } = testApp.server.address() as AddressInfo;
    try {
      const reply = await new Promise<string>((done, fail) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('NOT A REQUEST\r\n\r\n');
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => done(text));
        socket.on('error', fail);
      });
      const [head, body] = reply.split('\r\n\r\n');

      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      expect(JSON.parse(body)).toMatchObject({
        statusCode: 400,
        message: 'The request is not valid HTTP/1.1',
        details: [
          {
            field: 'request',
            message: 'must be a well-formed HTTP/1.1 request',
          },
        ],
        path: '',
      });
    } finally {
      await new Promise((done) => testApp.server.close(done));
    }
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

  it('rejects a body over 1 MB as 413', async () => {
    const response = await request(testApp.server)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1_100_000) }),
      );

    expect(response.status).toBe(413);
    expect(response.body.details).toEqual([
      { field: 'body', message: 'must be at most 1mb' },
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
