import { applicationIdSchema } from '../../shared/schemas/application.ts';
import { revealNik } from '../../shared/use-cases/read-applications.ts';
import { buildDeps } from '../lib/deps.ts';
import { pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => ({
  statusCode: 200,
  body: await revealNik(deps, user, pathParameter(event, 'applicationId', applicationIdSchema)),
}));
