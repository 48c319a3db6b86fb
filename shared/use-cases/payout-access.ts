/**
 * Who may see and work a payout batch: finance officers of the batch's city (staff.ts POLICY). Every batch route
 * loads its batch through here, so a batch of another city is refused the same way everywhere.
 */
import { notFound } from '../domain/errors.ts';
import type { PayoutBatch } from '../domain/payout-batch.ts';
import { authorize, type StaffAction, type StaffUser } from '../domain/staff.ts';
import type { Deps } from './deps.ts';

/** The batch, once the officer may take `action` on it; 404 when there is none, 403 naming the rule otherwise. */
export async function batchFor(deps: Pick<Deps, 'payoutBatches'>, user: StaffUser, batchId: string, action: StaffAction): Promise<PayoutBatch> {
  authorize(user, action);
  const batch = await deps.payoutBatches.get(batchId);
  if (!batch) throw notFound(`Kumpulan pembayaran ${batchId} tidak ada / no payout batch ${batchId}`);
  authorize(user, action, batch.regencyCode);
  return batch;
}
