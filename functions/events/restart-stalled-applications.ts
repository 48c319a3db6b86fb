import type { ScheduledEvent } from 'aws-lambda';
import { restartStalledApplications } from '../../shared/use-cases/resume-applications.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { observed } from '../lib/observability.ts';

const deps = buildDeps();

/** Run on a schedule (EventBridge on AWS, a timer locally): restarts applications stalled in an automatic status. */
export const handler = observed<ScheduledEvent | undefined, { restarted: number }>().handler(async () => {
  const restarted = await restartStalledApplications(deps);
  // Ids only: a stalled application is worth an operator's look even though it now moves on.
  if (restarted.length) logger.warn('Stalled applications restarted', { applicationIds: restarted });
  return { restarted: restarted.length };
});
