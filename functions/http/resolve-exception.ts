import { batchIdSchema, resolveExceptionSchema } from '../../shared/schemas/payout.ts';
import { resolveException } from '../../shared/use-cases/payout-reconcile.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';
import { exceptionKeyForApi, exceptionKeyFromPath } from '../lib/payouts/exception-key.ts';

const deps = buildDeps();

/** Finance of the batch's city marks an exception resolved, with a note; a second resolution is a 409. */
export const handler = staffRoute(async (event, user) => {
  const batchId = pathParameter(event, 'batchId', batchIdSchema);
  const key = exceptionKeyFromPath(event);
  const { note } = parseJsonBody(event, resolveExceptionSchema);
  const resolved = await resolveException(deps, user, batchId, key, note);
  return { statusCode: 200, body: { ...resolved, key: exceptionKeyForApi(resolved.key) } };
});
