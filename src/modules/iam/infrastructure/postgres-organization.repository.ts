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

/** Maximum number of organization ids that exists() remembers. */
const MAX_KNOWN_ORGANIZATIONS = 100_000;

@Injectable()
export class PostgresOrganizationRepository extends OrganizationRepository {
  private readonly prepared: PreparedStatements;
  private readonly known = new Set<string>();

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

  /**
   * Checks whether an organization exists and keeps the ids found, so that
   * the check each dashboard call makes needs a query once per id.
   * NOTE: exact only while no code deletes an organization, as is the case.
   */
  async exists(organizationId: string): Promise<boolean> {
    if (this.known.has(organizationId)) return true;

    const rows = await this.prepared.query(
      `SELECT 1 FROM organizations WHERE id = $1`,
      [organizationId],
    );

    if (rows.length === 0) return false;
    if (this.known.size >= MAX_KNOWN_ORGANIZATIONS) this.known.clear();
    this.known.add(organizationId);

    return true;
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
        // The names differ at most in case, so the error names the stored
        // one. If it was renamed or deleted since, the given name is used.
        const existing = await this.findByName(name);
        throw new OrganizationNameTakenError(existing?.name ?? name);
      }
      throw error;
    }
  }
}
