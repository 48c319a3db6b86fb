import { programEditSchema, programIdSchema } from '../../shared/schemas/program-edit.ts';
import { editProgram } from '../../shared/use-cases/program-versions.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** An admin publishes a programme's next version: new applications follow it, submitted ones keep theirs. */
export const handler = staffRoute(async (event, user) => ({
  statusCode: 200,
  body: await editProgram(deps, user, pathParameter(event, 'programId', programIdSchema), parseJsonBody(event, programEditSchema)),
}));
