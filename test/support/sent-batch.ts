import { expect } from 'vitest';
import type { PaymentInstruction } from '../../shared/domain/payment-instruction.ts';
import type { PayoutBatch } from '../../shared/domain/payout-batch.ts';
import type { StaffUser } from '../../shared/domain/staff.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import type { BatchView } from '../../shared/use-cases/payout-batches.ts';
import type { ApiClient } from './api.ts';
import { approvedApplication } from './approved.ts';

export const FINANCE_TANGERANG: StaffUser = { username: 'keuangan.tangerang', roles: ['finance'], regions: ['36.71'] };
/** The maker and the checker of Kota Tangerang's batches. */
export const MAKER = 'keuangan.tangerang';
export const CHECKER = 'keuangan2.tangerang';

/** Logs in the officers `tokens` lacks. */
export async function withTokens(api: ApiClient, tokens: Record<string, string>, usernames: readonly string[]) {
  for (const u of usernames) tokens[u] ??= await api.login(u);
  return tokens;
}

/** Asks for a batch over HTTP, as the maker does; its workflow builds it. */
export async function requestBatch(api: ApiClient, tokens: Record<string, string>, programId: string, period: string): Promise<string> {
  await withTokens(api, tokens, [MAKER]);
  const r = await api.call<BatchView>('POST', '/api/payout-batches', { token: tokens[MAKER], body: { programId, period } });
  expect(r.status, r.text).toBe(202);
  return r.json.batchId;
}

/** Waits until the batch stands in one of `statuses`, as the console polls it. */
export async function batchIn(api: ApiClient, tokens: Record<string, string>, batchId: string, ...statuses: PayoutBatch['status'][]): Promise<BatchView> {
  await withTokens(api, tokens, [MAKER]);
  let seen: BatchView | undefined;
  await api.until(`batch ${statuses.join('/')}`, async () => {
    seen = (await api.call<BatchView>('GET', `/api/payout-batches/${batchId}`, { token: tokens[MAKER] })).json;
    return statuses.includes(seen.status);
  });
  return seen!;
}

/** Every instruction of a batch, in reference order. */
export async function instructionsOf(deps: Deps, batchId: string): Promise<PaymentInstruction[]> {
  const items: PaymentInstruction[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.instructions.inBatch(batchId, { cursor, limit: 500 });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/**
 * `households` newly approved sembako households (the first `atPostOffice` of them paid at the post office; over
 * HTTP, as officers approve them) and a batch of their first period, taken through the real payout workflow: built,
 * approved by the second officer, disbursed and exported, so it stands AWAITING_RECONCILIATION with every item SENT.
 * It holds them and whatever else waited in the city's pool.
 */
export async function sentBatch(deps: Deps, api: ApiClient, tokens: Record<string, string>, households: number, options: { atPostOffice?: number } = {}): Promise<{ batch: PayoutBatch; instructions: PaymentInstruction[]; applicationIds: string[] }> {
  const applicationIds: string[] = [];
  for (let i = 0; i < households; i++) {
    // The first `atPostOffice` households collect at the post office of their district.
    const payout = i < (options.atPostOffice ?? 0) ? { payout: { method: 'POS', districtCode: '36.71.01' } } : {};
    applicationIds.push((await approvedApplication(api, tokens, { programId: 'sembako' }, payout)).id);
  }
  const period = (await deps.enrolments.get(applicationIds[0]!))!.periods[0]!;
  const batchId = await requestBatch(api, tokens, 'sembako', period);
  await batchIn(api, tokens, batchId, 'AWAITING_APPROVAL');
  await withTokens(api, tokens, [CHECKER]);
  const approved = await api.call('POST', `/api/payout-batches/${batchId}/approve`, { token: tokens[CHECKER] });
  expect(approved.status, approved.text).toBe(202);
  await batchIn(api, tokens, batchId, 'AWAITING_RECONCILIATION');
  return { batch: (await deps.payoutBatches.get(batchId))!, instructions: await instructionsOf(deps, batchId), applicationIds };
}

/**
 * A payout test file's stack: the local stack in memory, an API client, the handlers' deps against it, and the
 * officers' tokens in `tokens`. Call from beforeAll; close the stack in afterAll.
 */
export async function payoutSession(tokens: Record<string, string>, usernames: readonly string[]) {
  const { startLocalStack } = await import('../../local/stack.ts');
  const { apiClient } = await import('./api.ts');
  const stack = await startLocalStack();
  const api = apiClient(stack.url);
  const deps: Deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  await withTokens(api, tokens, usernames);
  return { stack, api, deps };
}
