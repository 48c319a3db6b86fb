import { payoutBatchRequestSchema } from '../../shared/schemas/payout.ts';
import { requestPayoutBatch } from '../../shared/use-cases/payout-build.ts';
import { batchView } from '../../shared/use-cases/payout-batches.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** A finance officer asks for a batch; its workflow builds it, so the answer is 202 with where it stands. */
export const handler = staffRoute(async (event, user) => {
  const input = parseJsonBody(event, payoutBatchRequestSchema);
  return { statusCode: 202, body: batchView(await requestPayoutBatch(deps, user, input)) };
});
