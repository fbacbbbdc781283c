/**
 * The demo organizations, users and models. Prices are per million tokens
 * and only illustrative: they are not any provider's current list prices.
 */

export interface DemoOrganization {
  name: string;
  /** Email domain; the admin is `admin@<domain>`. */
  domain: string;
  /** Members besides the admin, by the local part of their email. */
  members: string[];
  /** Offset of the working day from UTC, in hours. */
  utcOffsetHours: number;
  /** Mean requests per hour at the busiest hour of a weekday. */
  peakRequestsPerHour: number;
  /** Relative use of each DEMO_MODELS entry, in the same order. */
  modelWeights: number[];
}

export interface DemoModel {
  name: string;
  displayName: string;
  provider: string;
  /** Decimal strings per million tokens; null for an unpriced model. */
  inputPricePerMillion: string | null;
  outputPricePerMillion: string | null;
  currency: string;
  /** Median tokens of a request, for the generated usage. */
  medianInputTokens: number;
  medianOutputTokens: number;
}

export const DEMO_MODELS: readonly DemoModel[] = [
  model('gpt-4o', 'GPT-4o', 'openai', '2.5', '10', 'USD', 1800, 420),
  model('gpt-4o-mini', 'GPT-4o mini', 'openai', '0.15', '0.6', 'USD', 900, 260),
  model(
    'claude-sonnet-4',
    'Claude Sonnet 4',
    'anthropic',
    '3',
    '15',
    'USD',
    2400,
    520,
  ),
  model(
    'claude-3-5-haiku',
    'Claude 3.5 Haiku',
    'anthropic',
    '0.8',
    '4',
    'USD',
    1100,
    300,
  ),
  model(
    'gemini-1.5-pro',
    'Gemini 1.5 Pro',
    'google',
    '1.25',
    '5',
    'USD',
    3000,
    380,
  ),
  model(
    'mistral-large',
    'Mistral Large',
    'mistral',
    '1.8',
    '5.4',
    'EUR',
    1500,
    350,
  ),
  model(
    'mistral-small',
    'Mistral Small',
    'mistral',
    '0.09',
    '0.27',
    'EUR',
    700,
    200,
  ),
  model(
    'llama-3.1-70b-self-hosted',
    'Llama 3.1 70B (self-hosted)',
    'meta',
    null,
    null,
    'EUR',
    1200,
    310,
  ),
];

export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  {
    name: 'Acme Robotics',
    domain: 'acme.example',
    members: [
      'ada',
      'alan',
      'barbara',
      'claude',
      'edsger',
      'grace',
      'ken',
      'linus',
      'margaret',
    ],
    utcOffsetHours: 1,
    peakRequestsPerHour: 14,
    modelWeights: [5, 3, 4, 2, 0, 1, 0, 2],
  },
  {
    name: 'Globex Analytics',
    domain: 'globex.example',
    members: [
      'dennis',
      'donald',
      'frances',
      'john',
      'katherine',
      'leslie',
      'radia',
    ],
    utcOffsetHours: -5,
    peakRequestsPerHour: 9,
    modelWeights: [2, 6, 1, 3, 3, 0, 0, 0],
  },
  {
    name: 'Initech Labs',
    domain: 'initech.example',
    members: ['adele', 'bjarne', 'guido', 'hedy', 'niklaus', 'yukihiro'],
    utcOffsetHours: 9,
    peakRequestsPerHour: 6,
    modelWeights: [0, 1, 0, 0, 1, 4, 5, 3],
  },
];

export const DEMO_USER_COUNT = DEMO_ORGANIZATIONS.reduce(
  (sum, organization) => sum + 1 + organization.members.length,
  0,
);

function model(
  name: string,
  displayName: string,
  provider: string,
  inputPricePerMillion: string | null,
  outputPricePerMillion: string | null,
  currency: string,
  medianInputTokens: number,
  medianOutputTokens: number,
): DemoModel {
  return {
    name,
    displayName,
    provider,
    inputPricePerMillion,
    outputPricePerMillion,
    currency,
    medianInputTokens,
    medianOutputTokens,
  };
}
