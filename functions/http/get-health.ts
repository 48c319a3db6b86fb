import { buildDeps } from '../lib/deps.ts';
import { publicRoute } from '../lib/http.ts';

const deps = buildDeps();

/** Ready means the store answers and the programmes are seeded: without them no application can be taken. */
export const handler = publicRoute(async () => {
  const programs = await deps.programs.list();
  return programs.length > 0
    ? { statusCode: 200, body: { status: 'ok' } }
    : { statusCode: 503, body: { error: 'NotReady', message: 'No programmes are configured yet' } };
});
