/**
 * Issue #8, defect 6: wrong NIKs are limited per reference, whatever address they come from, and the limit is
 * audited on the application's chain once per lock. An unknown reference behaves exactly alike, so neither the
 * 404s nor the lock tell whether a reference exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../functions/lib/config.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { WRONG_NIK_LIMIT } from '../../shared/use-cases/applicant-proof.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

const SECRET = 'origin-secret-of-the-guess-limit-test-0123456789abcdef';
let stack: LocalStack;
let api: ApiClient;
beforeAll(async () => {
  stack = await startLocalStack({ originVerifySecret: SECRET });
  api = apiClient(stack.url);
});
afterAll(() => stack?.close());

let viewer = 0;
/** A status check from a new address each time, as CloudFront reports it: the per-client limit never applies. */
async function check(reference: string, nik: string) {
  viewer++;
  const response = await fetch(`${stack.url}/api/status-check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: `198.51.${Math.floor(viewer / 250)}.${viewer % 250}` },
    body: JSON.stringify({ reference, nik }),
  });
  return { status: response.status, text: await response.text(), retryAfter: response.headers.get('retry-after') };
}
const wrongNik = (nik: string, i: number) => `${nik.slice(0, 12)}${String(9000 + i)}`;
const withoutNumbers = (text: string) => text.replace(/\d+/g, 'N');

async function submitted() {
  const body = applicationBody();
  const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
  expect(created.status).toBe(201);
  return { ...created.json, nik: body.nik };
}

describe('wrong NIKs per reference', () => {
  it('locks a reference after the limit, even for the right NIK, exactly as an unknown reference, and audits the lock once', async () => {
    const { applicationId, reference, nik } = await submitted();
    const unknown = 'JRG-2611-ZZZZZ-ZZZZ2';
    const real = [];
    const fake = [];
    for (let i = 0; i < 100; i++) {
      real.push(await check(reference, wrongNik(nik, i)));
      fake.push(await check(unknown, wrongNik(nik, i)));
    }
    expect(real.map((r) => r.status)).toEqual([...new Array(WRONG_NIK_LIMIT).fill(404), ...new Array(100 - WRONG_NIK_LIMIT).fill(429)]);
    expect(fake.map((r) => r.status)).toEqual(real.map((r) => r.status));
    // The same 404 and the same lock for both; only the seconds to wait may differ between two requests.
    expect(new Set([...real, ...fake].filter((r) => r.status === 404).map((r) => r.text)).size).toBe(1);
    expect(new Set([...real, ...fake].filter((r) => r.status === 429).map((r) => withoutNumbers(r.text))).size).toBe(1);
    expect(real.at(-1)!.text).toMatch(/NIK salah .* \/ too many wrong NIKs for this reference/);
    expect(Number(real.at(-1)!.retryAfter)).toBeGreaterThan(0);

    const right = await check(reference, nik);
    expect(right.status).toBe(429);
    expect(withoutNumbers(right.text)).toBe(withoutNumbers(fake.at(-1)!.text));

    // One audit event for the lock, however many guesses came, naming no NIK digit.
    const admin = await api.login('admin');
    const audit = await api.call<{ events: Array<{ action: string; detail?: Record<string, string> }>; chainValid: boolean }>('GET', `/api/applications/${applicationId}/audit`, { token: admin });
    expect(audit.status, audit.text).toBe(200);
    const locks = audit.json.events.filter((e) => e.action === 'WRONG_NIK_LIMIT_REACHED');
    expect(locks).toHaveLength(1);
    expect(locks[0]!.detail).toMatchObject({ wrongNiks: String(WRONG_NIK_LIMIT) });
    expect(JSON.stringify(locks)).not.toContain(nik.slice(6));
    expect(audit.json.chainValid).toBe(true);
  });

  it('does not let concurrent guesses past the limit, and the right NIK does not count', async () => {
    const { reference, nik } = await submitted();
    for (let i = 0; i < 3; i++) expect((await check(reference, nik)).status).toBe(200);
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => check(reference, wrongNik(nik, i))));
    expect(burst.filter((r) => r.status === 404)).toHaveLength(WRONG_NIK_LIMIT);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(40 - WRONG_NIK_LIMIT);
  });
});
