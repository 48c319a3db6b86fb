import type { ScheduledEvent } from 'aws-lambda';
import { measureOverdueExceptions } from '../../shared/use-cases/overdue-exceptions.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { observed } from '../lib/observability.ts';

const deps = buildDeps();

/** Run every hour: counts the bank-result exceptions finance left open too long, for the office's alarm. */
export const handler = observed<ScheduledEvent | undefined, { overdue: number }>().handler(async () => {
  const overdue = await measureOverdueExceptions(deps);
  if (overdue) logger.warn('Reconciliation exceptions left open past their time', { overdue });
  return { overdue };
});
