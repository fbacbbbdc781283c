import { mkdir, readFile } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Page, Response } from 'playwright-core';
import request from 'supertest';
import { DemoSeeder } from '../../src/demo/demo-seeder';
import { EnsureSuperAdminUseCase } from '../../src/modules/iam/application/ensure-super-admin.use-case';
import { ensureDashboardBuilt } from '../support/dashboard-build';
import { bearer } from '../support/fixtures';
import {
  chromiumIsInstalled,
  CHROMIUM_PATH,
  HeadlessChromium,
  launchChromium,
} from '../support/headless-chromium';
import { startTestApp, TestApp } from '../support/test-app';

/** The demo covers the 60 days before this instant; the page's clock is fixed to it. */
const NOW = new Date('2026-06-15T12:34:56.789Z');
const PASSWORD = 'demo-password';
const SUPER_ADMIN_EMAIL = 'superadmin@platform.example';
const ZONE = 'Europe/Berlin';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const DOCS_SCREENSHOT = join(__dirname, '..', '..', 'docs', 'dashboard.png');

const integer = new Intl.NumberFormat('en-US');
const money = (amount: string, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(
    amount as Intl.StringNumericLiteral,
  );

/**
 * Reads a value of the page until it equals `expected` or 10 s pass, then
 * asserts the last read, so a failure shows the value the page kept.
 */
async function expectSettled<T>(
  read: () => Promise<T>,
  expected: T,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }

  expect(value).toBe(expected);
}

/** Browser globals, typed for the functions page.evaluate runs there. */
interface PageGlobals {
  document: { activeElement: { id: string } | null };
  sessionStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
  };
}

interface Account {
  id: string;
  organizationId: string;
}

const describeWithChromium = chromiumIsInstalled() ? describe : describe.skip;
if (!chromiumIsInstalled()) {
  console.warn(
    `Skipping the browser tests of the dashboard: ${CHROMIUM_PATH} is missing. Install Debian's chromium package (apt-get install chromium).`,
  );
}

describeWithChromium('dashboard in headless Chromium', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let chromium: HeadlessChromium;
  let page: Page;
  let admin: Account;
  let superAdmin: Account;
  let globexId: string;
  const pageErrors: string[] = [];

  const accountOf = async (email: string): Promise<Account> => {
    const rows: Account[] = await testApp.dataSource.query(
      `SELECT id, organization_id AS "organizationId" FROM users WHERE email = $1`,
      [email],
    );

    return rows[0];
  };

  /** Fetches the service's own response body, to compare the page with. */
  const apiGet = async (account: Account, path: string) => {
    const response = await request(testApp.server)
      .get(path)
      .set('Authorization', bearer(account));
    expect(response.status).toBe(200);

    return response.body;
  };

  const responseTo = (path: string, query: Record<string, string> = {}) =>
    page.waitForResponse((response: Response) => {
      const url = new URL(response.url());
      if (url.pathname !== path) return false;

      return Object.entries(query).every(
        ([key, value]) => url.searchParams.get(key) === value,
      );
    });

  const text = (selector: string) => page.locator(selector).first().innerText();

  const signIn = async (email: string) => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  const expectCards = async (stats: {
    totalTokens: number;
    inputTokens: number;
    outputTokens: number;
    totalRequests: number;
    activeUsers: number;
    totalUsers: number;
    costs: { currency: string; amount: string }[];
    unpricedRequests: number;
  }) => {
    expect(await text('[data-testid=card-tokens]')).toBe(
      integer.format(stats.totalTokens),
    );
    expect(await text('[data-testid=card-input-tokens]')).toBe(
      integer.format(stats.inputTokens),
    );
    expect(await text('[data-testid=card-output-tokens]')).toBe(
      integer.format(stats.outputTokens),
    );
    expect(await text('[data-testid=card-requests]')).toBe(
      integer.format(stats.totalRequests),
    );
    expect(await text('[data-testid=card-active-users]')).toBe(
      integer.format(stats.activeUsers),
    );
    expect(await text('[data-testid=card-total-users]')).toBe(
      integer.format(stats.totalUsers),
    );
    expect(await text('[data-testid=card-unpriced]')).toBe(
      integer.format(stats.unpricedRequests),
    );
    expect(
      await page.locator('[data-testid=card-cost] li').allInnerTexts(),
    ).toEqual(stats.costs.map((cost) => money(cost.amount, cost.currency)));
  };

  const viewQuery = () => new URL(page.url()).searchParams;

  /** Waits until a section shows data that is not being replaced. */
  const settledSection = (titleId: string) =>
    page
      .locator(
        `section[aria-labelledby=${titleId}] .section-body:not(.reloading)`,
      )
      .first()
      .waitFor();

  beforeAll(async () => {
    ensureDashboardBuilt();
    testApp = await startTestApp('dashboard_browser');
    await testApp.app
      .get(EnsureSuperAdminUseCase)
      .execute({ email: SUPER_ADMIN_EMAIL, password: PASSWORD });
    await testApp.app.get(DemoSeeder).seedIfEmpty(PASSWORD, NOW);
    await testApp.app.listen(0, '127.0.0.1');
    const { port } = testApp.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;

    admin = await accountOf('admin@acme.example');
    superAdmin = await accountOf(SUPER_ADMIN_EMAIL);
    const globex: { id: string }[] = await testApp.dataSource.query(
      `SELECT id FROM organizations WHERE name = 'Globex Analytics'`,
    );
    globexId = globex[0].id;

    await mkdir(ARTIFACTS, { recursive: true });
    chromium = await launchChromium({ locale: 'en-US', timezoneId: ZONE });
    await chromium.context.clock.setFixedTime(NOW);
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  }, 180_000);

  afterAll(async () => {
    await chromium?.close();
    await testApp?.close();
  });

  it('shows the cards of the org admin', async () => {
    await page.goto(`${baseUrl}/dashboard/`);
    const statsResponse = responseTo('/api/usage/stats');
    await signIn('admin@acme.example');
    const statsUrl = new URL((await statsResponse).url());
    await page.locator('[data-testid=card-tokens]').waitFor();

    expect(statsUrl.searchParams.get('startDate')).toBe('2026-05-17');
    expect(statsUrl.searchParams.get('endDate')).toBe('2026-06-15');
    expect(statsUrl.searchParams.get('timezone')).toBe(ZONE);
    expect(await text('[data-testid=scope-label]')).toBe('Your organization');
    await expectCards(
      await apiGet(
        admin,
        `/api/usage/stats?startDate=2026-05-17&endDate=2026-06-15&timezone=${ZONE}`,
      ),
    );
  }, 60_000);

  it('charts one bucket per day', async () => {
    const chart = page.locator('[data-testid=provider-chart]');
    await chart.waitFor();
    const api = await apiGet(
      admin,
      `/api/usage/providers/chart?startDate=2026-05-17&endDate=2026-06-15&timezone=${ZONE}&granularity=auto`,
    );

    expect(api.timeSeries).toHaveLength(30);
    expect(await chart.getAttribute('data-bucket-count')).toBe('30');
    expect(await chart.getAttribute('data-bucket-size')).toBe('day');
    await page.screenshot({
      path: join(ARTIFACTS, 'dashboard-org-admin.png'),
      fullPage: true,
    });
    // UPDATE_DOCS_SCREENSHOT=1 refreshes the picture the README shows. It
    // stops above the users table, whose 30-day activity follows the
    // server's clock, which the fixed page clock does not reach.
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
      await mkdir(dirname(DOCS_SCREENSHOT), { recursive: true });
      const users = await page
        .locator('section[aria-labelledby=users-title]')
        .boundingBox();
      await page.screenshot({
        path: DOCS_SCREENSHOT,
        fullPage: true,
        clip: { x: 0, y: 0, width: 1280, height: users?.y ?? 900 },
      });
    }
  });

  it('lists the models with others', async () => {
    const api = await apiGet(
      admin,
      `/api/usage/models?startDate=2026-05-17&endDate=2026-06-15&timezone=${ZONE}&maxModels=5`,
    );
    const rows = page.locator('[data-testid=models-table] tbody tr');

    expect(api.models).toHaveLength(5);
    expect(api.others.modelCount).toBe(1);
    expect(await rows.count()).toBe(6);
    expect(await rows.last().locator('th').innerText()).toBe('1 other model');
  });

  it('changes the range to 7 days', async () => {
    const chartResponse = responseTo('/api/usage/providers/chart', {
      startDate: '2026-06-09',
      endDate: '2026-06-15',
      granularity: 'auto',
    });
    await page.getByLabel('Range').selectOption('7d');
    await chartResponse;
    const chart = page.locator('[data-testid=provider-chart]');

    await expectSettled(
      () => chart.getAttribute('data-bucket-count'),
      String(7 * 24),
    );
    expect(await chart.getAttribute('data-bucket-size')).toBe('hour');
  });

  it('changes the granularity to day', async () => {
    const chartResponse = responseTo('/api/usage/providers/chart', {
      startDate: '2026-06-09',
      granularity: 'day',
    });
    await page.getByLabel('Granularity').selectOption('day');
    await chartResponse;
    const chart = page.locator('[data-testid=provider-chart]');

    await expectSettled(() => chart.getAttribute('data-bucket-count'), '7');
    expect(viewQuery().get('range')).toBe('7d');
    expect(viewQuery().get('granularity')).toBe('day');
    expect(viewQuery().get('tz')).toBe(ZONE);
  });

  it('sorts and searches the users', async () => {
    const sorted = responseTo('/api/usage/users', {
      sortBy: 'requests',
      sortOrder: 'desc',
    });
    await page.locator('button[data-sort=requests]').click();
    await sorted;
    const searched = responseTo('/api/usage/users', { search: 'a' });
    await page.getByLabel('Search users').fill('a');
    await searched;
    await settledSection('users-title');
    const api = await apiGet(
      admin,
      `/api/usage/users?startDate=2026-06-09&endDate=2026-06-15&timezone=${ZONE}&sortBy=requests&sortOrder=desc&search=a&limit=25`,
    );
    const rows = page.locator('[data-testid=users-table] tbody tr');

    await expectSettled(() => rows.count(), api.data.length);
    expect(
      await rows.evaluateAll((elements) =>
        elements.map((element) => element.getAttribute('data-user-id')),
      ),
    ).toEqual(api.data.map((user: { userId: string }) => user.userId));
    expect(viewQuery().get('sort')).toBe('requests');
    expect(viewQuery().get('order')).toBe('desc');
    expect(viewQuery().get('search')).toBe('a');
  });

  it('sorts cost in a chosen currency', async () => {
    const inEuro = responseTo('/api/usage/users', {
      sortBy: 'cost',
      currency: 'EUR',
    });
    await page.locator('button[data-sort=cost]').click();
    await inEuro;
    const inDollars = responseTo('/api/usage/users', {
      sortBy: 'cost',
      currency: 'USD',
    });
    await page.getByLabel('Sort cost in').selectOption('USD');
    await inDollars;

    expect(viewQuery().get('sort')).toBe('cost');
    expect(viewQuery().get('currency')).toBe('USD');
    await page.locator('button[data-sort=requests]').click();
    await expectSettled(async () => viewQuery().get('sort'), 'requests');
  });

  it('downloads the users as CSV', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = await readFile(
      (await (await download).path()) as string,
      'utf8',
    );
    const api = await apiGet(
      admin,
      `/api/usage/users?startDate=2026-06-09&endDate=2026-06-15&timezone=${ZONE}&sortBy=requests&sortOrder=desc&search=a&limit=1000`,
    );
    const lines = csv.split('\r\n');

    expect(lines[0]).toBe(
      'userId,userName,userEmail,tokens,requests,cost_EUR,cost_USD,lastActivity,isActive',
    );
    expect(lines).toHaveLength(api.data.length + 2);
    expect(lines[lines.length - 1]).toBe('');
    expect(lines.slice(1, -1).map((line) => line.split(',')[0])).toEqual(
      api.data.map((user: { userId: string }) => user.userId),
    );
  });

  it('restores the filters on reload', async () => {
    await page.reload();
    await page.locator('[data-testid=card-tokens]').waitFor();

    expect(await page.getByLabel('Range').inputValue()).toBe('7d');
    expect(await page.getByLabel('Granularity').inputValue()).toBe('day');
    expect(await page.getByLabel('Time zone').inputValue()).toBe(ZONE);
    expect(await page.getByLabel('Search users').inputValue()).toBe('a');
  });

  it('reaches the filters by keyboard', async () => {
    const focused: string[] = [];
    await page.locator('body').focus();
    for (let press = 0; press < 8; press += 1) {
      await page.keyboard.press('Tab');
      focused.push(
        await page.evaluate(
          () =>
            (globalThis as unknown as PageGlobals).document.activeElement?.id ??
            '',
        ),
      );
    }

    // The sign-out button has no id; the filters follow in visual order.
    expect(focused.slice(0, 5)).toEqual([
      '',
      'filter-range',
      'filter-granularity',
      'filter-timezone',
      '',
    ]);
  });

  it('shows an empty range', async () => {
    await page.goto(
      `${baseUrl}/dashboard/?range=custom&start=2025-01-01&end=2025-01-07&tz=${ZONE}`,
    );
    await page.locator('[data-testid=card-tokens]').waitFor();
    const providers = page.locator('section[aria-labelledby=providers-title]');
    const models = page.locator('section[aria-labelledby=models-title]');

    expect(await text('[data-testid=card-tokens]')).toBe('0');
    expect(await text('[data-testid=card-cost]')).toBe('No priced usage');
    await expectSettled(
      () => providers.locator('.state').innerText(),
      'No usage in this range.',
    );
    expect(await models.locator('.state').innerText()).toBe(
      'No usage in this range.',
    );
    expect(await text('[data-testid=users-range]')).toBe(
      '1–10 of 10 users · page 1 of 1',
    );
  });

  it('explains a rejected granularity', async () => {
    const rejected = await request(testApp.server)
      .get(
        `/api/usage/providers/chart?startDate=2026-03-18&endDate=2026-06-15&timezone=${ZONE}&granularity=hour`,
      )
      .set('Authorization', bearer(admin));
    expect(rejected.status).toBe(400);
    const errorsBefore = pageErrors.length;

    await page.goto(`${baseUrl}/dashboard/?range=90d&granularity=hour`);
    const alert = page.locator(
      'section[aria-labelledby=providers-title] [role=alert]',
    );
    await alert.waitFor();

    expect(await alert.innerText()).toBe(
      `Could not load the provider chart: ${rejected.body.message}`,
    );
    expect(pageErrors.splice(errorsBefore)).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });

  it('moves a page past the end back', async () => {
    await page.goto(`${baseUrl}/dashboard/?page=9&size=10`);

    await expectSettled(
      () => text('[data-testid=users-range]'),
      '1–10 of 10 users · page 1 of 1',
    );
    await expectSettled(async () => viewQuery().get('page'), '1');
  });

  it('returns to login on a rejected token', async () => {
    const errorsBefore = pageErrors.length;
    await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).sessionStorage.setItem(
        'usage-analytics.session',
        JSON.stringify({
          accessToken: 'not.a-valid.token',
          expiresAt: Date.now() + 60_000,
        }),
      ),
    );
    await page.reload();

    await expectSettled(
      () => page.getByRole('status').first().innerText(),
      'Your session has expired. Sign in again.',
    );
    expect(await page.getByLabel('Email').isVisible()).toBe(true);
    // Chromium logs the rejected request; the last test checks the rest.
    expect(pageErrors.splice(errorsBefore)).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ]);
  });

  it('shows all organizations to a super admin', async () => {
    await page.goto(`${baseUrl}/dashboard/`);
    const statsResponse = responseTo('/api/super-admin/global-usage/stats');
    await signIn(SUPER_ADMIN_EMAIL);
    await statsResponse;
    await page.locator('[data-testid=card-tokens]').waitFor();

    expect(await text('[data-testid=scope-label]')).toBe('All organizations');
    expect(viewQuery().get('org')).toBe('all');
    await expectCards(
      await apiGet(
        superAdmin,
        `/api/super-admin/global-usage/stats?startDate=2026-05-17&endDate=2026-06-15&timezone=${ZONE}`,
      ),
    );
  }, 60_000);

  it('pages through all users', async () => {
    const firstPage = responseTo('/api/super-admin/global-usage/users', {
      limit: '10',
      offset: '0',
    });
    await page.getByLabel('Rows per page').selectOption('10');
    await firstPage;
    const secondPage = responseTo('/api/super-admin/global-usage/users', {
      limit: '10',
      offset: '10',
    });
    await page.getByRole('button', { name: 'Next' }).click();
    await secondPage;

    await expectSettled(
      () => text('[data-testid=users-range]'),
      '11–20 of 26 users · page 2 of 3',
    );
    expect(viewQuery().get('page')).toBe('2');
    expect(viewQuery().get('size')).toBe('10');
  });

  it('switches to one organization', async () => {
    const statsResponse = responseTo(
      `/api/super-admin/usage/${globexId}/stats`,
    );
    await page
      .getByLabel('Organization')
      .selectOption({ label: 'Globex Analytics (8 users)' });
    await statsResponse;
    await settledSection('totals-title');

    await expectSettled(
      () => text('[data-testid=scope-label]'),
      'Globex Analytics',
    );
    await expectCards(
      await apiGet(
        superAdmin,
        `/api/super-admin/usage/${globexId}/stats?startDate=2026-05-17&endDate=2026-06-15&timezone=${ZONE}`,
      ),
    );
    expect(viewQuery().get('org')).toBe(globexId);
    expect(viewQuery().get('page')).toBe('1');
    await page.screenshot({
      path: join(ARTIFACTS, 'dashboard-super-admin.png'),
      fullPage: true,
    });
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();

    expect(await page.getByLabel('Email').isVisible()).toBe(true);
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).sessionStorage.getItem(
          'usage-analytics.session',
        ),
      ),
    ).toBeNull();
  });

  it('turns a member away', async () => {
    await signIn('ken@acme.example');
    const note = page.getByRole('alert');
    await note.waitFor();

    expect(await note.innerText()).toBe(
      'This dashboard is for organization admins and super admins. Ask an admin of your organization for access.',
    );
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    expect(await page.getByLabel('Email').isVisible()).toBe(true);
  });

  it('logs no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
