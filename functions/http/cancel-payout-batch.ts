import { batchCancellationSchema, batchIdSchema } from '../../shared/schemas/payout.ts';
import { cancelBatch } from '../../shared/use-cases/payout-batches.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** The maker takes the batch back before approval; the workflow gives the entitlements back to the pool. */
export const handler = staffRoute(async (event, user) => {
  const batchId = pathParameter(event, 'batchId', batchIdSchema);
  // The reason is optional, and so is a body at all.
  const { reason } = event.body ? parseJsonBody(event, batchCancellationSchema) : {};
  return { statusCode: 202, body: await cancelBatch(deps, user, batchId, reason) };
});
