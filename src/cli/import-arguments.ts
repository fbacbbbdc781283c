import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-runtime';

export const IMPORT_FORMATS = ['azure-llm-trace'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_USAGE = `Usage: npm run import -- --format azure-llm-trace --file PATH --organization ORG_ID --model MODEL_ID [--users N] [--source NAME]

Imports a usage trace as usage of one organization and model. Data row i
(from 0) is attributed to member i mod N of the organization, members in
email order. Rows already imported are skipped, so a file can be imported
again after rows were appended. Times are UTC; digits beyond milliseconds
are truncated.

Options:
  --format azure-llm-trace  trace format: the Azure LLM inference trace CSV
                            (TIMESTAMP,ContextTokens,GeneratedTokens, UTC)
  --file PATH               CSV file to import
  --organization ORG_ID     UUID of the organization the usage belongs to
  --model MODEL_ID          UUID of the catalog model that prices the usage
  --users N                 attribute rows to the first N members (default: all)
  --source NAME             name hashed into each request id (default: the
                            file's base name); keep it when the file moves
  --help                    print this help

The database is DATABASE_URL when set, else the embedded PostgreSQL.`;

export interface ImportArguments {
  format: ImportFormat;
  file: string;
  organizationId: string;
  modelId: string;
  users: number | undefined;
  source: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses the command line; throws CliUsageError naming the bad flag. Null means --help. */
export function parseImportArguments(argv: string[]): ImportArguments | null {
  const { values } = parseStrict(argv);
  if (values.help === true) return null;

  const format = required(values.format, '--format');
  if (!(IMPORT_FORMATS as readonly string[]).includes(format)) {
    throw new CliUsageError(
      `Invalid --format "${format}": expected ${IMPORT_FORMATS.join(' or ')}`,
    );
  }
  const file = required(values.file, '--file');

  return {
    format: format as ImportFormat,
    file,
    organizationId: uuid(values.organization, '--organization'),
    modelId: uuid(values.model, '--model'),
    users: values.users === undefined ? undefined : positive(values.users),
    source: values.source ?? basename(file),
  };
}

function parseStrict(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        format: { type: 'string' },
        file: { type: 'string' },
        organization: { type: 'string' },
        model: { type: 'string' },
        users: { type: 'string' },
        source: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    // Node's messages name the flag, for example "Unknown option '--org'".
    throw new CliUsageError((error as Error).message.split('. To specify')[0]);
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') {
    throw new CliUsageError(`Missing ${flag}`);
  }

  return value;
}

function uuid(value: string | undefined, flag: string): string {
  const text = required(value, flag);
  if (!UUID.test(text)) {
    throw new CliUsageError(`Invalid ${flag} "${text}": expected a UUID`);
  }

  return text.toLowerCase();
}

function positive(value: string): number {
  const count = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new CliUsageError(
      `Invalid --users "${value}": expected a whole number of members, at least 1`,
    );
  }

  return count;
}
