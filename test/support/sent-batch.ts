import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import type { PaymentInstruction } from '../../shared/domain/payment-instruction.ts';
import type { PayoutBatch } from '../../shared/domain/payout-batch.ts';
import type { StaffUser } from '../../shared/domain/staff.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import * as build from '../../shared/use-cases/payout-build.ts';
import type { ApiClient } from './api.ts';
import { approvedApplication } from './approved.ts';

export const FINANCE_TANGERANG: StaffUser = { username: 'keuangan.tangerang', roles: ['finance'], regions: ['36.71'] };

/** Runs every build step of a batch to its end, as the payout workflow does. */
export async function buildAll(deps: Deps, batchId: string) {
  await build.schedulePeriod(deps, batchId);
  while ((await build.claimPage(deps, batchId)).more);
  let cursor: string | undefined;
  do cursor = (await build.freezePage(deps, batchId, cursor)).cursor; while (cursor);
  return build.totalBatch(deps, batchId);
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
 * `households` newly approved sembako households (the first `atPostOffice` of them paid at the post office; over HTTP, as officers approve them) and a batch of their first
 * period built by the build use-cases; it holds them and whatever else waits in the city's pool for that period.
 * The disbursement step is not written yet, so this stands in for it: approved by a second officer, every instruction
 * and entitlement SENT (the bank acknowledged the file), the batch AWAITING_RECONCILIATION.
 */
export async function sentBatch(deps: Deps, api: ApiClient, tokens: Record<string, string>, households: number, options: { atPostOffice?: number } = {}): Promise<{ batch: PayoutBatch; instructions: PaymentInstruction[]; applicationIds: string[] }> {
  const applicationIds: string[] = [];
  for (let i = 0; i < households; i++) {
    // The first `atPostOffice` households collect at the post office of their district.
    const payout = i < (options.atPostOffice ?? 0) ? { payout: { method: 'POS', districtCode: '36.71.01' } } : {};
    applicationIds.push((await approvedApplication(api, tokens, { programId: 'sembako' }, payout)).id);
  }
  const period = (await deps.enrolments.get(applicationIds[0]!))!.periods[0]!;
  const requested = await build.requestPayoutBatch(deps, FINANCE_TANGERANG, { programId: 'sembako', period });
  expect((await buildAll(deps, requested.batchId)).status).toBe('AWAITING_APPROVAL');
  const { documentClient } = await import('../../functions/lib/clients.ts');
  const { config } = await import('../../functions/lib/config.ts');
  const { keys } = await import('../../functions/lib/table-layout.ts');
  const sent = (Key: Record<string, string>, from: string) => documentClient.send(new UpdateCommand({
    TableName: config.tableName, Key, UpdateExpression: 'SET #status = :sent', ConditionExpression: '#status = :from',
    ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':sent': 'SENT', ':from': from },
  }));
  const at = () => new Date().toISOString();
  await deps.payoutBatches.transition(requested.batchId, 'AWAITING_APPROVAL', 'DISBURSING', { updatedAt: at(), approvedBy: 'keuangan2.tangerang' });
  const instructions = await instructionsOf(deps, requested.batchId);
  for (const i of instructions) {
    await sent(keys.paymentInstruction(i.reference), 'PENDING');
    await sent(keys.entitlement(i.entitlementId), 'IN_BATCH');
  }
  const batch = await deps.payoutBatches.transition(requested.batchId, 'DISBURSING', 'AWAITING_RECONCILIATION', { updatedAt: at() });
  return { batch: batch!, instructions: instructions.map((i) => ({ ...i, status: 'SENT' })), applicationIds };
}
