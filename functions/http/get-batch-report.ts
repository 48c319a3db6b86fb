import { batchIdSchema } from '../../shared/schemas/payout.ts';
import { batchReport } from '../../shared/use-cases/payout-reports.ts';
import { buildDeps } from '../lib/deps.ts';
import { pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** Counts and amounts of a batch per district and per item status (finance of its city). */
export const handler = staffRoute(async (event, user) => ({ statusCode: 200, body: await batchReport(deps, user, pathParameter(event, 'batchId', batchIdSchema)) }));
