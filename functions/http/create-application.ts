import { applicationSchema } from '../../shared/schemas/application.ts';
import { submitApplication } from '../../shared/use-cases/submit-application.ts';
import { idnRegions } from '../lib/adapters/idn-regions.ts';
import { limitPerClient } from '../lib/client-limit.ts';
import { config } from '../lib/config.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, publicRoute } from '../lib/http.ts';

const deps = buildDeps();
// Loaded at cold start: every code from idn-area-data, so the schema checks regions synchronously.
const schema = applicationSchema(await idnRegions.codes());
const limitPerMinute = config.intakeLimitPerMinute;

/**
 * Intake, limited per client (a well-formed request), because an application needs only a NIK that is partly
 * guessable, and a 409 answers with the existing reference (DESIGN §5).
 */
export const handler = publicRoute(async (event) => {
  const input = parseJsonBody(event, schema);
  await limitPerClient(event, 'intake', limitPerMinute);
  return { statusCode: 201, body: await submitApplication(deps, input) };
});
