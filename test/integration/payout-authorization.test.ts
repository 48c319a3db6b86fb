/**
 * Who may work a payout batch after disbursement, and read the reports: every payout route x every seeded account x a
 * Tangerang (36.71) and a Kupang (53.71) batch, over real HTTP. Written by hand from the roles' intent, not from POLICY:
 * - money (the file, results, exceptions, reversals, a batch's report) is finance's, of the batch's city only;
 *   admins and approvers are refused (segregation of duties: nobody outside finance moves or sees payment data);
 * - the summary (numbers only) is for finance and approvers of their city, and admins everywhere.
 * Every refusal is a 403 naming the role or the region, and leaves nothing behind. authorization-matrix.test.ts
 * checks that this spec and its own cover every staff route.
 */
import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { paymentReference } from '../../shared/domain/payment-reference.ts';
import { newPayoutBatch, paymentFileKey } from '../../shared/domain/payout-batch.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { apiClient, type ApiClient, type ApiResponse } from '../support/api.ts';
import { PAYOUT_ACCOUNTS, PAYOUT_SPEC, type PayoutAccount, type PayoutRoute } from '../support/payout-matrix.ts';

const CITIES = { tangerang: '36.71', kupang: '53.71' } as const;
type City = keyof typeof CITIES;

let stack: LocalStack;
let api: ApiClient;
let deps: Deps;
const tokens = {} as Record<PayoutAccount, string>;
const batches = {} as Record<City, string>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  await Promise.all(PAYOUT_ACCOUNTS.map(async (a) => { tokens[a] = await api.login(a); }));
  const at = new Date().toISOString();
  for (const city of Object.keys(CITIES) as City[]) {
    const batchId = crypto.randomUUID();
    await deps.payoutBatches.create({ ...newPayoutBatch({ batchId, programId: 'sembako', period: '2030-01', regencyCode: CITIES[city], createdBy: 'keuangan.tangerang' }, at), status: 'AWAITING_RECONCILIATION' });
    await deps.paymentFiles.write(paymentFileKey(batchId), (async function* () { yield new TextEncoder().encode('"record_type"\r\n"T","0","0"\r\n'); })());
    batches[city] = batchId;
  }
});
afterAll(() => stack?.close());

const encodeKey = (key: string) => Buffer.from(key).toString('base64url');

/** A REVERSED entitlement of its own for one cell, as a bank reversal leaves it. */
async function reversedIn(city: City, cell: string) {
  const { documentClient } = await import('../../functions/lib/clients.ts');
  const { config } = await import('../../functions/lib/config.ts');
  const { keys } = await import('../../functions/lib/table-layout.ts');
  const entitlementId = `${createHash('sha256').update(cell).digest('hex').slice(0, 32)}.2030-01`;
  const paymentRef = await paymentReference(entitlementId, 1);
  const at = new Date().toISOString();
  await documentClient.send(new PutCommand({ TableName: config.tableName, Item: {
    ...keys.entitlement(entitlementId), entitlementId, applicationId: crypto.randomUUID(), reference: 'JRG-3001-MATRX-TESTS', programId: 'sembako', period: '2030-01',
    regencyCode: CITIES[city], districtCode: `${CITIES[city]}.01`, amount: 200_000, status: 'REVERSED', paymentRef, batchId: batches[city], attempts: 1, scheduledAt: at, updatedAt: at,
  } }));
  return entitlementId;
}

/** Performs the cell's request; `after` answers whether the request left its trace (to compare with the outcome). */
async function perform(route: PayoutRoute, account: PayoutAccount, city: City): Promise<{ response: ApiResponse<{ error?: string; message?: string }>; traced?: () => Promise<boolean> }> {
  const token = tokens[account];
  const batchId = batches[city];
  const base = `/api/payout-batches/${batchId}`;
  const cell = `${route}|${account}|${city}`;
  switch (route) {
    case 'GET /api/payout-batches/{batchId}/payment-file': {
      const response = await api.call('GET', `${base}/payment-file`, { token });
      return { response, traced: async () => (await deps.audit.list(batchId)).some((e) => e.action === 'PAYMENT_FILE_DOWNLOADED' && e.actor === account) };
    }
    case 'POST /api/payout-batches/{batchId}/reconciliation':
      return { response: await api.call('POST', `${base}/reconciliation`, { token, contentType: 'text/csv', rawBody: `reference,result,bankRef\n${await paymentReference(cell, 1)},PAID,FT1\n` }) };
    case 'GET /api/payout-batches/{batchId}/exceptions':
      return { response: await api.call('GET', `${base}/exceptions`, { token }) };
    case 'POST /api/payout-batches/{batchId}/exceptions/{key}/resolve': {
      const key = `UNKNOWN_REFERENCE|${cell}`;
      await deps.settlements.putException({ line: 2, reference: 'J000', kind: 'UNKNOWN_REFERENCE', detail: 'x / x', key, batchId, recordedBy: 'keuangan.tangerang', recordedAt: new Date().toISOString(), resolved: false });
      const response = await api.call('POST', `${base}/exceptions/${encodeKey(key)}/resolve`, { token, body: { note: 'Sudah dicek dengan bank' } });
      return { response, traced: async () => (await deps.settlements.getException(batchId, key))?.resolved === true };
    }
    case 'GET /api/payout-batches/{batchId}/report':
      return { response: await api.call('GET', `${base}/report`, { token }) };
    case 'POST /api/entitlements/{entitlementId}/return-to-pool': {
      const entitlementId = await reversedIn(city, cell);
      const response = await api.call('POST', `/api/entitlements/${entitlementId}/return-to-pool`, { token, body: { reason: 'Rekening sudah aktif lagi' } });
      return { response, traced: async () => (await deps.settlements.getEntitlement(entitlementId))?.status === 'SCHEDULED' };
    }
    case 'GET /api/reports/summary':
      return { response: await api.call('GET', `/api/reports/summary?regencyCode=${CITIES[city]}`, { token }) };
  }
}

const ROWS = Object.entries(PAYOUT_SPEC).flatMap(([route, byAccount]) => PAYOUT_ACCOUNTS.flatMap((account) =>
  (['tangerang', 'kupang'] as const).map((city, i) => [route as PayoutRoute, account, city, byAccount[account][i]!] as const)));

describe('payout authorization matrix', () => {
  it.each(ROWS)('%s | %s | %s -> %s', async (route, account, city, expected) => {
    const { response, traced } = await perform(route, account, city);
    if (expected === 'allow') {
      expect(response.status, response.text).toBe(200);
    } else {
      expect(response.status, response.text).toBe(403);
      expect(response.json.error).toBe('Forbidden');
      expect(response.json.message).toContain(account);
      expect(response.json.message).toMatch(expected === 'role' ? /needs the role/ : new RegExp(`does not work in district ${CITIES[city].replace('.', '\\.')}`));
    }
    if (traced) expect(await traced(), 'the trace of the request').toBe(expected === 'allow');
  });
});
