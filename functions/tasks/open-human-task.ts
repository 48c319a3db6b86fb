import * as z from 'zod';
import { openHumanTask } from '../../shared/use-cases/human-task-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { taskPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();
const payload = z.object({ taskToken: z.string().min(1) }).passthrough().and(taskPayload);

/** Invoked with `.waitForTaskToken`: its return value is ignored; the workflow waits for the decision. */
export const handler = workflowTask('open-human-task', payload, async ({ kind, subjectId, taskToken }) => {
  const task = await openHumanTask(deps, kind, subjectId, taskToken);
  return { taskId: task?.taskId ?? null, status: task?.status ?? 'SUPERSEDED' };
});
