import { notFound } from '../../shared/domain/errors.ts';
import { regionQuerySchema } from '../../shared/schemas/application.ts';
import { idnRegions } from '../lib/adapters/idn-regions.ts';
import { parseQuery, publicRoute } from '../lib/http.ts';

export const handler = publicRoute(async (event) => {
  const { parent } = parseQuery(event, regionQuerySchema);
  const children = await idnRegions.children(parent);
  if (!children) throw notFound(`No region ${parent}`);
  // Region names change only with a Kepmendagri decree: let browsers and CDNs keep them a day.
  return { statusCode: 200, body: children, headers: { 'cache-control': 'public, max-age=86400' } };
});
