/**
 * The per-client limits through the gateway, with the test playing CloudFront and its viewer-request function: the
 * viewer address that function writes counts only on requests carrying the origin secret; a forged one, or a
 * malformed one, counts against the connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../functions/lib/config.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';

const LIMIT = 2;
const SECRET = 'origin-secret-the-test-shares-with-the-stack-0123456789';
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ statusCheckLimitPerMinute: LIMIT, originVerifySecret: SECRET });
});
afterAll(() => stack?.close());

/** A well-formed status check for an unknown reference: counted, then answered 404 (429 past the limit). */
async function statusCheck(headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${stack.url}/api/status-check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ reference: 'JRG-2611-ZZZZZ-ZZZZZ', nik: '3671014501900001' }),
  });
  await response.text();
  return response.status;
}
const viaCloudFront = (viewer: string) => ({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: viewer });
const times = async (n: number, send: () => Promise<number>) => {
  const statuses = [];
  for (let i = 0; i < n; i++) statuses.push(await send());
  return statuses;
};

describe('client address behind CloudFront', () => {
  it('counts each viewer CloudFront reports, IPv6 by its /64, and a forged or malformed viewer address against the connection', async () => {
    // The window is one clock minute: stay inside one.
    const secondsLeft = 60 - (Math.floor(Date.now() / 1000) % 60);
    if (secondsLeft < 15) await new Promise((r) => setTimeout(r, secondsLeft * 1000 + 100));

    // Two viewers behind one edge (the gateway's connection) each have their own limit.
    expect(await times(LIMIT + 1, () => statusCheck(viaCloudFront('198.51.100.10')))).toEqual([404, 404, 429]);
    expect(await statusCheck(viaCloudFront('198.51.100.11'))).toBe(404);
    // One phone's /64: stepping to another address in it does not step past the limit.
    expect(await statusCheck(viaCloudFront('2001:db8:7:1::a'))).toBe(404);
    expect(await statusCheck(viaCloudFront('2001:db8:7:1::b'))).toBe(404);
    expect(await statusCheck(viaCloudFront('2001:db8:7:1::c'))).toBe(429);

    // Without the secret, or with a wrong one, the claimed viewer is ignored, ours or CloudFront's header: every
    // forged address shares the connection's limit, so rotating them gains nothing.
    expect(await statusCheck({ [VIEWER_ADDRESS_HEADER]: '203.0.113.1' })).toBe(404);
    expect(await statusCheck({ [VIEWER_ADDRESS_HEADER]: '203.0.113.2', [ORIGIN_VERIFY_HEADER]: `${SECRET}-guess` })).toBe(404);
    expect(await statusCheck({ 'cloudfront-viewer-address': '203.0.113.3:1000' })).toBe(429);
    expect(await statusCheck()).toBe(429);
    // With the secret, a value that is no bare address (an address:port, a list) counts against the connection too.
    expect(await statusCheck(viaCloudFront('203.0.113.4:1000'))).toBe(429);
    expect(await statusCheck(viaCloudFront('203.0.113.5, 203.0.113.6'))).toBe(429);
  });
});
