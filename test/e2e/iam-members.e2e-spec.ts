import request from 'supertest';
import {
  bearer,
  insertOrganization,
  insertUser,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('GET /api/organization/members', () => {
  let testApp: TestApp;
  let acme: OrganizationFixture;
  let admin: UserFixture;
  let member: UserFixture;
  let root: UserFixture;

  beforeAll(async () => {
    testApp = await startTestApp('iam_members');
    const { dataSource } = testApp;
    acme = await insertOrganization(dataSource, 'Acme');
    const globex = await insertOrganization(dataSource, 'Globex');
    const platform = await insertOrganization(dataSource, 'Platform');

    // Byte order puts "b-zed" before "bob" because "-" (0x2d) is below "o".
    // A linguistic collation that skips punctuation would put it last.
    member = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'bob@acme.test',
      name: 'Bob',
    });
    admin = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'alice@acme.test',
      name: 'Alice',
      orgRole: 'admin',
    });
    await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'b-zed@acme.test',
      name: 'Gone',
      deactivated: true,
    });
    await insertUser(dataSource, {
      organizationId: globex.id,
      email: 'aaron@globex.test',
      orgRole: 'admin',
    });
    root = await insertUser(dataSource, {
      organizationId: platform.id,
      email: 'root@platform.test',
      orgRole: 'admin',
      systemRole: 'super_admin',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const listMembers = (user: UserFixture) =>
    request(testApp.server)
      .get('/api/organization/members')
      .set('Authorization', bearer(user));

  const storedUser = async (email: string) => {
    const rows: {
      id: string;
      created_at: Date;
      deactivated_at: Date | null;
    }[] = await testApp.dataSource.query(
      `SELECT id, created_at, deactivated_at FROM users WHERE email = $1`,
      [email],
    );

    return rows[0];
  };

  it('lists every user of the organization by email', async () => {
    const alice = await storedUser('alice@acme.test');
    const zed = await storedUser('b-zed@acme.test');
    const bob = await storedUser('bob@acme.test');

    const response = await listMembers(admin);

    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      {
        id: alice.id,
        email: 'alice@acme.test',
        name: 'Alice',
        orgRole: 'admin',
        systemRole: null,
        isActive: true,
        createdAt: alice.created_at.toISOString(),
      },
      {
        id: zed.id,
        email: 'b-zed@acme.test',
        name: 'Gone',
        orgRole: 'member',
        systemRole: null,
        isActive: false,
        createdAt: zed.created_at.toISOString(),
      },
      {
        id: bob.id,
        email: 'bob@acme.test',
        name: 'Bob',
        orgRole: 'member',
        systemRole: null,
        isActive: true,
        createdAt: bob.created_at.toISOString(),
      },
    ]);
  });

  it('lists a super admin its own organization', async () => {
    const response = await listMembers(root);

    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0].email).toBe('root@platform.test');
    expect(response.body[0].systemRole).toBe('super_admin');
  });

  it('rejects a member with 403', async () => {
    const response = await listMembers(member);

    expect(response.status).toBe(403);
    expect(response.body.message).toBe(
      'This route requires the organization role admin',
    );
  });

  it('rejects a request without a token', async () => {
    const response = await request(testApp.server).get(
      '/api/organization/members',
    );

    expect(response.status).toBe(401);
  });
});
