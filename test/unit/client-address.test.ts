/**
 * Which address a public request is counted against: the viewer address our CloudFront function writes, only on a
 * request carrying the origin secret, the connection's address otherwise; IPv6 clients by their /64. A secret that
 * cannot be read answers 503 until it can.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '../../functions/catalog.ts';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../functions/lib/config.ts';
import { logger } from '../../functions/lib/logger.ts';
import { lambdaContext } from '../../local/lambda-context.ts';

const SECRET = 'origin-secret-for-the-unit-test-0123456789';
// The module reads the secret at import (cold start), so it is set first.
process.env[ENV.originVerifySecret] = SECRET;
const { clientAddress, clientOf } = await import('../../functions/lib/client-limit.ts');

const EDGE = '130.176.1.10';
const request = (headers: Record<string, string>) =>
  ({ headers, requestContext: { http: { sourceIp: EDGE } }, routeKey: 'POST /api/status-check' }) as unknown as APIGatewayProxyEventV2;
const viaCloudFront = (viewer: string) => request({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: viewer });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('client address', () => {
  it('is the viewer address our CloudFront function writes when the request carries the origin secret', async () => {
    expect(await clientAddress(viaCloudFront('198.51.100.10'))).toBe('198.51.100.10');
    expect(await clientAddress(viaCloudFront('2001:db8:7:1::1'))).toBe('2001:db8:7:1::1');
  });

  it('ignores a viewer address sent without the secret, or with a wrong one: anyone can send that header', async () => {
    const forged = { [VIEWER_ADDRESS_HEADER]: '198.51.100.10' };
    expect(await clientAddress(request(forged))).toBe(EDGE);
    for (const wrong of ['', 'origin-secret', `${SECRET}x`, SECRET.slice(0, -1), SECRET.toUpperCase()]) {
      expect(await clientAddress(request({ ...forged, [ORIGIN_VERIFY_HEADER]: wrong }))).toBe(EDGE);
    }
  });

  it('ignores CloudFront-Viewer-Address, which a viewer can send too', async () => {
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    expect(await clientAddress(request({ [ORIGIN_VERIFY_HEADER]: SECRET, 'cloudfront-viewer-address': '198.51.100.10:46532' }))).toBe(EDGE);
  });

  it('is the connection\'s address, with a warning that names no address, when the viewer address is missing or no IP', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    expect(await clientAddress(request({ [ORIGIN_VERIFY_HEADER]: SECRET }))).toBe(EDGE);
    // An `address:port` form, a list, a name: the function writes a bare address, so anything else is not ours.
    for (const bad of ['', '198.51.100.10:46532', '[2001:db8::1]:443', '198.51.100.10, 203.0.113.9', 'example.com', '2001:db8::zz', ' 198.51.100.10']) {
      expect(await clientAddress(viaCloudFront(bad))).toBe(EDGE);
    }
    expect(warn).toHaveBeenCalledTimes(8);
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/198\.51|203\.0|2001:db8|130\.176/);
  });
});

describe('an origin secret that cannot be read', () => {
  it('answers 503 with Retry-After while Secrets Manager fails, and counts the viewer once it answers', async () => {
    // A fresh cold start that reads the secret from Secrets Manager.
    vi.resetModules();
    delete process.env[ENV.originVerifySecret];
    process.env[ENV.originVerifySecretArn] = 'arn:aws:secretsmanager:ap-southeast-3:000000000000:secret:origin-verify';
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const send = vi.spyOn(SecretsManagerClient.prototype, 'send').mockRejectedValue(new Error('Secrets Manager is unreachable'));
    const fresh = await import('../../functions/lib/logger.ts');
    vi.spyOn(fresh.logger, 'error').mockImplementation(() => undefined);
    const limits = await import('../../functions/lib/client-limit.ts');
    const { publicRoute } = await import('../../functions/lib/http.ts');
    const handler = publicRoute(async (event) => ({ statusCode: 200, body: { client: await limits.clientAddress(event) } }));
    const invoke = async (event: APIGatewayProxyEventV2) =>
      (await handler(event, lambdaContext('check-status') as Context)) as { statusCode: number; headers: Record<string, string>; body: string };

    const refused = await invoke(viaCloudFront('198.51.100.10'));
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    const body = JSON.parse(refused.body) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'ServiceUnavailable', retryAfterSeconds: 5 });
    expect(body.message).toMatch(/request limit cannot be checked right now/);
    expect(refused.body).not.toMatch(/unreachable|Secrets Manager|secretsmanager|at .*\.ts/);
    // A request without the secret needs none: it counts against its connection as ever.
    expect(JSON.parse((await invoke(request({}))).body)).toEqual({ client: EDGE });

    // The failure is not kept: the next request reads the secret again.
    send.mockResolvedValue({ SecretString: SECRET } as never);
    expect(JSON.parse((await invoke(viaCloudFront('198.51.100.10'))).body)).toEqual({ client: '198.51.100.10' });
  });
});

describe('one client', () => {
  it('is an IPv4 address as it is, and an IPv6 address by its /64', () => {
    expect(clientOf('198.51.100.10')).toBe('198.51.100.10');
    expect(clientOf('2001:db8:7:1::1')).toBe('2001:db8:7:1::/64');
    expect(clientOf('2001:0db8:0007:0001:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:7:1::/64');
    expect(clientOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientOf('::1')).toBe('0:0:0:0::/64');
    expect(clientOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientOf('2001:db8:7:1::198.51.100.10')).toBe('2001:db8:7:1::/64');
  });

  it('is the IPv4 address of an IPv4 client on a dual-stack socket', () => {
    expect(clientOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientOf('::FFFF:198.51.100.10')).toBe('198.51.100.10');
  });
});
