import { programIdSchema } from '../../shared/schemas/program-edit.ts';
import { programVersions } from '../../shared/use-cases/program-versions.ts';
import { buildDeps } from '../lib/deps.ts';
import { pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** Every version of a programme, oldest first, with who published each and why (admins). */
export const handler = staffRoute(async (event, user) => ({
  statusCode: 200,
  body: { items: await programVersions(deps, user, pathParameter(event, 'programId', programIdSchema)) },
}));
