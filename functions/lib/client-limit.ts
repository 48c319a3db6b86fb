import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../shared/domain/errors.ts';
import { DynamoRateLimiter } from './adapters/dynamo-counters.ts';
import { documentClient } from './clients.ts';
import { config } from './config.ts';
import { pseudonyms } from './pseudonyms.ts';

let limiter: DynamoRateLimiter | undefined;

/**
 * Counts one request of `action` for the calling client, in the store so every instance shares the count, and
 * refuses with a 429 past `perMinute`. The client address is pseudonymized: it is personal data.
 */
export async function limitPerClient(event: APIGatewayProxyEventV2, action: string, perMinute: number): Promise<void> {
  limiter ??= new DynamoRateLimiter(documentClient, config.tableName);
  const client = await pseudonyms.pseudonym(`client|${event.requestContext.http.sourceIp}`);
  const { allowed, retryAfterSeconds } = await limiter.hit(`${action}#${client}`, perMinute, 60);
  if (!allowed) {
    throw new DomainError('TooManyRequests', `Terlalu banyak permintaan dari perangkat ini; coba lagi dalam ${retryAfterSeconds} detik / too many requests from this device, retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}
