import { taskKindOf } from '../../shared/domain/human-task.ts';
import { TASK_KINDS, taskDecisionSchema, taskIdSchema, type TaskKind } from '../../shared/schemas/application.ts';
import { decideTask } from '../../shared/use-cases/staff-tasks.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();
/** One decision schema per stage, built once per cold start. */
const decisionSchemas = Object.fromEntries(TASK_KINDS.map((kind) => [kind, taskDecisionSchema(kind)])) as Record<TaskKind, ReturnType<typeof taskDecisionSchema>>;

export const handler = staffRoute(async (event, user) => {
  const taskId = pathParameter(event, 'taskId', taskIdSchema);
  // The id names the task's stage, so the reason is checked against that stage's codes before anything is read.
  const input = parseJsonBody(event, decisionSchemas[taskKindOf(taskId)]);
  return { statusCode: 200, body: await decideTask(deps, user, taskId, input) };
});
