import { CollectUsageCommand } from '../../../src/modules/usage/application/collect-usage.command';

/**
 * Builds the command of one request id in a load run. Its content depends only on
 * the index, so a retry of the same id is a repeat, never a conflict.
 */
export function loadCommand(
  ids: { organizationId: string; userId: string; modelId: string },
  prefix: string,
  index: number,
): CollectUsageCommand {
  return {
    ...ids,
    inputTokens: 100 + (index % 97),
    outputTokens: 10 + (index % 13),
    requestId: `${prefix}-${index}`,
  };
}
