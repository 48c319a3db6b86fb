/**
 * Periods and intake days on the applicant's own clock. The stack runs in this process with its clock set to
 * 16:30 UTC on 30 November: 23:30 in Tangerang (WIB), but already 00:30 on 1 December in Kupang (WITA).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoProgramCatalogue } from '../../functions/lib/adapters/dynamo-programs.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { SEED_PROGRAMS } from '../../shared/domain/programs.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let api: ApiClient;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  // Only Date is faked, and it keeps ticking: timers, sockets and the workflow run as usual.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-30T16:30:00Z'), shouldAdvanceTime: true });
  stack = await startLocalStack();
  api = apiClient(stack.url);
  dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl });
  const sembako = SEED_PROGRAMS.find((p) => p.id === 'sembako')!;
  await new DynamoProgramCatalogue(DynamoDBDocumentClient.from(dynamo), LOCAL_TABLE_NAME).publish({ ...sembako, id: 'uji-november', intake: { opensOn: '2026-11-01', closesOn: '2026-11-30' } });
});
afterAll(async () => {
  dynamo?.destroy();
  await stack?.close();
  vi.useRealTimers();
});

async function periodOfNewApplication(districtCode: string, verifier: string): Promise<string> {
  const created = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody({ districtCode }) });
  expect(created.status).toBe(201);
  const token = await api.login(verifier);
  const detail = await api.call<{ period: string }>('GET', `/api/applications/${created.json.applicationId}`, { token });
  expect(detail.status).toBe(200);
  return detail.json.period;
}

describe('the applicant\'s clock', () => {
  it('puts a monthly application in the month it is where the applicant lives', async () => {
    expect(await periodOfNewApplication('36.71.02', 'verifikator.tangerang')).toBe('2026-11');
    expect(await periodOfNewApplication('53.71.01', 'verifikator.kupang')).toBe('2026-12');
  });

  it('lists programmes as open or closed, and their period, on the clock of the province asked for', async () => {
    type Listed = Array<{ id: string; currentPeriod: string; open: boolean }>;
    const listed = async (query: string) => {
      const r = await api.call<Listed>('GET', `/api/programs${query}`);
      expect(r.status).toBe(200);
      return (id: string) => r.json.find((p) => p.id === id);
    };
    const jakarta = await listed('');
    expect(jakarta('sembako')?.currentPeriod).toBe('2026-11');
    expect(jakarta('uji-november')?.open).toBe(true);
    const kupang = await listed('?provinceCode=53');
    expect(kupang('sembako')?.currentPeriod).toBe('2026-12');
    expect(kupang('uji-november')?.open).toBe(false);
    for (const bad of ['99', '5', '53.71', '']) {
      const r = await api.call<{ error: string; issues: Array<{ path: string }> }>('GET', `/api/programs?provinceCode=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.json.issues[0]?.path).toBe('provinceCode');
    }
  });

  it('closes an intake window at the applicant\'s midnight', async () => {
    const tangerang = await api.call('POST', '/api/applications', { body: applicationBody({ districtCode: '36.71.03', programId: 'uji-november' }) });
    expect(tangerang.status).toBe(201);
    const kupang = await api.call<{ message: string }>('POST', '/api/applications', { body: applicationBody({ districtCode: '53.71.02', programId: 'uji-november' }) });
    expect(kupang.status).toBe(409);
    expect(kupang.json.message).toMatch(/ditutup/);
  });
});
