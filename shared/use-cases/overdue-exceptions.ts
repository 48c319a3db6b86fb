import { EXCEPTION_OVERDUE_HOURS } from '../domain/business-metrics.ts';
import type { PayoutBatchStatus } from '../domain/payout-batch.ts';
import type { Deps } from './deps.ts';

/** Batches that take the bank's results: exceptions are recorded only while a batch is in one of these. */
const RECONCILED: readonly PayoutBatchStatus[] = ['AWAITING_RECONCILIATION', 'COMPLETED'];
/** A batch finished this long ago is no longer looked at: its open exceptions were overdue (and alarmed) long before. */
const LOOK_BACK_DAYS = 180;
const PAGE = 100;

/**
 * How many reconciliation exceptions have waited for finance longer than EXCEPTION_OVERDUE_HOURS, over every batch
 * reconciled in the last LOOK_BACK_DAYS; recorded as ReconciliationExceptionsOverdue (zero included, so the alarm
 * always has a value to judge).
 */
export async function measureOverdueExceptions(deps: Pick<Deps, 'payoutBatches' | 'settlements' | 'metrics' | 'clock'>): Promise<number> {
  const now = deps.clock.now().getTime();
  const overdueBefore = now - EXCEPTION_OVERDUE_HOURS * 3600_000;
  const lookBackFrom = now - LOOK_BACK_DAYS * 86_400_000;
  let overdue = 0;
  for (const status of RECONCILED) {
    let cursor: string | undefined;
    do {
      const batches = await deps.payoutBatches.listByStatus(status, { cursor, limit: PAGE });
      for (const batch of batches.items) {
        if (Date.parse(batch.updatedAt) < lookBackFrom) continue;
        let exceptionCursor: string | undefined;
        do {
          const page = await deps.settlements.listExceptions(batch.batchId, { cursor: exceptionCursor, limit: PAGE });
          overdue += page.items.filter((e) => !e.resolved && Date.parse(e.recordedAt) < overdueBefore).length;
          exceptionCursor = page.cursor;
        } while (exceptionCursor);
      }
      cursor = batches.cursor;
    } while (cursor);
  }
  deps.metrics.record([{ metric: 'ReconciliationExceptionsOverdue', value: overdue }]);
  return overdue;
}
