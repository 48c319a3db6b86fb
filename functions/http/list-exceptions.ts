import { batchIdSchema, pageQuerySchema } from '../../shared/schemas/payout.ts';
import { listExceptions } from '../../shared/use-cases/payout-reconcile.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, pathParameter, staffRoute } from '../lib/http.ts';
import { exceptionKeyForApi } from '../lib/payouts/exception-key.ts';

const deps = buildDeps();

/** A page of the batch's reconciliation exceptions, resolved ones included, each with what its kind means. */
export const handler = staffRoute(async (event, user) => {
  const batchId = pathParameter(event, 'batchId', batchIdSchema);
  const query = parseQuery(event, pageQuerySchema);
  const page = await listExceptions(deps, user, batchId, { cursor: query.cursor, limit: query.limit ?? 50 });
  return { statusCode: 200, body: { items: page.items.map((e) => ({ ...e, key: exceptionKeyForApi(e.key) })), nextCursor: page.cursor ?? null } };
});
