/**
 * The public status check: rate-limited per client across instances (the count lives in the store), the same
 * answer for an unknown reference and a wrong NIK, and no personal data in what it returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

const LIMIT = 6;
let stack: LocalStack;
let api: ApiClient;
beforeAll(async () => {
  stack = await startLocalStack({ statusCheckLimitPerMinute: LIMIT });
  api = apiClient(stack.url);
});
afterAll(() => stack?.close());

describe('public status check', () => {
  it('reveals nothing personal, answers unknown references and wrong NIKs alike, and limits each client', async () => {
    const body = applicationBody();
    const created = await api.call<{ reference: string }>('POST', '/api/applications', { body });
    const ok = await api.call<Record<string, unknown>>('POST', '/api/status-check', { body: { reference: created.json.reference, nik: body.nik } });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.json).sort()).toEqual(['payments', 'period', 'programId', 'reasonCodes', 'reference', 'status', 'timeline']);
    for (const personal of [body.nik, body.kk, body.fullName, body.address.street, body.address.villageCode, '81234567890', body.birthDate, 'applicant']) {
      expect(ok.text).not.toContain(personal);
    }

    const unknown = await api.call('POST', '/api/status-check', { body: { reference: 'JRG-2611-ZZZZZ-ZZZZZ', nik: body.nik } });
    const wrongNik = await api.call('POST', '/api/status-check', { body: { reference: created.json.reference, nik: `${body.nik.slice(0, 12)}9999` } });
    expect([unknown.status, wrongNik.status]).toEqual([404, 404]);
    expect(wrongNik.text).toBe(unknown.text);

    // Three checks so far; the limit is per client per clock minute, so stay inside one.
    const secondsLeft = 60 - (Math.floor(Date.now() / 1000) % 60);
    if (secondsLeft < 10) {
      await new Promise((r) => setTimeout(r, secondsLeft * 1000 + 100));
      for (let i = 0; i < 3; i++) await api.call('POST', '/api/status-check', { body: { reference: created.json.reference, nik: body.nik } });
    }
    const rest = [];
    for (let i = 3; i < LIMIT + 2; i++) rest.push(await api.call<{ error: string; retryAfterSeconds: number }>('POST', '/api/status-check', { body: { reference: created.json.reference, nik: body.nik } }));
    expect(rest.slice(0, LIMIT - 3).map((r) => r.status)).toEqual(new Array(LIMIT - 3).fill(200));
    expect(rest[LIMIT - 3]?.status).toBe(429); // the first check past the limit
    const limited = rest.at(-1)!;
    expect(limited.status).toBe(429);
    expect(limited.json.error).toBe('TooManyRequests');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });
});
