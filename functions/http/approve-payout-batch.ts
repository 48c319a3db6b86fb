import { batchIdSchema } from '../../shared/schemas/payout.ts';
import { decideBatch } from '../../shared/use-cases/payout-batches.ts';
import { buildDeps } from '../lib/deps.ts';
import { pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** The checker approves; the workflow resumes and disburses, so the answer is 202. */
export const handler = staffRoute(async (event, user) => ({
  statusCode: 202,
  body: await decideBatch(deps, user, pathParameter(event, 'batchId', batchIdSchema), { decision: 'APPROVE' }),
}));
