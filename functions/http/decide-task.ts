import { taskDecisionSchema, taskIdSchema } from '../../shared/schemas/application.ts';
import { decideTask } from '../../shared/use-cases/staff-tasks.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => {
  const taskId = pathParameter(event, 'taskId', taskIdSchema);
  const input = parseJsonBody(event, taskDecisionSchema);
  return { statusCode: 200, body: await decideTask(deps, user, taskId, input) };
});
