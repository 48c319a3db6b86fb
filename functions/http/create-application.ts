import { DomainError } from '../../shared/domain/errors.ts';
import { applicationSchema } from '../../shared/schemas/application.ts';
import { submitApplication } from '../../shared/use-cases/submit-application.ts';
import { DynamoRateLimiter } from '../lib/adapters/dynamo-counters.ts';
import { idnRegions } from '../lib/adapters/idn-regions.ts';
import { documentClient } from '../lib/clients.ts';
import { config } from '../lib/config.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, publicRoute } from '../lib/http.ts';

const deps = buildDeps();
// Loaded at cold start: every code from idn-area-data, so the schema checks regions synchronously.
const schema = applicationSchema(await idnRegions.codes());
const limiter = new DynamoRateLimiter(documentClient, config.tableName);
const limitPerMinute = config.intakeLimitPerMinute;

/**
 * Intake. Limited per client (a well-formed request), because an application needs only a NIK that is
 * guessable in part, and a 409 answers with the existing reference (DESIGN §5).
 */
export const handler = publicRoute(async (event) => {
  const input = parseJsonBody(event, schema);
  const client = await deps.pseudonyms.pseudonym(`client|${event.requestContext.http.sourceIp}`);
  const { allowed, retryAfterSeconds } = await limiter.hit(`intake#${client}`, limitPerMinute, 60);
  if (!allowed) {
    throw new DomainError('TooManyRequests', `Terlalu banyak pendaftaran dari perangkat ini; coba lagi dalam ${retryAfterSeconds} detik / too many applications from this device, retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
  return { statusCode: 201, body: await submitApplication(deps, input) };
});
