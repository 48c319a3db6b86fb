import { DomainError } from '../../shared/domain/errors.ts';
import { statusCheckSchema } from '../../shared/schemas/application.ts';
import { checkStatus } from '../../shared/use-cases/read-applications.ts';
import { DynamoRateLimiter } from '../lib/adapters/dynamo-counters.ts';
import { documentClient } from '../lib/clients.ts';
import { config } from '../lib/config.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, publicRoute } from '../lib/http.ts';

const deps = buildDeps();
const limiter = new DynamoRateLimiter(documentClient, config.tableName);
const limitPerMinute = config.statusCheckLimitPerMinute;

/**
 * Public status check. Counted per client (a well-formed request) before anything is looked up, in the store so every instance
 * shares the count: guessing NIKs for a reference is slow. The client address is pseudonymized (it is personal data).
 */
export const handler = publicRoute(async (event) => {
  const { reference, nik } = parseJsonBody(event, statusCheckSchema);
  const { allowed, retryAfterSeconds } = await limiter.hit(`status-check#${await deps.pseudonyms.pseudonym(`client|${event.requestContext.http.sourceIp}`)}`, limitPerMinute, 60);
  if (!allowed) {
    throw new DomainError('TooManyRequests', `Terlalu banyak permintaan; coba lagi dalam ${retryAfterSeconds} detik / too many requests, retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
  return { statusCode: 200, body: await checkStatus(deps, reference, nik) };
});
