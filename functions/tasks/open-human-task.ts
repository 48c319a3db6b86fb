import { z } from 'zod';
import { TASK_KINDS } from '../../shared/schemas/application.ts';
import { openHumanTask } from '../../shared/use-cases/lifecycle-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { applicationPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();
const payload = applicationPayload.extend({ kind: z.enum(TASK_KINDS), taskToken: z.string().min(1) });

/** Invoked with `.waitForTaskToken`: its return value is ignored; the workflow waits for the decision. */
export const handler = workflowTask('open-human-task', payload, async ({ applicationId, kind, taskToken }) => {
  const task = await openHumanTask(deps, applicationId, kind, taskToken);
  return { taskId: task.taskId, status: task.status };
});
