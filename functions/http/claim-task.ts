import { taskIdSchema } from '../../shared/schemas/application.ts';
import { claimTask } from '../../shared/use-cases/staff-tasks.ts';
import { config } from '../lib/config.ts';
import { buildDeps } from '../lib/deps.ts';
import { pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();
const claimSeconds = config.claimSeconds; // a malformed setting fails the cold start, not the first claim

export const handler = staffRoute(async (event, user) => ({
  statusCode: 200,
  body: await claimTask(deps, user, pathParameter(event, 'taskId', taskIdSchema), claimSeconds),
}));
