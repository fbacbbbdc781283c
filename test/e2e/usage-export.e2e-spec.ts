import request from 'supertest';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUsage,
  insertUser,
  ModelFixture,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const UNKNOWN_ORGANIZATION = '00000000-0000-4000-8000-000000000000';
const HEADER =
  'id,createdAt,organizationId,userId,userEmail,modelId,modelName,provider,inputTokens,outputTokens,totalTokens,cost,currency,requestId\r\n';

/** Collects the body as text whatever the content type. */
function asText(
  response: request.Response,
  done: (error: Error | null, body: string) => void,
): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    text += chunk;
  });
  response.on('end', () => done(null, text));
}

describe('GET usage export', () => {
  let testApp: TestApp;
  let acme: OrganizationFixture;
  let globex: OrganizationFixture;
  let admin: UserFixture;
  let plus: UserFixture;
  let member: UserFixture;
  let gadmin: UserFixture;
  let root: UserFixture;
  let gpt: ModelFixture;
  let odd: ModelFixture;
  let local: ModelFixture;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    testApp = await startTestApp('usage_export');
    const { dataSource } = testApp;
    acme = await insertOrganization(dataSource, 'Acme');
    globex = await insertOrganization(dataSource, 'Globex');
    admin = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'admin@acme.test',
      orgRole: 'admin',
    });
    plus = await insertUser(dataSource, {
      organizationId: acme.id,
      email: '+plus@acme.test',
    });
    member = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'member@acme.test',
    });
    gadmin = await insertUser(dataSource, {
      organizationId: globex.id,
      email: 'admin@globex.test',
      orgRole: 'admin',
    });
    root = await insertUser(dataSource, {
      organizationId: globex.id,
      email: 'root@platform.test',
      systemRole: 'super_admin',
    });
    gpt = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    });
    odd = await insertModel(dataSource, {
      name: 'odd,"model"\nv2',
      provider: 'mistral',
      inputPricePerMillion: '1',
      outputPricePerMillion: '1',
      currency: 'EUR',
    });
    local = await insertModel(dataSource, {
      name: 'local-llm',
      provider: 'local',
    });

    const usage = [
      // Before the range of the range tests.
      [admin, gpt, 1, 1, '0.0000125', '2026-02-28T23:59:59.999Z', 'early'],
      [admin, gpt, 100, 50, '0.00075', '2026-03-01T10:00:00.000Z', 'req-1'],
      [plus, odd, 1000, 500, '1.50', '2026-03-01T10:00:00.000Z', '=1+1'],
      [null, local, 7, 3, null, '2026-03-02T08:30:00.123Z', '@sum'],
    ] as const;
    for (const [
      user,
      model,
      input,
      output,
      cost,
      createdAt,
      requestId,
    ] of usage) {
      await insertUsage(dataSource, {
        organizationId: acme.id,
        userId: user?.id ?? null,
        model,
        inputTokens: input,
        outputTokens: output,
        cost,
        createdAt,
        requestId,
      });
    }
    await insertUsage(dataSource, {
      organizationId: globex.id,
      userId: gadmin.id,
      model: gpt,
      inputTokens: 10,
      outputTokens: 20,
      cost: '0.000225',
      createdAt: '2026-03-03T00:00:00.000Z',
      requestId: 'globex-1',
    });

    const rows: { id: string; request_id: string }[] = await dataSource.query(
      'SELECT id, request_id FROM usage',
    );
    for (const row of rows) ids.set(row.request_id, row.id);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function get(path: string, user?: UserFixture) {
    const call = request(testApp.server)
      .get(`/api${path}`)
      .buffer(true)
      .parse(asText);

    return user === undefined ? call : call.set('Authorization', bearer(user));
  }

  /** The two records of 2026-03-01, whose order is that of their ids. */
  function sameInstantLines(): string[] {
    const first = `${ids.get('req-1')},2026-03-01T10:00:00.000Z,${acme.id},${admin.id},admin@acme.test,${gpt.id},gpt-4o,openai,100,50,150,0.00075,USD,req-1\r\n`;
    const second = `${ids.get('=1+1')},2026-03-01T10:00:00.000Z,${acme.id},${plus.id},'+plus@acme.test,${odd.id},"odd,""model""\nv2",mistral,1000,500,1500,1.5,EUR,'=1+1\r\n`;

    return (ids.get('req-1') as string) < (ids.get('=1+1') as string)
      ? [first, second]
      : [second, first];
  }

  const earlyLine = () =>
    `${ids.get('early')},2026-02-28T23:59:59.999Z,${acme.id},${admin.id},admin@acme.test,${gpt.id},gpt-4o,openai,1,1,2,0.0000125,USD,early\r\n`;
  const localLine = () =>
    `${ids.get('@sum')},2026-03-02T08:30:00.123Z,${acme.id},,,${local.id},local-llm,local,7,3,10,,USD,'@sum\r\n`;

  it('exports the organization as CSV', async () => {
    const response = await get('/usage/export', admin);

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="usage-${acme.id}-20260228T235959Z-20260302T083000Z.csv"`,
    );
    expect(response.body).toBe(
      HEADER + earlyLine() + sameInstantLines().join('') + localLine(),
    );
  });

  it('exports NDJSON lines', async () => {
    const response = await get(
      '/usage/export?format=ndjson&startDate=2026-03-02&endDate=2026-03-02',
      admin,
    );

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="usage-${acme.id}-20260302T000000Z-20260303T000000Z.ndjson"`,
    );
    expect(response.body).toBe(
      JSON.stringify({
        id: ids.get('@sum'),
        createdAt: '2026-03-02T08:30:00.123Z',
        organizationId: acme.id,
        userId: null,
        userEmail: null,
        modelId: local.id,
        modelName: 'local-llm',
        provider: 'local',
        inputTokens: 7,
        outputTokens: 3,
        totalTokens: 10,
        cost: null,
        currency: 'USD',
        requestId: '@sum',
      }) + '\n',
    );
  });

  it('writes NDJSON cost as a string', async () => {
    const response = await get(
      `/usage/export?format=ndjson&modelId=${odd.id}`,
      admin,
    );

    expect(response.status).toBe(200);
    expect(response.body).toBe(
      `{"id":"${ids.get('=1+1')}","createdAt":"2026-03-01T10:00:00.000Z","organizationId":"${acme.id}","userId":"${plus.id}","userEmail":"+plus@acme.test","modelId":"${odd.id}","modelName":"odd,\\"model\\"\\nv2","provider":"mistral","inputTokens":1000,"outputTokens":500,"totalTokens":1500,"cost":"1.5","currency":"EUR","requestId":"=1+1"}\n`,
    );
  });

  it('applies the range in the time zone', async () => {
    // 2026-03-01 in Berlin starts at 2026-02-28T23:00:00Z.
    const response = await get(
      '/usage/export?startDate=2026-03-01&endDate=2026-03-01&timezone=Europe/Berlin',
      admin,
    );

    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="usage-${acme.id}-20260228T230000Z-20260301T230000Z.csv"`,
    );
    expect(response.body).toBe(
      HEADER + earlyLine() + sameInstantLines().join(''),
    );
  });

  it('applies the provider filter', async () => {
    const response = await get('/usage/export?provider=local', admin);

    expect(response.status).toBe(200);
    expect(response.body).toBe(HEADER + localLine());
  });

  it('writes only the header without records', async () => {
    const response = await get('/usage/export?provider=nobody', admin);

    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="usage-${acme.id}-all.csv"`,
    );
    expect(response.body).toBe(HEADER);
  });

  it('writes an empty NDJSON body without records', async () => {
    const response = await get(
      '/usage/export?format=ndjson&provider=nobody',
      admin,
    );

    expect(response.status).toBe(200);
    expect(response.body).toBe('');
  });

  it('exports one organization for a super admin', async () => {
    const response = await get(
      `/super-admin/usage/${globex.id}/export?format=ndjson`,
      root,
    );

    expect(response.status).toBe(200);
    expect(response.body.split('\n')).toEqual([
      expect.stringContaining('"requestId":"globex-1"'),
      '',
    ]);
  });

  it('exports every organization for a super admin', async () => {
    const response = await get(
      '/super-admin/global-usage/export?startDate=2026-03-02&endDate=2026-03-03',
      root,
    );

    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="usage-global-20260302T000000Z-20260304T000000Z.csv"',
    );
    expect(response.body).toBe(
      HEADER +
        localLine() +
        `${ids.get('globex-1')},2026-03-03T00:00:00.000Z,${globex.id},${gadmin.id},admin@globex.test,${gpt.id},gpt-4o,openai,10,20,30,0.000225,USD,globex-1\r\n`,
    );
  });

  it('rejects a missing token', async () => {
    const response = await get('/usage/export');

    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toContain('application/json');
  });

  it('rejects a member', async () => {
    const response = await get('/usage/export', member);

    expect(response.status).toBe(403);
  });

  it('rejects an org admin on super-admin routes', async () => {
    const organization = await get(
      `/super-admin/usage/${acme.id}/export`,
      admin,
    );
    const global = await get('/super-admin/global-usage/export', admin);

    expect(organization.status).toBe(403);
    expect(global.status).toBe(403);
  });

  it('returns 404 for an unknown organization', async () => {
    const response = await get(
      `/super-admin/usage/${UNKNOWN_ORGANIZATION}/export`,
      root,
    );

    expect(response.status).toBe(404);
    expect(JSON.parse(response.body as string).statusCode).toBe(404);
  });

  it.each([
    ['format=xlsx', 'format', 'must be one of csv, ndjson'],
    ['startDate=2026-13-01&endDate=2026-03-02', 'startDate', undefined],
    ['granularity=day', 'granularity', 'property granularity should not exist'],
    ['provider=Open%20AI', 'provider', undefined],
  ])('rejects %s', async (query, field, message) => {
    const response = await get(`/usage/export?${query}`, admin);
    const body = JSON.parse(response.body as string) as {
      details: { field: string; message: string }[];
    };

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/json');
    expect(body.details[0].field).toBe(field);
    if (message !== undefined) expect(body.details[0].message).toBe(message);
  });
});
