import { publicRoute } from '../lib/http.ts';
import { openApiDocument } from '../lib/openapi.ts';

const document = openApiDocument();

export const handler = publicRoute(async () => ({ statusCode: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } }));
