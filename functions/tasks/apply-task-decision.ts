import { applyTaskDecision } from '../../shared/use-cases/human-task-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { taskPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

/** Returns the subject's id under its own field, as the stage's route reads it. */
export const handler = workflowTask('apply-task-decision', taskPayload, async ({ kind, subjectId, subjectField }) => ({
  [subjectField]: subjectId,
  ...(await applyTaskDecision(deps, kind, subjectId)),
}));
