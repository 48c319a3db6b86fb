import { z } from 'zod';
import { TASK_KINDS } from '../../shared/schemas/application.ts';
import { applyTaskDecision } from '../../shared/use-cases/lifecycle-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { applicationPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();
const payload = applicationPayload.extend({ kind: z.enum(TASK_KINDS) });

export const handler = workflowTask('apply-task-decision', payload, async ({ applicationId, kind }) => ({
  applicationId,
  ...(await applyTaskDecision(deps, applicationId, kind)),
}));
