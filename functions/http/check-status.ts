import { statusCheckSchema } from '../../shared/schemas/application.ts';
import { checkStatus } from '../../shared/use-cases/read-applications.ts';
import { limitPerClient } from '../lib/client-limit.ts';
import { config } from '../lib/config.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, publicRoute } from '../lib/http.ts';

const deps = buildDeps();
const limitPerMinute = config.statusCheckLimitPerMinute;

/**
 * Public status check, limited per client (a well-formed request) before anything is looked up, then per reference
 * (wrong NIKs, applicant-proof.ts), which addresses rotated by the guesser do not escape.
 */
export const handler = publicRoute(async (event) => {
  const { reference, nik } = parseJsonBody(event, statusCheckSchema);
  await limitPerClient(event, 'status-check', limitPerMinute);
  return { statusCode: 200, body: await checkStatus(deps, reference, nik) };
});
