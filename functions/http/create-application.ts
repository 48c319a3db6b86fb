import { applicationSchema } from '../../shared/schemas/application.ts';
import { submitApplication } from '../../shared/use-cases/submit-application.ts';
import { idnRegions } from '../lib/adapters/idn-regions.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, publicRoute } from '../lib/http.ts';

const deps = buildDeps();
// Loaded at cold start: every code from idn-area-data, so the schema checks regions synchronously.
const schema = applicationSchema(await idnRegions.codes());

export const handler = publicRoute(async (event) => {
  const input = parseJsonBody(event, schema);
  return { statusCode: 201, body: await submitApplication(deps, input) };
});
