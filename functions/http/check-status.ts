import { statusCheckSchema } from '../../shared/schemas/application.ts';
import { checkStatus } from '../../shared/use-cases/read-applications.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, publicRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = publicRoute(async (event) => {
  const { reference, nik } = parseJsonBody(event, statusCheckSchema);
  return { statusCode: 200, body: await checkStatus(deps, reference, nik) };
});
