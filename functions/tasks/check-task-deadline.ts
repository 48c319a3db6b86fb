import { checkTaskDeadline } from '../../shared/use-cases/lifecycle-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { taskPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('check-task-deadline', taskPayload, ({ applicationId, kind }) => checkTaskDeadline(deps, applicationId, kind));
