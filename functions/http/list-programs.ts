import { timeZoneOf } from '../../shared/domain/periods.ts';
import { toProgramView } from '../../shared/domain/programs.ts';
import { programQuerySchema } from '../../shared/schemas/application.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, publicRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = publicRoute(async (event) => {
  // Intake days and periods turn at the applicant's midnight: WIB unless the province says WITA or WIT.
  const zone = timeZoneOf(parseQuery(event, programQuerySchema).provinceCode);
  const now = deps.clock.now();
  const programs = await deps.programs.list();
  return { statusCode: 200, body: programs.map((p) => toProgramView(p, now, zone)) };
});
