import { infoRequestSchema, taskIdSchema } from '../../shared/schemas/application.ts';
import { requestInformation } from '../../shared/use-cases/staff-tasks.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => {
  const taskId = pathParameter(event, 'taskId', taskIdSchema);
  const { message } = parseJsonBody(event, infoRequestSchema);
  return { statusCode: 200, body: await requestInformation(deps, user, taskId, message) };
});
