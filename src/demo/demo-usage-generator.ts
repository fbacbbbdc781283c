import { CollectUsageCommand } from '../modules/usage/application/collect-usage.command';
import { DEMO_MODELS, DemoOrganization } from './demo-catalog';
import { SeededRandom } from './seeded-random';

/** A demo organization as stored: its id and its users' ids, admin first. */
export interface SeededOrganization {
  definition: DemoOrganization;
  organizationId: string;
  userIds: string[];
}

const HOUR_MS = 3_600_000;

/** Share of the peak rate by local hour: quiet nights, a lunch dip, busy mornings and afternoons. */
const HOUR_OF_DAY_FACTORS = [
  0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.3, 0.7, 1, 1, 1, 0.6, 1, 1, 1, 1,
  0.7, 0.4, 0.2, 0.2, 0.2, 0.2, 0.1,
];

/** Share of the peak rate by local weekday, Sunday first. */
const WEEKDAY_FACTORS = [0.15, 1, 1, 1, 1, 0.8, 0.2];

/**
 * Generates the demo usage from `start` to `end` (exclusive), hour by hour
 * and organization by organization, from one seeded generator. The same
 * seed, organizations and bounds give the same commands. `modelIds` are the
 * stored ids of DEMO_MODELS, in the same order.
 */
export function* generateDemoUsage(
  organizations: SeededOrganization[],
  modelIds: string[],
  start: Date,
  end: Date,
  seed: number,
): Generator<CollectUsageCommand> {
  const random = new SeededRandom(seed);
  const userWeights = organizations.map((organization) =>
    organization.userIds.map((_, index) => 1 + ((index * 7) % 5)),
  );
  const sequences = organizations.map(() => 0);
  const firstHour = Math.floor(start.getTime() / HOUR_MS) * HOUR_MS;

  for (let hour = firstHour; hour < end.getTime(); hour += HOUR_MS) {
    for (const [index, organization] of organizations.entries()) {
      const count = random.poisson(meanRequests(organization.definition, hour));

      for (let request = 0; request < count; request += 1) {
        const occurredAt = hour + Math.floor(random.next() * HOUR_MS);
        const usage = drawUsage(
          random,
          organization,
          userWeights[index],
          modelIds,
        );
        sequences[index] += 1;
        if (occurredAt < start.getTime() || occurredAt >= end.getTime()) {
          continue;
        }

        yield {
          ...usage,
          requestId: `demo-${organization.definition.domain}-${sequences[index]}`,
          occurredAt: new Date(occurredAt),
        };
      }
    }
  }
}

function meanRequests(
  organization: DemoOrganization,
  hourStart: number,
): number {
  const local = new Date(hourStart + organization.utcOffsetHours * HOUR_MS);

  return (
    organization.peakRequestsPerHour *
    HOUR_OF_DAY_FACTORS[local.getUTCHours()] *
    WEEKDAY_FACTORS[local.getUTCDay()]
  );
}

function drawUsage(
  random: SeededRandom,
  organization: SeededOrganization,
  userWeights: number[],
  modelIds: string[],
): Omit<CollectUsageCommand, 'requestId' | 'occurredAt'> {
  const modelIndex = random.pick(organization.definition.modelWeights);
  const model = DEMO_MODELS[modelIndex];

  return {
    organizationId: organization.organizationId,
    userId: organization.userIds[random.pick(userWeights)],
    modelId: modelIds[modelIndex],
    inputTokens: tokens(random, model.medianInputTokens),
    outputTokens: tokens(random, model.medianOutputTokens),
  };
}

function tokens(random: SeededRandom, median: number): number {
  return Math.max(1, Math.round(random.logNormal(median, 0.8)));
}
