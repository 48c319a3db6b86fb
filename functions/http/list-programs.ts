import { timeZoneOf } from '../../shared/domain/periods.ts';
import { toProgramView } from '../../shared/domain/programs.ts';
import { buildDeps } from '../lib/deps.ts';
import { publicRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = publicRoute(async () => {
  const now = deps.clock.now();
  const programs = await deps.programs.list();
  return { statusCode: 200, body: programs.map((p) => toProgramView(p, now, timeZoneOf())) };
});
