import { checkTaskDeadline } from '../../shared/use-cases/human-task-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { taskPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('check-task-deadline', taskPayload, ({ kind, subjectId }) => checkTaskDeadline(deps, kind, subjectId));
