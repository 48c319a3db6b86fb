import { remindOfficer } from '../../shared/use-cases/human-task-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { taskPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

/** Also a log line for operators: ids only, never personal data. */
export const handler = workflowTask('remind-officer', taskPayload, async ({ kind, subjectId, subjectField }) => {
  const result = await remindOfficer(deps, kind, subjectId);
  logger.info('Reminder on an overdue task', { [subjectField]: subjectId, kind, ...result });
  return result;
});
