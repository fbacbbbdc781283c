import { DataSource } from 'typeorm';
import { PostgresOrganizationRepository } from '../../src/modules/iam/infrastructure/postgres-organization.repository';
import { PostgresUserRepository } from '../../src/modules/iam/infrastructure/postgres-user.repository';
import {
  ActorDeactivatedError,
  EmailTakenError,
  OrganizationNameTakenError,
} from '../../src/modules/iam/domain/iam.errors';
import { insertOrganization, insertUser } from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const UNKNOWN_ID = '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';

describe('IAM Postgres repositories', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let users: PostgresUserRepository;
  let organizations: PostgresOrganizationRepository;

  beforeAll(async () => {
    database = await createTestDatabase('iam_repositories');
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
    }).initialize();
    users = new PostgresUserRepository(dataSource);
    organizations = new PostgresOrganizationRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE users, organizations CASCADE');
  });

  describe('PostgresOrganizationRepository', () => {
    it('lists by byte order with member counts', async () => {
      const lower = await insertOrganization(dataSource, 'acme');
      const upper = await insertOrganization(dataSource, 'Zeta');
      await insertUser(dataSource, {
        organizationId: lower.id,
        email: 'a@acme.test',
      });
      await insertUser(dataSource, {
        organizationId: lower.id,
        email: 'b@acme.test',
        deactivated: true,
      });

      const listed = await organizations.list();

      expect(listed.map((o) => [o.name, o.memberCount])).toEqual([
        ['Zeta', 0],
        ['acme', 2],
      ]);
      expect(listed[1].id).toBe(lower.id);
      expect(listed[0].id).toBe(upper.id);
      expect(listed[0].createdAt).toBeInstanceOf(Date);
    });

    it('creates and finds an organization', async () => {
      const created = await organizations.create('Acme');

      expect(created.memberCount).toBe(0);
      expect(await organizations.findById(created.id)).toEqual(created);
      expect(await organizations.findByName('ACME')).toEqual(created);
      expect(await organizations.findById(UNKNOWN_ID)).toBeNull();
      expect(await organizations.findByName('Globex')).toBeNull();
    });

    it('tells whether an organization exists', async () => {
      const created = await organizations.create('Acme');

      expect(await organizations.exists(created.id)).toBe(true);
      expect(await organizations.exists(UNKNOWN_ID)).toBe(false);
    });

    it('turns a duplicate name into a conflict', async () => {
      await organizations.create('Acme');

      await expect(organizations.create('aCME')).rejects.toThrow(
        OrganizationNameTakenError,
      );
    });
  });

  describe('PostgresUserRepository', () => {
    const newUser = (organizationId: string, email: string) => ({
      organizationId,
      email,
      name: 'Ada',
      passwordHash: 'scrypt$32768$8$1$salt$key',
      orgRole: 'member' as const,
      systemRole: null,
    });

    it('creates a user and reads its credentials', async () => {
      const acme = await insertOrganization(dataSource, 'Acme');

      const created = await users.create(newUser(acme.id, 'ada@acme.test'));

      expect(created).toEqual({
        id: expect.any(String),
        organizationId: acme.id,
        email: 'ada@acme.test',
        name: 'Ada',
        orgRole: 'member',
        systemRole: null,
        deactivatedAt: null,
        createdAt: expect.any(Date),
      });
      expect(await users.findById(created.id)).toEqual(created);
      expect(await users.findCredentialsByEmail('ada@acme.test')).toEqual({
        user: created,
        passwordHash: 'scrypt$32768$8$1$salt$key',
      });
      expect(await users.findCredentialsByEmail('eve@acme.test')).toBeNull();
    });

    it('turns a duplicate email into a conflict', async () => {
      const acme = await insertOrganization(dataSource, 'Acme');
      await users.create(newUser(acme.id, 'ada@acme.test'));

      await expect(
        users.create(newUser(acme.id, 'ada@acme.test')),
      ).rejects.toThrow(EmailTakenError);
    });

    it('lists one organization by byte order', async () => {
      const acme = await insertOrganization(dataSource, 'Acme');
      const globex = await insertOrganization(dataSource, 'Globex');
      for (const email of [
        'bob@acme.test',
        'b-zed@acme.test',
        'al@acme.test',
      ]) {
        await insertUser(dataSource, { organizationId: acme.id, email });
      }
      await insertUser(dataSource, {
        organizationId: globex.id,
        email: 'aaron@globex.test',
      });

      const members = await users.listByOrganization(acme.id);

      expect(members.map((user) => user.email)).toEqual([
        'al@acme.test',
        'b-zed@acme.test',
        'bob@acme.test',
      ]);
    });

    it('deactivates once and keeps the first time', async () => {
      const acme = await insertOrganization(dataSource, 'Acme');
      const ada = await insertUser(dataSource, {
        organizationId: acme.id,
        email: 'ada@acme.test',
      });

      const root = await insertUser(dataSource, {
        organizationId: acme.id,
        email: 'root@acme.test',
        systemRole: 'super_admin',
      });

      const first = await users.deactivate(ada.id, root.id);
      const second = await users.deactivate(ada.id, root.id);

      expect(first?.deactivatedAt).toBeInstanceOf(Date);
      expect(second?.deactivatedAt).toEqual(first?.deactivatedAt);
      expect(await users.deactivate(UNKNOWN_ID, root.id)).toBeNull();
    });

    it('lets one of two super admins deactivating each other win', async () => {
      const acme = await insertOrganization(dataSource, 'Acme two');
      for (let attempt = 0; attempt < 8; attempt += 1) {
        const [a, b] = await Promise.all(
          ['a', 'b'].map((name) =>
            insertUser(dataSource, {
              organizationId: acme.id,
              email: `${name}-${attempt}@acme.test`,
              systemRole: 'super_admin',
            }),
          ),
        );

        const outcomes = await Promise.allSettled([
          users.deactivate(b.id, a.id),
          users.deactivate(a.id, b.id),
        ]);

        const rejected = outcomes.filter((o) => o.status === 'rejected');
        expect(outcomes.map((o) => o.status).sort()).toEqual([
          'fulfilled',
          'rejected',
        ]);
        expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(
          ActorDeactivatedError,
        );
        const active = await dataSource.query(
          `SELECT count(*)::int AS n FROM users
           WHERE id IN ($1, $2) AND deactivated_at IS NULL`,
          [a.id, b.id],
        );
        expect(active).toEqual([{ n: 1 }]);
      }
    });
  });
});
