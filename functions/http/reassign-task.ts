import { reassignSchema, taskIdSchema } from '../../shared/schemas/application.ts';
import { reassignTask } from '../../shared/use-cases/staff-tasks.ts';
import { config } from '../lib/config.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();
const claimSeconds = config.claimSeconds; // a malformed setting fails the cold start, not the first reassignment

export const handler = staffRoute(async (event, user) => {
  const taskId = pathParameter(event, 'taskId', taskIdSchema);
  const { username } = parseJsonBody(event, reassignSchema);
  return { statusCode: 200, body: await reassignTask(deps, user, taskId, username, claimSeconds) };
});
