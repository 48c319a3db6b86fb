import { z } from 'zod';
import { openHumanTask } from '../../shared/use-cases/lifecycle-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { taskPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();
const payload = taskPayload.extend({ taskToken: z.string().min(1) });

/** Invoked with `.waitForTaskToken`: its return value is ignored; the workflow waits for the decision. */
export const handler = workflowTask('open-human-task', payload, async ({ applicationId, kind, taskToken }) => {
  const task = await openHumanTask(deps, applicationId, kind, taskToken);
  return { taskId: task?.taskId ?? null, status: task?.status ?? 'SUPERSEDED' };
});
