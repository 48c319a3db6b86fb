import { statusCheckSchema } from '../../shared/schemas/application.ts';
import { withdrawApplication } from '../../shared/use-cases/withdraw-application.ts';
import { limitPerClient } from '../lib/client-limit.ts';
import { config } from '../lib/config.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, publicRoute } from '../lib/http.ts';

const deps = buildDeps();
const limitPerMinute = config.statusCheckLimitPerMinute;

/**
 * The applicant withdraws, proven by reference and NIK as for the status check (the same body, 404 and limits: per
 * client, then wrong NIKs per reference).
 */
export const handler = publicRoute(async (event) => {
  const { reference, nik } = parseJsonBody(event, statusCheckSchema);
  // One budget per client for both proofs: alternating between the two routes gains a guesser nothing.
  await limitPerClient(event, 'status-check', limitPerMinute);
  return { statusCode: 200, body: await withdrawApplication(deps, reference, nik) };
});
