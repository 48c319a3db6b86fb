/**
 * Authentication comes before authorization: a staff route refuses a request without a valid token with 401, before
 * it looks at roles or regions (those refusals: authorization-matrix.test.ts); and a revoked token stops working
 * while a fresh login works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { REGIONS, type Account } from '../support/authorization-spec.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let api: ApiClient;
const tokens = {} as Record<Extract<Account, 'admin' | 'keuangan2.tangerang'>, string>;
/** An application of Tangerang, which its finance officer may read. */
let tangerangApplication: string;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  tokens.admin = await api.login('admin');
  tokens['keuangan2.tangerang'] = await api.login('keuangan2.tangerang');
  const submitted = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody({ districtCode: REGIONS.tangerang }) });
  if (submitted.status !== 201) throw new Error(`submit -> ${submitted.status} ${submitted.text}`);
  tangerangApplication = submitted.json.applicationId;
}, 60_000);
afterAll(() => stack?.close());

describe('authentication before authorization', () => {
  const sampleId = '00000000-0000-4000-8000-000000000000';
  const REQUESTS: Array<[string, string]> = [
    ['GET', '/api/tasks?kind=verification'],
    ['GET', '/api/tasks?kind=approval'],
    ['POST', `/api/tasks/${sampleId}.verification/decision`],
    ['POST', `/api/tasks/${sampleId}.verification/claim`],
    ['POST', `/api/tasks/${sampleId}.verification/reassign`],
    ['POST', `/api/tasks/${sampleId}.verification/request-info`],
    ['GET', `/api/applications/${sampleId}`],
    ['GET', `/api/applications/${sampleId}/audit`],
    ['GET', `/api/applications/${sampleId}/nik`],
    ['POST', '/api/staff/keuangan2.tangerang/access'],
  ];
  it.each(REQUESTS.flatMap(([method, path]) => [[method, path, 'no token'], [method, path, 'a forged token']] as const))(
    '%s %s with %s -> 401',
    async (method, path, how) => {
      const token = how === 'no token' ? undefined : `${tokens.admin.slice(0, -4)}AAAA`;
      const r = await api.call(method, path, { token, body: method === 'POST' ? { disabled: false } : undefined });
      expect(r.status, r.text).toBe(401);
    },
  );
});

describe('token revocation (runs last: it invalidates keuangan2.tangerang tokens)', () => {
  it('refuses a revoked token with 401 and accepts a fresh login', async () => {
    const before = tokens['keuangan2.tangerang'];
    const readPath = `/api/applications/${tangerangApplication}`;
    expect((await api.call('GET', readPath, { token: before })).status).toBe(200);
    const revoked = await api.call<{ tokensValidAfter: string | null }>('POST', '/api/staff/keuangan2.tangerang/access', { token: tokens.admin, body: { revokeTokens: true } });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json.tokensValidAfter).toEqual(expect.any(String));
    expect((await api.call('GET', readPath, { token: before })).status).toBe(401);
    // Tokens carry whole-second issue times: wait into the next second so the fresh login is newer than the revocation.
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = await api.login('keuangan2.tangerang');
    expect((await api.call('GET', readPath, { token: fresh })).status).toBe(200);
  });
});
