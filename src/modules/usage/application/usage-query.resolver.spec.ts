import { OrganizationRepository } from '../../iam/application/ports/organization.repository';
import { OrganizationNotFoundError } from '../../iam/domain/iam.errors';
import { InvalidUsageQueryError } from '../domain/usage-query.errors';
import { TimeZoneCatalog } from './ports/time-zone-catalog';
import { UsageRepository } from './ports/usage.repository';
import { UsageQueryResolver } from './usage-query.resolver';

const ORGANIZATION_ID = '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';
const acme = { kind: 'organization', organizationId: ORGANIZATION_ID } as const;
const bounds = {
  start: new Date('2026-03-01T10:00:00Z'),
  end: new Date('2026-03-03T08:00:00.001Z'),
};

function setUp(options: { organizationExists?: boolean } = {}) {
  const known = ['UTC', 'Asia/Kolkata', 'Europe/Berlin'];
  const timeZones = {
    canonicalName: jest.fn(
      async (name: string) =>
        known.find((zone) => zone.toLowerCase() === name.toLowerCase()) ?? null,
    ),
  };
  const organizations = {
    exists: jest.fn(async () => options.organizationExists !== false),
  };
  const usage = { findTimeBounds: jest.fn(async () => bounds) };
  const resolver = new UsageQueryResolver(
    timeZones as unknown as TimeZoneCatalog,
    organizations as unknown as OrganizationRepository,
    usage as unknown as UsageRepository,
  );

  return { resolver, timeZones, organizations, usage };
}

describe('UsageQueryResolver', () => {
  it('resolves a given range', async () => {
    const { resolver, usage } = setUp();

    const query = await resolver.resolve(acme, {
      startDate: '2026-03-01',
      endDate: '2026-03-31',
      timezone: 'Asia/Kolkata',
      provider: 'openai',
      modelId: 'ABCDEF00-0000-4000-8000-000000000000',
    });

    expect(query).toEqual({
      scope: acme,
      range: {
        start: new Date('2026-02-28T18:30:00Z'),
        end: new Date('2026-03-31T18:30:00Z'),
      },
      timeZone: 'Asia/Kolkata',
      granularity: 'day',
      filters: {
        provider: 'openai',
        modelId: 'abcdef00-0000-4000-8000-000000000000',
      },
    });
    expect(usage.findTimeBounds).not.toHaveBeenCalled();
  });

  it('spans the records without dates', async () => {
    const { resolver, usage } = setUp();

    const query = await resolver.resolve({ kind: 'global' }, {});

    expect(query.range).toEqual(bounds);
    expect(query.timeZone).toBe('UTC');
    expect(query.granularity).toBe('hour');
    expect(usage.findTimeBounds).toHaveBeenCalledWith({ kind: 'global' }, {});
  });

  // All time, with records over seven years, 2,557 days.
  const sevenYears = {
    start: new Date('2019-01-01T00:00:00Z'),
    end: new Date('2026-01-01T00:00:00Z'),
  };

  it('limits the buckets of a series', async () => {
    const { resolver, usage } = setUp();
    usage.findTimeBounds.mockResolvedValue(sevenYears);

    await expect(
      resolver.resolve(acme, { granularity: 'day' }),
    ).rejects.toThrow(
      new InvalidUsageQueryError(
        'granularity',
        'day gives 2557 buckets for this range, more than the maximum of 1000; choose a coarser granularity or a shorter range',
      ),
    );
  });

  it('skips the bucket limit without a series', async () => {
    const { resolver, usage } = setUp();
    usage.findTimeBounds.mockResolvedValue(sevenYears);

    const query = await resolver.resolve(
      acme,
      { granularity: 'day' },
      { series: false },
    );

    expect(query.granularity).toBe('day');
    expect(query.range).toEqual(sevenYears);
  });

  it('spells the zone as the database', async () => {
    const { resolver } = setUp();

    const query = await resolver.resolve(acme, {
      startDate: '2026-03-01',
      endDate: '2026-03-01',
      timezone: 'europe/BERLIN',
    });

    expect(query.timeZone).toBe('Europe/Berlin');
    expect(query.range).toEqual({
      start: new Date('2026-02-28T23:00:00Z'),
      end: new Date('2026-03-01T23:00:00Z'),
    });
  });

  it('rejects a zone unknown to the database', async () => {
    const { resolver } = setUp();

    await expect(
      resolver.resolve(acme, { timezone: 'Europe/Atlantis' }),
    ).rejects.toThrow(
      new InvalidUsageQueryError(
        'timezone',
        'must be an IANA time zone name in Area/Location form, such as Europe/Berlin or Asia/Kolkata, or UTC',
      ),
    );
  });

  it('rejects an unknown organization', async () => {
    const { resolver } = setUp({ organizationExists: false });

    await expect(resolver.resolve(acme, {})).rejects.toBeInstanceOf(
      OrganizationNotFoundError,
    );
  });

  it('skips the organization check globally', async () => {
    const { resolver, organizations } = setUp();

    await resolver.resolve({ kind: 'global' }, {});

    expect(organizations.exists).not.toHaveBeenCalled();
  });
});
