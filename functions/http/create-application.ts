import { createApplicationSchema } from '../../shared/schemas/application.ts';
import { submitApplication } from '../../shared/use-cases/submit-application.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, publicRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = publicRoute(async (event) => {
  const input = parseJsonBody(event, createApplicationSchema);
  return { statusCode: 201, body: await submitApplication(deps, input) };
});
