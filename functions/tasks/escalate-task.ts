import { escalateTask } from '../../shared/use-cases/human-task-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { taskPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

/** Also a log line for operators: ids only, never personal data. */
export const handler = workflowTask('escalate-task', taskPayload, async ({ kind, subjectId, subjectField }) => {
  const result = await escalateTask(deps, kind, subjectId);
  logger.info('Escalation on an overdue task', { [subjectField]: subjectId, kind, ...result });
  return result;
});
