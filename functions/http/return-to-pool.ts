import { entitlementIdSchema, returnToPoolSchema } from '../../shared/schemas/payout.ts';
import { returnReversedToPool } from '../../shared/use-cases/payout-reconcile.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** Finance puts an entitlement the bank reversed back in its pool, with a reason (audited), for the next batch. */
export const handler = staffRoute(async (event, user) => {
  const entitlementId = pathParameter(event, 'entitlementId', entitlementIdSchema);
  const { reason } = parseJsonBody(event, returnToPoolSchema);
  const e = await returnReversedToPool(deps, user, entitlementId, reason);
  return { statusCode: 200, body: { entitlementId: e.entitlementId, applicationId: e.applicationId, reference: e.reference, programId: e.programId, period: e.period, status: e.status, amount: e.amount, returned: e.returned } };
});
