import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-runtime';

export const MODELS_IMPORT_FORMATS = ['litellm'] as const;
export type ModelsImportFormat = (typeof MODELS_IMPORT_FORMATS)[number];

export const MODELS_IMPORT_USAGE = `Usage: npm run models:import -- --format litellm --file PATH [--dry-run]

Creates or updates catalog models from a price list, matched by name, and
prints each change. A new model gets the name as display name; an existing
model keeps its display name and provider, and only its prices and
currency change.

Options:
  --format litellm  price list format: LiteLLM's model_prices_and_context_window.json
                    (per-token USD prices, stored per million tokens in USD)
  --file PATH       JSON file to read
  --dry-run         print the changes without writing any
  --help            print this help

The database is DATABASE_URL when set, else the embedded PostgreSQL.`;

export interface ModelsImportArguments {
  format: ModelsImportFormat;
  file: string;
  dryRun: boolean;
}

/** Parses the command line; throws CliUsageError naming the bad flag. Null means --help. */
export function parseModelsImportArguments(
  argv: string[],
): ModelsImportArguments | null {
  const { values } = parseStrict(argv);
  if (values.help === true) return null;

  const format = values.format;
  if (format === undefined || format.trim() === '') {
    throw new CliUsageError('Missing --format');
  }
  if (!(MODELS_IMPORT_FORMATS as readonly string[]).includes(format)) {
    throw new CliUsageError(
      `Invalid --format "${format}": expected ${MODELS_IMPORT_FORMATS.join(' or ')}`,
    );
  }
  if (values.file === undefined || values.file.trim() === '') {
    throw new CliUsageError('Missing --file');
  }

  return {
    format: format as ModelsImportFormat,
    file: values.file,
    dryRun: values['dry-run'] === true,
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
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    // Node's messages name the flag, for example "Unknown option '--dry'".
    throw new CliUsageError((error as Error).message.split('. To specify')[0]);
  }
}
