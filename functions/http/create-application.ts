import { applicationSchema, idempotencyKeySchema } from '../../shared/schemas/application.ts';
import { submitOnce } from '../../shared/use-cases/submit-once.ts';
import { idnRegions } from '../lib/adapters/idn-regions.ts';
import { limitPerClient } from '../lib/client-limit.ts';
import { config } from '../lib/config.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseHeader, parseJsonBody, publicRoute } from '../lib/http.ts';

const deps = buildDeps();
// Loaded at cold start: every code from idn-area-data, so the schema checks regions synchronously.
const schema = applicationSchema(await idnRegions.codes());
const limitPerMinute = config.intakeLimitPerMinute;

/**
 * Intake, limited per client (a well-formed request), because an application needs only a NIK that is partly
 * guessable. An `Idempotency-Key` makes a resend answer the first 201 (shared/use-cases/once-per-key.ts).
 */
export const handler = publicRoute(async (event) => {
  const input = parseJsonBody(event, schema);
  const key = parseHeader(event, 'Idempotency-Key', idempotencyKeySchema);
  await limitPerClient(event, 'intake', limitPerMinute);
  return { statusCode: 201, body: await submitOnce(deps, input, key) };
});
