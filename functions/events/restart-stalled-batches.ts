import type { ScheduledEvent } from 'aws-lambda';
import { restartStalledBatches } from '../../shared/use-cases/resume-payouts.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { observed } from '../lib/observability.ts';

const deps = buildDeps();

/** Run on a schedule: starts the workflow of a payout batch whose request never got to start it. */
export const handler = observed<ScheduledEvent | undefined, { restarted: number }>().handler(async () => {
  const restarted = await restartStalledBatches(deps);
  if (restarted.length) logger.warn('Stalled payout batches started', { batchIds: restarted });
  return { restarted: restarted.length };
});
