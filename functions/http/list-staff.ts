import { pageQuerySchema } from '../../shared/schemas/payout.ts';
import { listStaff } from '../../shared/use-cases/staff-accounts.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => {
  const query = parseQuery(event, pageQuerySchema);
  return { statusCode: 200, body: await listStaff(deps, user, { cursor: query.cursor, limit: query.limit ?? 50 }) };
});
