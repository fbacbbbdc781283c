import express from 'express';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { requestLogMiddleware } from './request-log.middleware';

interface LogLine {
  level: number;
  msg: string;
  req: { id: string; method: string; url: string };
  res: { statusCode: number };
  responseTime: number;
}

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Builds an app whose routes respond with the status in their path. */
function appLoggingTo(level: string, lines: LogLine[]): express.Express {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as LogLine);
      done();
    },
  });
  const app = express();
  app.use(requestLogMiddleware(pino({ level }, stream)));
  app.get('/status/:code', (req, res) => {
    res
      .status(Number(req.params.code))
      .json({ id: (req as { id?: string }).id });
  });

  return app;
}

/** Waits for the 'close' listener, which runs after supertest has the response. */
async function settle(): Promise<void> {
  await new Promise((done) => setImmediate(done));
}

describe('requestLogMiddleware', () => {
  it('keeps a plain caller request id', async () => {
    const lines: LogLine[] = [];

    const response = await request(appLoggingTo('info', lines))
      .get('/status/200?from=2026-01-01')
      .set('X-Request-Id', 'trace-42');
    await settle();

    expect(response.headers['x-request-id']).toBe('trace-42');
    expect(response.body).toEqual({ id: 'trace-42' });
    expect(lines).toHaveLength(1);
    expect(lines[0].req).toEqual({
      id: 'trace-42',
      method: 'GET',
      url: '/status/200?from=2026-01-01',
    });
    expect(lines[0].res).toEqual({ statusCode: 200 });
    expect(lines[0].msg).toBe('request completed');
    expect(lines[0].level).toBe(30);
    expect(typeof lines[0].responseTime).toBe('number');
  });

  it('replaces an unsafe request id with a UUID', async () => {
    const lines: LogLine[] = [];

    const response = await request(appLoggingTo('info', lines))
      .get('/status/200')
      .set('X-Request-Id', 'two words');
    await settle();

    const id = response.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(response.body).toEqual({ id });
    expect(lines[0].req.id).toBe(id);
  });

  it.each([
    [404, 40, 'request completed'],
    [500, 50, 'request errored'],
  ])('logs status %d at level %d', async (status, level, message) => {
    const lines: LogLine[] = [];

    await request(appLoggingTo('info', lines)).get(`/status/${status}`);
    await settle();

    expect(lines).toHaveLength(1);
    expect(lines[0].level).toBe(level);
    expect(lines[0].msg).toBe(message);
    expect(lines[0].res).toEqual({ statusCode: status });
  });

  it('writes nothing below the log level', async () => {
    const lines: LogLine[] = [];
    const app = appLoggingTo('warn', lines);

    const response = await request(app).get('/status/200');
    await request(app).get('/status/404');
    await settle();

    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(lines).toHaveLength(1);
    expect(lines[0].res).toEqual({ statusCode: 404 });
  });
});
