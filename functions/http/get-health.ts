import { publicRoute } from '../lib/http.ts';

export const handler = publicRoute(async () => ({ statusCode: 200, body: { status: 'ok' } }));
