import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { readLines } from '../../src/cli/trace-file';
import { DomainError } from '../../src/common/domain/domain-error';
import {
  ImportSummary,
  ImportUsageTraceCommand,
  MalformedRow,
} from '../../src/modules/usage/application/import-usage-trace.command';
import { ImportUsageTraceUseCase } from '../../src/modules/usage/application/import-usage-trace.use-case';
import {
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { locateTraceFile } from '../support/trace-file';

/** The Azure LLM inference trace 2023 (code), kept outside the repository. */
const TRACE_FILE = locateTraceFile();
const HEADER = 'TIMESTAMP,ContextTokens,GeneratedTokens';

describe('ImportUsageTraceUseCase', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let importer: ImportUsageTraceUseCase;
  let model: ModelFixture;
  let directory: string;
  let organizationCount = 0;

  /** An organization with members inserted in the given order. */
  const organizationWith = async (
    emails: string[],
  ): Promise<{ id: string; members: UserFixture[] }> => {
    organizationCount += 1;
    const organization = await insertOrganization(
      dataSource,
      `Trace org ${organizationCount}`,
    );
    const members: UserFixture[] = [];
    for (const email of emails) {
      members.push(
        await insertUser(dataSource, {
          organizationId: organization.id,
          email: email.replace('@', `+${organizationCount}@`),
        }),
      );
    }

    return { id: organization.id, members };
  };

  const writeTrace = async (name: string, text: string): Promise<string> => {
    const path = join(directory, name);
    await writeFile(path, text);
    return path;
  };

  const importFile = (
    file: string,
    organizationId: string,
    options: Partial<ImportUsageTraceCommand> = {},
  ): Promise<ImportSummary> =>
    importer.execute({
      organizationId,
      modelId: model.id,
      source: file.split('/').pop() as string,
      lines: readLines(file),
      ...options,
    });

  const rejection = async (promise: Promise<unknown>): Promise<DomainError> => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };

  const usageOf = (organizationId: string) =>
    dataSource.query(
      `SELECT u.email, usage.input_tokens::int AS input, usage.output_tokens::int AS output,
              usage.created_at
       FROM usage JOIN users u ON u.id = usage.user_id
       WHERE usage.organization_id = $1
       ORDER BY usage.created_at, usage.input_tokens`,
      [organizationId],
    );

  beforeAll(async () => {
    testApp = await startTestApp('import_trace');
    dataSource = testApp.dataSource;
    importer = testApp.app.get(ImportUsageTraceUseCase);
    model = await insertModel(dataSource, {
      name: 'code-model',
      provider: 'azure',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
      currency: 'USD',
    });
    directory = await mkdtemp(join(tmpdir(), 'usage-import-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await testApp.close();
  });

  describe('the Azure code trace', () => {
    // Inserted out of order: "C" collation sorts '-' < '.' < letters.
    const emails = [
      'annie@trace.example',
      'ann-lee@trace.example',
      'ann.kim@trace.example',
    ];
    let organization: { id: string; members: UserFixture[] };
    let summary: ImportSummary;

    beforeAll(async () => {
      organization = await organizationWith(emails);
      summary = await importFile(TRACE_FILE, organization.id);
    });

    it('reports the file totals', () => {
      expect(summary).toEqual({
        rowsRead: 8819,
        imported: 8819,
        alreadyPresent: 0,
        malformed: 0,
        inputTokens: 18059974,
        outputTokens: 245896,
        durationMs: expect.any(Number),
      });
    });

    it('stores the file totals', async () => {
      const rows = await dataSource.query(
        `SELECT count(*)::int AS records, sum(input_tokens)::text AS input,
                sum(output_tokens)::text AS output, sum(cost)::text AS cost,
                min(created_at) AS first, max(created_at) AS last
         FROM usage WHERE organization_id = $1`,
        [organization.id],
      );

      expect(rows[0].records).toBe(8819);
      expect(rows[0].input).toBe('18059974');
      expect(rows[0].output).toBe('245896');
      // 18059974 x 2.5 / 1e6 + 245896 x 10 / 1e6 = 45.149935 + 2.45896
      expect(rows[0].cost).toBe('47.608895000000000000');
      // 2023-11-16 18:17:03.9799600 and 19:14:19.9280160, truncated to ms.
      expect(rows[0].first).toEqual(new Date('2023-11-16T18:17:03.979Z'));
      expect(rows[0].last).toEqual(new Date('2023-11-16T19:14:19.928Z'));
    });

    it('attributes row i to member i mod 3', async () => {
      const lines = readFileSync(TRACE_FILE, 'utf8').split('\n').slice(1);
      const byEmailOrder = [
        organization.members[1].email,
        organization.members[2].email,
        organization.members[0].email,
      ];
      const expected = byEmailOrder.map((email, member) => {
        const own = lines.filter((_, index) => index % 3 === member);
        return {
          email,
          records: own.length,
          input: own.reduce((sum, line) => sum + Number(line.split(',')[1]), 0),
        };
      });

      const rows = await dataSource.query(
        `SELECT u.email, count(*)::int AS records, sum(usage.input_tokens)::int AS input
         FROM usage JOIN users u ON u.id = usage.user_id
         WHERE usage.organization_id = $1
         GROUP BY u.email ORDER BY u.email COLLATE "C"`,
        [organization.id],
      );

      expect(expected.map((member) => member.records)).toEqual([
        2940, 2940, 2939,
      ]);
      expect(rows).toEqual(expected);
    });

    it('adds nothing on a second import', async () => {
      const again = await importFile(TRACE_FILE, organization.id);

      expect(again.imported).toBe(0);
      expect(again.alreadyPresent).toBe(8819);
      expect(again.inputTokens).toBe(0);
      const rows = await dataSource.query(
        `SELECT count(*)::int AS n FROM usage WHERE organization_id = $1`,
        [organization.id],
      );
      expect(rows[0].n).toBe(8819);
    });
  });

  describe('small files', () => {
    it('reports malformed rows by line', async () => {
      const organization = await organizationWith([
        'a@small.example',
        'b@small.example',
        'c@small.example',
      ]);
      const file = await writeTrace(
        'malformed.csv',
        [
          HEADER,
          '2023-11-16 18:00:00.0000000,10,1',
          '2023-11-16 18:00:01.0000000,11',
          '2023-11-16 25:00:00.0000000,12,1',
          '2023-11-16 18:00:03.0000000,-13,1',
          '2023-11-16 18:00:04.0000000,14,1.5',
          '',
          '2023-11-16 18:00:06.0000000,16,1',
          '2023-11-16 18:00:07.0000000,9007199254740991,1',
        ].join('\n') + '\n',
      );
      const malformed: MalformedRow[] = [];

      const summary = await importFile(file, organization.id, {
        onMalformedRow: (row) => malformed.push(row),
      });

      expect(malformed).toEqual([
        { lineNumber: 3, reason: 'expected 3 columns, found 2' },
        {
          lineNumber: 4,
          reason:
            'invalid TIMESTAMP "2023-11-16 25:00:00.0000000"; expected YYYY-MM-DD HH:MM:SS.fffffff in UTC',
        },
        {
          lineNumber: 5,
          reason:
            'invalid ContextTokens "-13"; expected a whole number from 0 to 100000000',
        },
        {
          lineNumber: 6,
          reason:
            'invalid GeneratedTokens "1.5"; expected a whole number from 0 to 100000000',
        },
        { lineNumber: 7, reason: 'expected 3 columns, found 1' },
        {
          lineNumber: 9,
          reason:
            'invalid ContextTokens "9007199254740991"; expected a whole number from 0 to 100000000',
        },
      ]);
      expect(summary).toMatchObject({
        rowsRead: 8,
        imported: 2,
        alreadyPresent: 0,
        malformed: 6,
        inputTokens: 26,
        outputTokens: 2,
      });
      // Row 6 goes to member 6 mod 3 = 0: malformed rows keep their index.
      expect(await usageOf(organization.id)).toEqual([
        {
          email: organization.members[0].email,
          input: 10,
          output: 1,
          created_at: new Date('2023-11-16T18:00:00Z'),
        },
        {
          email: organization.members[0].email,
          input: 16,
          output: 1,
          created_at: new Date('2023-11-16T18:00:06Z'),
        },
      ]);
    });

    it('imports only appended rows', async () => {
      const organization = await organizationWith(['d@small.example']);
      const rows = [
        '2023-11-16 18:00:00.1000000,1,1',
        '2023-11-16 18:00:00.2000000,2,1',
        '2023-11-16 18:00:00.3000000,3,1',
      ];
      const file = await writeTrace(
        'growing.csv',
        [HEADER, ...rows].join('\n'),
      );
      const first = await importFile(file, organization.id);

      await writeFile(
        file,
        [
          HEADER,
          ...rows,
          '2023-11-16 18:00:00.4000000,4,1',
          '2023-11-16 18:00:00.5000000,5,1',
        ].join('\n'),
      );
      const second = await importFile(file, organization.id);

      expect(first.imported).toBe(3);
      expect(second.imported).toBe(2);
      expect(second.alreadyPresent).toBe(3);
      expect(second.inputTokens).toBe(9);
      expect(
        (await usageOf(organization.id)).map(
          (row: { input: number }) => row.input,
        ),
      ).toEqual([1, 2, 3, 4, 5]);
    });

    it('imports a last line without newline', async () => {
      const organization = await organizationWith(['e@small.example']);
      const file = await writeTrace(
        'no-newline.csv',
        `${HEADER}\n2023-11-16 18:00:00.0000000,7,3`,
      );

      const summary = await importFile(file, organization.id);

      expect(summary.imported).toBe(1);
      expect(summary.inputTokens).toBe(7);
      expect(summary.outputTokens).toBe(3);
    });

    it('reads CRLF line breaks', async () => {
      const organization = await organizationWith(['f@small.example']);
      const file = await writeTrace(
        'crlf.csv',
        `${HEADER}\r\n2023-11-16 18:00:00.0000000,7,3\r\n2023-11-16 18:00:01.0000000,8,3\r\n`,
      );

      const summary = await importFile(file, organization.id);

      expect(summary.imported).toBe(2);
      expect(summary.malformed).toBe(0);
    });

    it('attributes rows to the first N members', async () => {
      const organization = await organizationWith([
        'h@small.example',
        'g@small.example',
        'i@small.example',
      ]);
      const file = await writeTrace(
        'two-users.csv',
        [
          HEADER,
          '2023-11-16 18:00:00.0000000,1,1',
          '2023-11-16 18:00:01.0000000,2,1',
          '2023-11-16 18:00:02.0000000,3,1',
        ].join('\n'),
      );

      await importFile(file, organization.id, { users: 2 });

      expect(
        (await usageOf(organization.id)).map(
          (row: { email: string }) => row.email,
        ),
      ).toEqual([
        organization.members[1].email,
        organization.members[0].email,
        organization.members[1].email,
      ]);
    });

    it('gives each source its own request ids', async () => {
      const organization = await organizationWith(['j@small.example']);
      const file = await writeTrace(
        'source.csv',
        `${HEADER}\n2023-11-16 18:00:00.0000000,1,1\n`,
      );

      await importFile(file, organization.id, { source: 'monday' });
      const other = await importFile(file, organization.id, {
        source: 'tuesday',
      });

      expect(other.imported).toBe(1);
    });
  });

  describe('errors', () => {
    let file: string;

    beforeAll(async () => {
      file = await writeTrace(
        'valid.csv',
        `${HEADER}\n2023-11-16 18:00:00.0000000,1,1\n`,
      );
    });

    it('rejects more users than members', async () => {
      const organization = await organizationWith(['k@small.example']);

      const error = await rejection(
        importFile(file, organization.id, { users: 2 }),
      );

      expect(error.code).toBe('usage.invalid_import');
      expect(error.details).toEqual([
        {
          field: 'users',
          message: `must be a whole number from 1 to 1, the member count of organization ${organization.id}`,
        },
      ]);
    });

    it('rejects an organization without members', async () => {
      const organization = await organizationWith([]);

      const error = await rejection(importFile(file, organization.id));

      expect(error.code).toBe('usage.invalid_import');
      expect(error.details.map((detail) => detail.field)).toEqual([
        'organizationId',
      ]);
    });

    it('rejects an unknown organization', async () => {
      const error = await rejection(
        importFile(file, '00000000-0000-4000-8000-000000000001'),
      );

      expect(error.code).toBe('usage.unknown_organization');
    });

    it('rejects an unknown model', async () => {
      const organization = await organizationWith(['l@small.example']);

      const error = await rejection(
        importFile(file, organization.id, {
          modelId: '00000000-0000-4000-8000-000000000002',
        }),
      );

      expect(error.code).toBe('usage.unknown_model');
    });

    it('rejects another header', async () => {
      const organization = await organizationWith(['m@small.example']);
      const other = await writeTrace(
        'other.csv',
        'time,in,out\n2023-11-16 18:00:00,1,1\n',
      );

      const error = await rejection(importFile(other, organization.id));

      expect(error.details).toEqual([
        {
          field: 'file',
          message: `has the header "time,in,out"; expected ${HEADER}`,
        },
      ]);
      expect(await usageOf(organization.id)).toEqual([]);
    });

    it('rejects an empty file', async () => {
      const organization = await organizationWith(['n@small.example']);
      const empty = await writeTrace('empty.csv', '');

      const error = await rejection(importFile(empty, organization.id));

      expect(error.details.map((detail) => detail.field)).toEqual(['file']);
    });
  });
});
