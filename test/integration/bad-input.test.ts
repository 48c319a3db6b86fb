/**
 * Bad input on every route: a 4xx whose body names the problem, never a 500 or a stack trace, and nothing
 * stored. Its own stack, so no workflow is writing while the store is counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { countItems } from '../support/table.ts';

let stack: LocalStack;
let api: ApiClient;
let verifier: string;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  verifier = await api.login('verifikator.tangerang');
});
afterAll(() => stack?.close());

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('bad input gets a 4xx naming the problem, and stores nothing', () => {
  const cases: Array<{ name: string; method: string; path: string; rawBody?: string; body?: unknown; contentType?: string; token?: 'verifier' | 'bad'; status: number; error: string; mentions?: RegExp }> = [
    { name: 'malformed JSON', method: 'POST', path: '/api/applications', rawBody: '{"programId": "sembako",', status: 400, error: 'ValidationError', mentions: /not valid JSON/ },
    { name: 'not JSON', method: 'POST', path: '/api/applications', rawBody: 'programId=sembako', contentType: 'application/x-www-form-urlencoded', status: 415, error: 'UnsupportedMediaType' },
    { name: 'over 64 KiB', method: 'POST', path: '/api/applications', rawBody: JSON.stringify({ fullName: 'x'.repeat(70_000) }), status: 413, error: 'PayloadTooLarge' },
    { name: 'wrong types', method: 'POST', path: '/api/applications', body: { ...applicationBody(), household: { members: 'four', monthlyIncome: null } }, status: 400, error: 'ValidationError', mentions: /household\.members/ },
    { name: 'unknown programme', method: 'POST', path: '/api/applications', body: applicationBody({ programId: 'bansos-palsu' }), status: 400, error: 'ValidationError', mentions: /Unknown programme/ },
    { name: 'a JSON array', method: 'POST', path: '/api/applications', rawBody: '[]', status: 400, error: 'ValidationError' },
    { name: 'status check without NIK', method: 'POST', path: '/api/status-check', body: { reference: 'JRG-2611-AAAAAAAA' }, status: 400, error: 'ValidationError', mentions: /nik/ },
    { name: 'login with wrong types', method: 'POST', path: '/api/auth/login', body: { username: 1 }, status: 400, error: 'ValidationError' },
    { name: 'login with a wrong password', method: 'POST', path: '/api/auth/login', body: { username: 'admin', password: 'salah' }, status: 401, error: 'Unauthorized' },
    { name: 'tasks without a token', method: 'GET', path: '/api/tasks?kind=verification', status: 401, error: 'Unauthorized' },
    { name: 'tasks with a forged token', method: 'GET', path: '/api/tasks?kind=verification', token: 'bad', status: 401, error: 'Unauthorized' },
    { name: 'tasks of an unknown kind', method: 'GET', path: '/api/tasks?kind=payment', token: 'verifier', status: 400, error: 'ValidationError', mentions: /kind/ },
    { name: 'a cursor that is not base64 JSON', method: 'GET', path: '/api/tasks?kind=verification&cursor=bm9wZQ', token: 'verifier', status: 400, error: 'ValidationError', mentions: /cursor/ },
    ...[{ region: -1 }, { region: 0.5 }, { region: 7 }, { region: 0, key: { foo: 'bar' } }, { region: 0, key: null }, { region: 0, key: { gsi2pk: 'QUEUE#verification#53.71', gsi2sk: 'x', pk: 'x', sk: 'x' } }, { region: 0, key: { gsi2pk: 'QUEUE#verification#36.71' } }, { region: 0, key: { gsi2pk: 'QUEUE#verification#36.71', gsi2sk: 'x', pk: 'x', sk: 'x', extra: 'x' } }].map((c) => ({
      name: `a forged cursor ${JSON.stringify(c)}`, method: 'GET', path: `/api/tasks?kind=verification&cursor=${Buffer.from(JSON.stringify(c)).toString('base64url')}`, token: 'verifier' as const, status: 400, error: 'ValidationError', mentions: /cursor/,
    })),
    { name: 'an over-long task id', method: 'POST', path: `/api/tasks/${'a'.repeat(3000)}/decision`, body: { decision: 'APPROVE' }, token: 'verifier', status: 400, error: 'ValidationError', mentions: /taskId/ },
    { name: 'an over-long application id', method: 'GET', path: `/api/applications/${'a'.repeat(3000)}`, token: 'verifier', status: 400, error: 'ValidationError', mentions: /applicationId/ },
    { name: 'broken percent-encoding', method: 'GET', path: '/%E0%A4%A', status: 400, error: 'ValidationError' },
    { name: 'a NIK from no real district', method: 'POST', path: '/api/applications', body: { ...applicationBody(), nik: '9999995703840001' }, status: 400, error: 'ValidationError', mentions: /kecamatan/ },
    { name: 'a birth date in the future', method: 'POST', path: '/api/applications', body: applicationBody({ birthDate: '2031-03-17' }), status: 400, error: 'ValidationError', mentions: /birthDate/ },
    { name: 'an unknown task', method: 'POST', path: `/api/tasks/${UNKNOWN_ID}.verification/decision`, body: { decision: 'APPROVE' }, token: 'verifier', status: 404, error: 'NotFound' },
    { name: 'a decision without a verdict', method: 'POST', path: `/api/tasks/${UNKNOWN_ID}.verification/decision`, body: { decision: 'MAYBE' }, token: 'verifier', status: 400, error: 'ValidationError', mentions: /decision/ },
    { name: 'an unknown application', method: 'GET', path: `/api/applications/${UNKNOWN_ID}`, token: 'verifier', status: 404, error: 'NotFound' },
    { name: 'the audit of an unknown application', method: 'GET', path: `/api/applications/${UNKNOWN_ID}/audit`, token: 'verifier', status: 404, error: 'NotFound' },
    { name: 'an unknown route', method: 'GET', path: '/api/nothing-here', status: 404, error: 'NotFound' },
  ];

  it.each(cases)('$name -> $status $error', async (c) => {
    const before = await countItems(stack.dynamoUrl);
    const token = c.token === 'verifier' ? verifier : c.token === 'bad' ? `${verifier.slice(0, -4)}AAAA` : undefined;
    const r = await api.call<{ error: string; message: string; issues?: Array<{ path: string; message: string }> }>(c.method, c.path, { body: c.body, rawBody: c.rawBody, contentType: c.contentType, token });
    expect(r.status).toBe(c.status);
    expect(r.json.error).toBe(c.error);
    expect(r.json.message).toEqual(expect.any(String));
    if (c.mentions) expect(JSON.stringify(r.json)).toMatch(c.mentions);
    expect(r.text).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    expect(await countItems(stack.dynamoUrl)).toEqual(before);
  });
});
