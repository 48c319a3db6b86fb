import { applyTaskDecision } from '../../shared/use-cases/lifecycle-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { taskPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('apply-task-decision', taskPayload, async ({ applicationId, kind }) => ({
  applicationId,
  ...(await applyTaskDecision(deps, applicationId, kind)),
}));
