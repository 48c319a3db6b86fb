import { summaryQuerySchema } from '../../shared/schemas/payout.ts';
import { officeReport } from '../../shared/use-cases/office-report.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/**
 * A city's entitlements by status x programme x district and the amounts per period, with the dashboard's figures:
 * applications by status x programme x district, time in each stage, quota use per district.
 */
export const handler = staffRoute(async (event, user) => ({ statusCode: 200, body: await officeReport(deps, user, parseQuery(event, summaryQuerySchema)) }));
