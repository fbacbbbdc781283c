import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActorDeactivatedError, EmailTakenError } from '../domain/iam.errors';
import { OrgRole, SystemRole, User, UserCredentials } from '../domain/user';
import { NewUser, UserRepository } from '../application/ports/user.repository';
import { isUniqueViolation } from '../../../common/persistence/postgres-errors';
import { PreparedStatements } from '../../../common/persistence/prepared-statements';

interface UserRow {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  org_role: OrgRole;
  system_role: SystemRole | null;
  deactivated_at: Date | null;
  created_at: Date;
  password_hash?: string;
}

const USER_COLUMNS = `id, organization_id, email, name, org_role, system_role, deactivated_at, created_at`;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    name: row.name,
    orgRole: row.org_role,
    systemRole: row.system_role,
    deactivatedAt: row.deactivated_at,
    createdAt: row.created_at,
  };
}

@Injectable()
export class PostgresUserRepository extends UserRepository {
  private readonly prepared: PreparedStatements;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.prepared = new PreparedStatements(dataSource);
  }

  async findById(userId: string): Promise<User | null> {
    // Every authenticated request runs this lookup, so it is prepared once.
    const rows = await this.prepared.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`,
      [userId],
    );

    return rows.length === 0 ? null : toUser(rows[0]);
  }

  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE email = $1`,
      [email],
    );
    if (rows.length === 0) return null;

    return {
      user: toUser(rows[0]),
      passwordHash: rows[0].password_hash as string,
    };
  }

  async listByOrganization(organizationId: string): Promise<User[]> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM users
       WHERE organization_id = $1
       ORDER BY email COLLATE "C", id`,
      [organizationId],
    );

    return rows.map(toUser);
  }

  async create(user: NewUser): Promise<User> {
    try {
      const rows: UserRow[] = await this.dataSource.query(
        `INSERT INTO users (organization_id, email, name, password_hash, org_role, system_role)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING ${USER_COLUMNS}`,
        [
          user.organizationId,
          user.email,
          user.name,
          user.passwordHash,
          user.orgRole,
          user.systemRole,
        ],
      );

      return toUser(rows[0]);
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key'))
        throw new EmailTakenError(user.email);
      throw error;
    }
  }

  async deactivate(userId: string, actorUserId: string): Promise<User | null> {
    return this.dataSource.transaction(async (manager) => {
      // Locked in id order, so two such transactions cannot deadlock. After
      // waiting for a row lock, READ COMMITTED returns the row as the other
      // transaction committed it.
      const locked: { id: string; can_act: boolean }[] = await manager.query(
        `SELECT id, deactivated_at IS NULL AND system_role = 'super_admin' AS can_act
         FROM users WHERE id IN ($1, $2)
         ORDER BY id FOR UPDATE`,
        [userId, actorUserId],
      );
      if (!locked.some((row) => row.id === userId)) return null;
      if (!locked.some((row) => row.id === actorUserId && row.can_act)) {
        throw new ActorDeactivatedError(actorUserId);
      }

      // TypeORM returns [rows, affectedCount] for an UPDATE, not the rows alone.
      const [rows]: [UserRow[], number] = await manager.query(
        `UPDATE users SET deactivated_at = COALESCE(deactivated_at, now())
         WHERE id = $1
         RETURNING ${USER_COLUMNS}`,
        [userId],
      );

      return toUser(rows[0]);
    });
  }
}
