import { escalateTask } from '../../shared/use-cases/lifecycle-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { taskPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

/** Also a log line for operators: ids only, never personal data. */
export const handler = workflowTask('escalate-task', taskPayload, async ({ applicationId, kind }) => {
  const result = await escalateTask(deps, applicationId, kind);
  logger.info('Escalation on an overdue task', { applicationId, kind, ...result });
  return result;
});
