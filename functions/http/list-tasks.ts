import { taskListQuerySchema } from '../../shared/schemas/application.ts';
import { listTasks } from '../../shared/use-cases/staff-tasks.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => {
  const query = parseQuery(event, taskListQuerySchema);
  return { statusCode: 200, body: await listTasks(deps, user, query.kind, { cursor: query.cursor, limit: query.limit ?? 25 }) };
});
