import { pageQuerySchema } from '../../shared/schemas/payout.ts';
import { listBatches } from '../../shared/use-cases/payout-batches.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => {
  const query = parseQuery(event, pageQuerySchema);
  return { statusCode: 200, body: await listBatches(deps, user, { cursor: query.cursor, limit: query.limit ?? 25 }) };
});
