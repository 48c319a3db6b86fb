import { notificationQuerySchema } from '../../shared/schemas/notifications.ts';
import { listNotifications } from '../../shared/use-cases/outbox-view.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => {
  const query = parseQuery(event, notificationQuerySchema);
  return { statusCode: 200, body: await listNotifications(deps, user, query.status, { cursor: query.cursor, limit: query.limit ?? 50 }) };
});
