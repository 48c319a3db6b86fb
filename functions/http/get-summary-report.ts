import { summaryQuerySchema } from '../../shared/schemas/payout.ts';
import { summaryReport } from '../../shared/use-cases/payout-reports.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** A city's entitlements by status x programme x district, and the amounts scheduled and paid per period. */
export const handler = staffRoute(async (event, user) => ({ statusCode: 200, body: await summaryReport(deps, user, parseQuery(event, summaryQuerySchema)) }));
