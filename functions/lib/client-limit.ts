import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP, isIPv6 } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../shared/domain/errors.ts';
import { loadedOnce } from '../../shared/loaded-once.ts';
import { DynamoRateLimiter } from './adapters/dynamo-counters.ts';
import { documentClient } from './clients.ts';
import { config, ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from './config.ts';
import { logger } from './logger.ts';
import { pseudonyms } from './pseudonyms.ts';
import { readSecret } from './secrets.ts';

/** A failed secret read is usually a passing Secrets Manager fault; the next request reads it again. */
const ORIGIN_SECRET_RETRY_SECONDS = 5;

/** Both sides of the comparison are hashed first, so timingSafeEqual compares equal lengths whatever was sent. */
const digest = (text: string) => createHash('sha256').update(text).digest();

// Where the secret comes from is settled at cold start (a missing setting fails the import); the secret itself is
// read then too, and again on a later request if that read failed.
const originSecretSource = config.originVerifySecretSource;
const loadOriginSecret = loadedOnce(async () => digest(await readSecret(originSecretSource, 'origin')));
loadOriginSecret().catch(() => undefined); // its error surfaces on the request that needs the secret

/**
 * The origin secret, or a 503 the caller may retry: without the secret no request through CloudFront can be told
 * from a forged one, and counting them all against the edge would refuse honest applicants with 429s instead.
 */
async function originSecretOrUnavailable(): Promise<Buffer> {
  try {
    return await loadOriginSecret();
  } catch (error) {
    logger.error('The origin secret could not be read; the request is answered 503', {
      errorName: error instanceof Error ? error.name : typeof error,
      errorMessage: error instanceof Error ? error.message : undefined,
    });
    throw new DomainError('ServiceUnavailable', `Batas permintaan belum dapat diperiksa; coba lagi dalam ${ORIGIN_SECRET_RETRY_SECONDS} detik / the request limit cannot be checked right now, retry in ${ORIGIN_SECRET_RETRY_SECONDS} s`, { retryAfterSeconds: ORIGIN_SECRET_RETRY_SECONDS });
  }
}

/**
 * The address a request is counted against. Behind CloudFront the connection comes from an edge server that every
 * viewer near it shares, so the viewer's address counts instead, as our viewer-request function writes it into
 * VIEWER_ADDRESS_HEADER, overwriting the viewer's own. It is read only on a request carrying the origin secret:
 * anyone can send that header to the execute-api URL or to the local gateway.
 */
export async function clientAddress(event: APIGatewayProxyEventV2): Promise<string> {
  const { sourceIp } = event.requestContext.http;
  const presented = event.headers?.[ORIGIN_VERIFY_HEADER];
  if (presented === undefined || !timingSafeEqual(digest(presented), await originSecretOrUnavailable())) return sourceIp;
  const viewer = event.headers[VIEWER_ADDRESS_HEADER];
  if (viewer !== undefined && isIP(viewer)) return viewer;
  // The function sets the header on every API behaviour, so this is a misconfiguration; the value is not logged.
  logger.warn('A request through CloudFront came without a readable viewer address; it counts against the edge', { routeKey: event.routeKey });
  return sourceIp;
}

/**
 * What one client is, given its address: an IPv4 address as it is, an IPv6 address by its /64, the block a phone
 * or a subscriber line is given and picks its addresses from at will (a full address would let it step past a limit).
 */
export function clientOf(address: string): string {
  const [bare = address] = address.split('%'); // a zone id (fe80::1%eth0) names an interface, not a client
  if (!isIPv6(bare)) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1]; // an IPv4 client of a dual-stack socket
  if (mapped) return mapped;
  // Only the first four groups are kept; a trailing dotted quad stands for the last two.
  const [head = '', tail] = bare.replace(/\d+\.\d+\.\d+\.\d+$/, '0:0').split('::');
  const groupsOf = (part: string) => (part ? part.split(':') : []);
  const [front, back] = [groupsOf(head), groupsOf(tail ?? '')];
  const groups = tail === undefined ? front : [...front, ...new Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}

let limiter: DynamoRateLimiter | undefined;

/**
 * Counts one request of `action` for the calling client, in the store so every instance shares the count, and
 * refuses with a 429 past `perMinute`. The client address is pseudonymized: it is personal data.
 */
export async function limitPerClient(event: APIGatewayProxyEventV2, action: string, perMinute: number): Promise<void> {
  limiter ??= new DynamoRateLimiter(documentClient, config.tableName);
  const client = await pseudonyms.pseudonym(`client|${clientOf(await clientAddress(event))}`);
  const { allowed, retryAfterSeconds } = await limiter.hit(`${action}#${client}`, perMinute, 60);
  if (!allowed) {
    throw new DomainError('TooManyRequests', `Terlalu banyak permintaan dari perangkat ini; coba lagi dalam ${retryAfterSeconds} detik / too many requests from this device, retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}
