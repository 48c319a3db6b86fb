import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP, isIPv6 } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../shared/domain/errors.ts';
import { DynamoRateLimiter } from './adapters/dynamo-counters.ts';
import { documentClient } from './clients.ts';
import { config, ORIGIN_VERIFY_HEADER, type OriginVerifySecretSource } from './config.ts';
import { logger } from './logger.ts';
import { pseudonyms } from './pseudonyms.ts';

/** Added by CloudFront to the origin requests of the API (its origin request policy forwards it): `address:port`. */
const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/** Both sides of the comparison are hashed first, so timingSafeEqual compares equal lengths whatever was sent. */
const digest = (text: string) => createHash('sha256').update(text).digest();

async function readOriginSecret(source: OriginVerifySecretSource): Promise<Buffer> {
  if ('value' in source) return digest(source.value);
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: source.secretArn }));
    if (!SecretString || SecretString.length < 32) throw new Error('The origin secret is missing or too short');
    return digest(SecretString);
  } finally {
    client.destroy();
  }
}

// Read at cold start: a missing setting fails the import, as the limits do. A failed read is not kept, so the
// next request that needs the secret tries again instead of the instance failing until it is recycled.
const originSecretSource = config.originVerifySecretSource;
let originSecret: Promise<Buffer> | undefined;
function loadOriginSecret(): Promise<Buffer> {
  originSecret ??= readOriginSecret(originSecretSource).catch((error: unknown) => {
    originSecret = undefined;
    throw error;
  });
  return originSecret;
}
loadOriginSecret().catch(() => undefined); // its error surfaces on the request that needs the secret

/**
 * The address in a CloudFront-Viewer-Address header, without the port. CloudFront writes `198.51.100.10:46532`
 * and IPv6 unbracketed (`2001:db8::1:46532`), so the port is what follows the last colon; `[2001:db8::1]:46532` is
 * read too. Anything else is no address.
 */
export function viewerAddress(header: string | undefined): string | undefined {
  const value = header?.trim() ?? '';
  const [, address, port] = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value) ?? /^([^[\]]+):(\d{1,5})$/.exec(value) ?? [];
  return address && isIP(address) && Number(port) <= 65_535 ? address : undefined;
}

/**
 * The address a request is counted against. Behind CloudFront the connection comes from an edge server that every
 * viewer near it shares, so the viewer's address CloudFront reports counts instead, but only on a request carrying
 * the origin secret: anyone can send CloudFront-Viewer-Address, to the execute-api URL or to the local gateway.
 */
export async function clientAddress(event: APIGatewayProxyEventV2): Promise<string> {
  const { sourceIp } = event.requestContext.http;
  const presented = event.headers?.[ORIGIN_VERIFY_HEADER];
  if (presented === undefined || !timingSafeEqual(digest(presented), await loadOriginSecret())) return sourceIp;
  const viewer = viewerAddress(event.headers[VIEWER_ADDRESS_HEADER]);
  if (!viewer) logger.warn('A request through CloudFront came without a readable viewer address; it counts against the edge', { routeKey: event.routeKey });
  return viewer ?? sourceIp;
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
