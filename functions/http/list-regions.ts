import { z } from 'zod';
import { notFound } from '../../shared/domain/errors.ts';
import { IdnRegionDirectory } from '../lib/adapters/idn-regions.ts';
import { parseQuery, publicRoute } from '../lib/http.ts';

const regions = new IdnRegionDirectory();
const querySchema = z.strictObject({
  parent: z.string().regex(/^\d{2}(\.\d{2}){0,2}$/, 'parent must be a province, regency or district code').optional(),
});

export const handler = publicRoute(async (event) => {
  const { parent } = parseQuery(event, querySchema);
  const children = await regions.children(parent);
  if (!children) throw notFound(`No region ${parent}`);
  // Region names change only with a Kepmendagri decree: let browsers and CDNs keep them a day.
  return { statusCode: 200, body: children, headers: { 'cache-control': 'public, max-age=86400' } };
});
