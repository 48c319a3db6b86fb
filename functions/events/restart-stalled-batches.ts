import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { restartStalledBatches } from '../../shared/use-cases/resume-payouts.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';

const deps = buildDeps();

/** Run on a schedule: starts the workflow of a payout batch whose request never got to start it. */
export const handler = middy<ScheduledEvent | undefined, { restarted: number }, Error, Context>().handler(async () => {
  const restarted = await restartStalledBatches(deps);
  if (restarted.length) logger.warn('Stalled payout batches started', { batchIds: restarted });
  return { restarted: restarted.length };
});
