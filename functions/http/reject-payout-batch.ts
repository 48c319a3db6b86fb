import { batchIdSchema, batchRejectionSchema } from '../../shared/schemas/payout.ts';
import { decideBatch } from '../../shared/use-cases/payout-batches.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** The checker rejects with a reason; the workflow gives the entitlements back to the pool. */
export const handler = staffRoute(async (event, user) => {
  const batchId = pathParameter(event, 'batchId', batchIdSchema);
  const { reason } = parseJsonBody(event, batchRejectionSchema);
  return { statusCode: 202, body: await decideBatch(deps, user, batchId, { decision: 'REJECT', reason }) };
});
