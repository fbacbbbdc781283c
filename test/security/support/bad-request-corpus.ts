/** Who sends a bad request: the role that passes the route's guard. */
export type CorpusCaller = 'anonymous' | 'member' | 'admin' | 'super_admin';

/** One request that must be rejected with a 4xx naming `field`. */
export interface BadRequestCase {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Route pattern as Nest lists it, such as `/api/runs/:runId`. */
  route: string;
  /** Path and raw query string, sent without re-encoding. */
  url: string;
  caller: CorpusCaller;
  /** A JSON value, or a raw string sent with `contentType`. */
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
  field: string;
  status?: number;
}

/** Ids of fixture rows that the corpus fills into paths and bodies. */
export interface CorpusIds {
  orgId: string;
  modelId: string;
  userId: string;
  runId: string;
}

const RANGE = 'startDate=2026-03-01&endDate=2026-03-31';
const LONG = 'x'.repeat(5000);

/** Bad values of the range and filter parameters shared by dashboard routes. */
const RANGE_PROBLEMS: [string, string, string][] = [
  ['impossible date', 'startDate=2026-02-30&endDate=2026-03-31', 'startDate'],
  ['month 13', 'startDate=2026-13-01&endDate=2027-01-31', 'startDate'],
  ['word date', 'startDate=yesterday&endDate=2026-03-31', 'startDate'],
  ['hour 25', `startDate=2026-03-01T25:00:00&endDate=2026-03-31`, 'startDate'],
  ['unpadded date', 'startDate=2026-3-1&endDate=2026-03-31', 'startDate'],
  ['end only', 'endDate=2026-03-31', 'startDate'],
  ['start only', 'startDate=2026-03-01', 'endDate'],
  ['reversed range', 'startDate=2026-03-31&endDate=2026-03-01', 'endDate'],
  ['range over 730 days', 'startDate=2020-01-01&endDate=2026-03-31', 'endDate'],
  ['repeated start', `${RANGE}&startDate=2026-03-02`, 'startDate'],
  ['unknown zone', `${RANGE}&timezone=Mars/Olympus`, 'timezone'],
  ['offset zone', `${RANGE}&timezone=UTC%2B25`, 'timezone'],
  ['path zone', `${RANGE}&timezone=../../etc/passwd`, 'timezone'],
  ['unknown granularity', `${RANGE}&granularity=minute`, 'granularity'],
  [
    'SQL in provider',
    `${RANGE}&provider=x'%3B%20DROP%20TABLE%20usage%3B--`,
    'provider',
  ],
  ['percent in provider', `${RANGE}&provider=%25`, 'provider'],
  ['invalid UTF-8 provider', `${RANGE}&provider=%C3%28`, 'provider'],
  ['invalid UTF-8 name', `${RANGE}&%FF=1`, '\ufffd'],
  ['byte FF provider', `${RANGE}&provider=%FF`, 'provider'],
  ['NUL in provider', `${RANGE}&provider=open%00ai`, 'provider'],
  ['long provider', `${RANGE}&provider=${LONG}`, 'provider'],
  ['malformed modelId', `${RANGE}&modelId=not-a-uuid`, 'modelId'],
  ['repeated modelId', `${RANGE}&modelId=a&modelId=b`, 'modelId'],
  ['unknown parameter', `${RANGE}&orgId=1`, 'orgId'],
];

const USER_PROBLEMS: [string, string, string][] = [
  ['limit 0', 'limit=0', 'limit'],
  ['negative limit', 'limit=-1', 'limit'],
  ['limit 1001', 'limit=1001', 'limit'],
  ['fractional limit', 'limit=1.5', 'limit'],
  ['exponent limit', 'limit=1e2', 'limit'],
  ['NaN limit', 'limit=NaN', 'limit'],
  ['array limit', 'limit=1&limit=2', 'limit'],
  ['negative offset', 'offset=-1', 'offset'],
  ['huge offset', 'offset=1e309', 'offset'],
  ['word offset', 'offset=ten', 'offset'],
  ['unknown sortBy', 'sortBy=password', 'sortBy'],
  ['unknown sortOrder', 'sortOrder=sideways', 'sortOrder'],
  ['cost sort without currency', 'sortBy=cost', 'currency'],
  ['lower-case currency', 'sortBy=cost&currency=usd', 'currency'],
  ['array search', 'search=a&search=b', 'search'],
  ['NUL in search', 'search=a%00b', 'search'],
  ['invalid UTF-8 search', 'search=%C3%28', 'search'],
  ['long search', `search=${LONG}`, 'search'],
];

const MODEL_PROBLEMS: [string, string, string][] = [
  ['maxModels 0', 'maxModels=0', 'maxModels'],
  ['maxModels 101', 'maxModels=101', 'maxModels'],
  ['fractional maxModels', 'maxModels=2.5', 'maxModels'],
  ['exponent maxModels', 'maxModels=1e1', 'maxModels'],
];

const PROVIDER_PROBLEMS: [string, string, string][] = [
  ['word includeTimeSeries', 'includeTimeSeries=yes', 'includeTimeSeries'],
  [
    'array includeTimeSeries',
    'includeTimeSeries=true&includeTimeSeries=false',
    'includeTimeSeries',
  ],
];

const EXPORT_PROBLEMS: [string, string, string][] = [
  ['unknown format', 'format=xml', 'format'],
  ['granularity on export', 'granularity=day', 'granularity'],
];

/** Dashboard routes by their path below each scope's prefix. */
const DASHBOARD_ROUTES: Record<string, [string, string, string][]> = {
  stats: [],
  providers: PROVIDER_PROBLEMS,
  'providers/chart': [],
  models: MODEL_PROBLEMS,
  users: USER_PROBLEMS,
  export: EXPORT_PROBLEMS,
};

const BAD_UUIDS: [string, string][] = [
  ['word id', 'abc'],
  ['short id', '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7'],
  ['invalid UTF-8 id', '%C3%28'],
  ['byte FF id', '%FF'],
  ['SQL id', "1'%20OR%20'1'%3D'1"],
];

function dashboardCases(ids: CorpusIds): BadRequestCase[] {
  const scopes: { prefix: string; route: string; caller: CorpusCaller }[] = [
    { prefix: '/api/usage', route: '/api/usage', caller: 'admin' },
    {
      prefix: `/api/super-admin/usage/${ids.orgId}`,
      route: '/api/super-admin/usage/:orgId',
      caller: 'super_admin',
    },
    {
      prefix: '/api/super-admin/global-usage',
      route: '/api/super-admin/global-usage',
      caller: 'super_admin',
    },
  ];
  const cases: BadRequestCase[] = [];

  for (const scope of scopes) {
    for (const [path, own] of Object.entries(DASHBOARD_ROUTES)) {
      // Every route gets its own problems. The shared ones go in full to
      // stats and users of each scope and as a sample to the other routes,
      // which bounds the run time.
      const shared =
        path === 'stats' || path === 'users'
          ? RANGE_PROBLEMS
          : RANGE_PROBLEMS.filter((_, index) => index % 4 === 0);
      for (const [name, query, field] of [...shared, ...own]) {
        const needsRange = !query.includes('Date=');
        cases.push({
          name: `${scope.route}/${path} ${name}`,
          method: 'GET',
          route: `${scope.route}/${path}`,
          url: `${scope.prefix}/${path}?${needsRange ? `${RANGE}&` : ''}${query}`,
          caller: scope.caller,
          field,
        });
      }
    }
  }
  for (const [name, id] of BAD_UUIDS) {
    for (const path of Object.keys(DASHBOARD_ROUTES)) {
      cases.push({
        name: `super-admin ${path} ${name}`,
        method: 'GET',
        route: `/api/super-admin/usage/:orgId/${path}`,
        url: `/api/super-admin/usage/${id}/${path}`,
        caller: 'super_admin',
        field: 'orgId',
      });
    }
  }

  return cases;
}

const jsonCase = (
  name: string,
  method: BadRequestCase['method'],
  route: string,
  url: string,
  caller: CorpusCaller,
  body: unknown,
  field: string,
): BadRequestCase => ({ name, method, route, url, caller, body, field });

function loginCases(): BadRequestCase[] {
  const route = '/api/auth/login';
  const post = (name: string, body: unknown, field: string) =>
    jsonCase(`login ${name}`, 'POST', route, route, 'anonymous', body, field);

  return [
    post('missing email', { password: 'x' }, 'email'),
    post('array email', { email: ['a@b.example'], password: 'x' }, 'email'),
    post('number password', { email: 'a@b.example', password: 7 }, 'password'),
    post(
      'NUL in email',
      { email: 'a\u0000@b.example', password: 'x' },
      'email',
    ),
    post('long email', { email: `${LONG}@b.example`, password: 'x' }, 'email'),
    post(
      'extra field',
      { email: 'a@b.example', password: 'x', admin: true },
      'admin',
    ),
    post('empty body', {}, 'email'),
    post('JSON array body', [1, 2], 'body'),
    {
      name: 'login malformed JSON',
      method: 'POST',
      route,
      url: route,
      caller: 'anonymous',
      rawBody: '{"email": "a@b.example",',
      contentType: 'application/json',
      field: 'body',
    },
    {
      name: 'login form body',
      method: 'POST',
      route,
      url: route,
      caller: 'anonymous',
      rawBody: 'email=a%40b.example&password=x',
      contentType: 'application/x-www-form-urlencoded',
      field: 'Content-Type',
      status: 415,
    },
    {
      name: 'login text body',
      method: 'POST',
      route,
      url: route,
      caller: 'anonymous',
      rawBody: '{"email":"a@b.example","password":"x"}',
      contentType: 'text/plain',
      field: 'Content-Type',
      status: 415,
    },
    {
      name: 'login invalid UTF-8 body',
      method: 'POST',
      route,
      url: route,
      caller: 'anonymous',
      rawBody: '{"email":"\xff\xfe","password":"x"}',
      contentType: 'application/json; charset=latin1',
      field: 'body',
      status: 415,
    },
  ];
}

function runCases(ids: CorpusIds): BadRequestCase[] {
  const route = '/api/runs';
  const post = (name: string, body: unknown, field: string) =>
    jsonCase(`runs ${name}`, 'POST', route, route, 'member', body, field);
  const withKey = (name: string, key: string): BadRequestCase => ({
    ...post(name, { modelId: ids.modelId, input: 'hi' }, 'Idempotency-Key'),
    headers: { 'Idempotency-Key': key },
  });

  return [
    post('malformed modelId', { modelId: 'gpt-4o', input: 'hi' }, 'modelId'),
    post('number modelId', { modelId: 42, input: 'hi' }, 'modelId'),
    post('array modelId', { modelId: [ids.modelId], input: 'hi' }, 'modelId'),
    post('missing input', { modelId: ids.modelId }, 'input'),
    post('empty input', { modelId: ids.modelId, input: '' }, 'input'),
    post('number input', { modelId: ids.modelId, input: 12 }, 'input'),
    post('object input', { modelId: ids.modelId, input: { a: 1 } }, 'input'),
    post(
      'extra field',
      { modelId: ids.modelId, input: 'hi', userId: ids.userId },
      'userId',
    ),
    withKey('long key', 'k'.repeat(256)),
    withKey('tab in key', 'a\tb'),
    withKey('non-ASCII key', 'clé'),
    {
      name: 'runs malformed JSON',
      method: 'POST',
      route,
      url: route,
      caller: 'member',
      rawBody: "{'modelId': 1}",
      contentType: 'application/json',
      field: 'body',
    },
    ...BAD_UUIDS.map(([name, id]): BadRequestCase => ({
      name: `runs get ${name}`,
      method: 'GET',
      route: '/api/runs/:runId',
      url: `/api/runs/${id}`,
      caller: 'member',
      field: 'runId',
    })),
  ];
}

function superAdminBodyCases(ids: CorpusIds): BadRequestCase[] {
  const organizations = '/api/super-admin/organizations';
  const users = `${organizations}/:orgId/users`;
  const models = '/api/super-admin/models';
  const model = `${models}/:modelId`;
  const user = {
    email: 'new@acme.example',
    name: 'New',
    password: 'long enough password',
  };
  const newModel = {
    name: 'm',
    displayName: 'M',
    provider: 'p',
    currency: 'USD',
  };
  const post = (
    name: string,
    route: string,
    url: string,
    body: unknown,
    field: string,
  ) => jsonCase(name, 'POST', route, url, 'super_admin', body, field);
  const patch = (name: string, body: unknown, field: string) =>
    jsonCase(
      `patch model ${name}`,
      'PATCH',
      model,
      `${models}/${ids.modelId}`,
      'super_admin',
      body,
      field,
    );
  const usersUrl = `${organizations}/${ids.orgId}/users`;

  return [
    post('organization without name', organizations, organizations, {}, 'name'),
    post(
      'organization empty name',
      organizations,
      organizations,
      { name: '' },
      'name',
    ),
    post(
      'organization number name',
      organizations,
      organizations,
      { name: 5 },
      'name',
    ),
    post(
      'organization long name',
      organizations,
      organizations,
      { name: LONG },
      'name',
    ),
    post(
      'organization NUL name',
      organizations,
      organizations,
      { name: 'a\u0000b' },
      'name',
    ),
    post(
      'user invalid email',
      users,
      usersUrl,
      { ...user, email: 'not-an-email' },
      'email',
    ),
    post(
      'user short password',
      users,
      usersUrl,
      { ...user, password: 'short' },
      'password',
    ),
    post(
      'user unknown role',
      users,
      usersUrl,
      { ...user, orgRole: 'owner' },
      'orgRole',
    ),
    post(
      'user unknown system role',
      users,
      usersUrl,
      { ...user, systemRole: 'root' },
      'systemRole',
    ),
    post(
      'user NUL name',
      users,
      usersUrl,
      { ...user, name: 'a\u0000b' },
      'name',
    ),
    ...BAD_UUIDS.map(([name, id]) =>
      post(
        `user ${name} orgId`,
        users,
        `${organizations}/${id}/users`,
        user,
        'orgId',
      ),
    ),
    post(
      'model negative price',
      models,
      models,
      { ...newModel, inputPricePerMillion: '-1' },
      'inputPricePerMillion',
    ),
    post(
      'model NaN price',
      models,
      models,
      { ...newModel, inputPricePerMillion: 'NaN' },
      'inputPricePerMillion',
    ),
    post(
      'model exponent price',
      models,
      models,
      { ...newModel, outputPricePerMillion: '1e3' },
      'outputPricePerMillion',
    ),
    post(
      'model number price',
      models,
      models,
      { ...newModel, outputPricePerMillion: 2.5 },
      'outputPricePerMillion',
    ),
    post(
      'model huge price',
      models,
      models,
      { ...newModel, inputPricePerMillion: '9'.repeat(40) },
      'inputPricePerMillion',
    ),
    post(
      'model lower-case currency',
      models,
      models,
      { ...newModel, currency: 'usd' },
      'currency',
    ),
    post(
      'model spaced provider',
      models,
      models,
      { ...newModel, provider: 'Open AI' },
      'provider',
    ),
    post(
      'model padded name',
      models,
      models,
      { ...newModel, name: ' m ' },
      'name',
    ),
    patch(
      'negative price',
      { inputPricePerMillion: '-0.5' },
      'inputPricePerMillion',
    ),
    patch('newline in display name', { displayName: 'a\nb' }, 'displayName'),
    patch('array name', { name: ['a'] }, 'name'),
    patch('unknown field', { id: ids.modelId }, 'id'),
    ...BAD_UUIDS.map(([name, id]) =>
      jsonCase(
        `patch model ${name}`,
        'PATCH',
        model,
        `${models}/${id}`,
        'super_admin',
        { displayName: 'x' },
        'modelId',
      ),
    ),
    ...BAD_UUIDS.map(([name, id]): BadRequestCase => ({
      name: `deactivate ${name}`,
      method: 'DELETE',
      route: '/api/super-admin/users/:userId',
      url: `/api/super-admin/users/${id}`,
      caller: 'super_admin',
      field: 'userId',
    })),
  ];
}

/** Builds the whole corpus of bad requests over HTTP. */
export function badRequestCorpus(ids: CorpusIds): BadRequestCase[] {
  return [
    ...dashboardCases(ids),
    ...loginCases(),
    ...runCases(ids),
    ...superAdminBodyCases(ids),
  ];
}
