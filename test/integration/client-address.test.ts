/**
 * The per-client limits through the gateway, with the test playing CloudFront: the viewer address CloudFront
 * reports counts only on requests carrying the origin secret; a forged one counts against the connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../../functions/lib/config.ts';
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
const viaCloudFront = (viewer: string) => ({ [ORIGIN_VERIFY_HEADER]: SECRET, 'cloudfront-viewer-address': viewer });
const times = async (n: number, send: () => Promise<number>) => {
  const statuses = [];
  for (let i = 0; i < n; i++) statuses.push(await send());
  return statuses;
};

describe('client address behind CloudFront', () => {
  it('counts each viewer CloudFront reports, IPv6 by its /64, and a forged viewer address against the connection', async () => {
    // The window is one clock minute: stay inside one.
    const secondsLeft = 60 - (Math.floor(Date.now() / 1000) % 60);
    if (secondsLeft < 15) await new Promise((r) => setTimeout(r, secondsLeft * 1000 + 100));

    // Two viewers behind one edge (the gateway's connection) each have their own limit.
    expect(await times(LIMIT + 1, () => statusCheck(viaCloudFront('198.51.100.10:46532')))).toEqual([404, 404, 429]);
    expect(await statusCheck(viaCloudFront('198.51.100.11:40001'))).toBe(404);
    // One phone's /64: stepping to another address in it does not step past the limit.
    expect(await statusCheck(viaCloudFront('2001:db8:7:1::a:443'))).toBe(404);
    expect(await statusCheck(viaCloudFront('2001:db8:7:1::b:443'))).toBe(404);
    expect(await statusCheck(viaCloudFront('2001:db8:7:1::c:443'))).toBe(429);

    // Without the secret, or with a wrong one, the claimed viewer is ignored: every forged address shares the
    // connection's limit, so rotating them gains nothing.
    expect(await statusCheck({ 'cloudfront-viewer-address': '203.0.113.1:1000' })).toBe(404);
    expect(await statusCheck({ 'cloudfront-viewer-address': '203.0.113.2:1000', [ORIGIN_VERIFY_HEADER]: `${SECRET}-guess` })).toBe(404);
    expect(await statusCheck({ 'cloudfront-viewer-address': '203.0.113.3:1000' })).toBe(429);
    expect(await statusCheck()).toBe(429);
  });
});
