/**
 * Which address a public request is counted against: CloudFront's viewer address only on a request carrying the
 * origin secret, the connection's address otherwise; IPv6 clients by their /64.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/catalog.ts';
import { ORIGIN_VERIFY_HEADER } from '../../functions/lib/config.ts';

const SECRET = 'origin-secret-for-the-unit-test-0123456789';
// The module reads the secret at import (cold start), so it is set first.
process.env[ENV.originVerifySecret] = SECRET;
const { clientAddress, clientOf, viewerAddress } = await import('../../functions/lib/client-limit.ts');

const EDGE = '130.176.1.10';
const request = (headers: Record<string, string>) =>
  ({ headers, requestContext: { http: { sourceIp: EDGE } }, routeKey: 'POST /api/status-check' }) as unknown as APIGatewayProxyEventV2;

describe('client address', () => {
  it('is the viewer address CloudFront reports when the request carries the origin secret', async () => {
    expect(await clientAddress(request({ [ORIGIN_VERIFY_HEADER]: SECRET, 'cloudfront-viewer-address': '198.51.100.10:46532' }))).toBe('198.51.100.10');
    expect(await clientAddress(request({ [ORIGIN_VERIFY_HEADER]: SECRET, 'cloudfront-viewer-address': '2001:db8:7:1::1:443' }))).toBe('2001:db8:7:1::1');
    expect(await clientAddress(request({ [ORIGIN_VERIFY_HEADER]: SECRET, 'cloudfront-viewer-address': '[2001:db8::1]:443' }))).toBe('2001:db8::1');
  });

  it('ignores a viewer address sent without the secret, or with a wrong one: anyone can send that header', async () => {
    const forged = { 'cloudfront-viewer-address': '198.51.100.10:46532' };
    expect(await clientAddress(request(forged))).toBe(EDGE);
    for (const wrong of ['', 'origin-secret', `${SECRET}x`, SECRET.slice(0, -1), SECRET.toUpperCase()]) {
      expect(await clientAddress(request({ ...forged, [ORIGIN_VERIFY_HEADER]: wrong }))).toBe(EDGE);
    }
  });

  it('is the connection\'s address when CloudFront\'s request has no readable viewer address', async () => {
    expect(await clientAddress(request({ [ORIGIN_VERIFY_HEADER]: SECRET }))).toBe(EDGE);
    expect(await clientAddress(request({ [ORIGIN_VERIFY_HEADER]: SECRET, 'cloudfront-viewer-address': '198.51.100.10:1,203.0.113.9:2' }))).toBe(EDGE);
  });
});

describe('CloudFront-Viewer-Address', () => {
  it('drops the port of IPv4, unbracketed IPv6 (as CloudFront writes it) and bracketed IPv6', () => {
    expect(viewerAddress('198.51.100.10:46532')).toBe('198.51.100.10');
    expect(viewerAddress('2001:db8:85a3::8a2e:370:7334:46532')).toBe('2001:db8:85a3::8a2e:370:7334');
    expect(viewerAddress('2001:db8::1:443')).toBe('2001:db8::1');
    expect(viewerAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(viewerAddress(' 198.51.100.10:443 ')).toBe('198.51.100.10');
  });

  it('reads nothing else as an address', () => {
    for (const bad of [undefined, '', '198.51.100.10', '198.51.100.10:', '198.51.100.10:99999', 'example.com:443', '[198.51.100.10:443', '2001:db8::zz:443', '1.2.3.4:1, 5.6.7.8:2']) {
      expect(viewerAddress(bad)).toBeUndefined();
    }
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
