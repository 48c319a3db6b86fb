import { bilingual } from '../../shared/domain/bilingual.ts';
import { applicationSearchQuerySchema } from '../../shared/schemas/application-search.ts';
import { searchApplications } from '../../shared/use-cases/search-applications.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

const INVALID = bilingual('Pencarian tidak dapat dijalankan: periksa isian yang disebut', 'The search cannot run: check the fields named');

export const handler = staffRoute(async (event, user) => ({
  statusCode: 200,
  body: await searchApplications(deps, user, parseQuery(event, applicationSearchQuerySchema, INVALID)),
}));
