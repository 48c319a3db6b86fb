import { batchIdSchema } from '../../shared/schemas/payout.ts';
import { readBatch } from '../../shared/use-cases/payout-batches.ts';
import { buildDeps } from '../lib/deps.ts';
import { pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => ({
  statusCode: 200,
  body: await readBatch(deps, user, pathParameter(event, 'batchId', batchIdSchema)),
}));
