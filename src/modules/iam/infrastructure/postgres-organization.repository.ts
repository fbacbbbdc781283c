import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toSafeInteger } from '../../../common/domain/safe-integer';
import { isUniqueViolation } from '../../../common/persistence/postgres-errors';
import { OrganizationRepository } from '../application/ports/organization.repository';
import { OrganizationNameTakenError } from '../domain/iam.errors';
import { Organization } from '../domain/organization';
import { PreparedStatements } from '../../../common/persistence/prepared-statements';

interface OrganizationRow {
  id: string;
  name: string;
  member_count: string;
  created_at: Date;
}

const SELECT_ORGANIZATIONS = `
  SELECT o.id, o.name, o.created_at,
         (SELECT count(*) FROM users u WHERE u.organization_id = o.id) AS member_count
  FROM organizations o`;

function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    memberCount: toSafeInteger(row.member_count),
    createdAt: row.created_at,
  };
}

@Injectable()
export class PostgresOrganizationRepository extends OrganizationRepository {
  private readonly prepared: PreparedStatements;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.prepared = new PreparedStatements(dataSource);
  }

  async findById(organizationId: string): Promise<Organization | null> {
    const rows: OrganizationRow[] = await this.dataSource.query(
      `${SELECT_ORGANIZATIONS} WHERE o.id = $1`,
      [organizationId],
    );

    return rows.length === 0 ? null : toOrganization(rows[0]);
  }

  async exists(organizationId: string): Promise<boolean> {
    const rows = await this.prepared.query(
      `SELECT 1 FROM organizations WHERE id = $1`,
      [organizationId],
    );

    return rows.length > 0;
  }

  async findByName(name: string): Promise<Organization | null> {
    const rows: OrganizationRow[] = await this.dataSource.query(
      `${SELECT_ORGANIZATIONS} WHERE lower(o.name) = lower($1)`,
      [name],
    );

    return rows.length === 0 ? null : toOrganization(rows[0]);
  }

  async list(): Promise<Organization[]> {
    const rows: OrganizationRow[] = await this.dataSource.query(
      `${SELECT_ORGANIZATIONS} ORDER BY o.name COLLATE "C", o.id`,
    );

    return rows.map(toOrganization);
  }

  async create(name: string): Promise<Organization> {
    try {
      const rows: OrganizationRow[] = await this.dataSource.query(
        `INSERT INTO organizations (name) VALUES ($1)
         RETURNING id, name, created_at, 0 AS member_count`,
        [name],
      );

      return toOrganization(rows[0]);
    } catch (error) {
      if (isUniqueViolation(error, 'organizations_name_key')) {
        throw new OrganizationNameTakenError(name);
      }
      throw error;
    }
  }
}
