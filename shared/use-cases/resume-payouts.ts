import type { PayoutBatch, PayoutBatchStatus } from '../domain/payout-batch.ts';
import type { Deps } from './deps.ts';
import { STALLED_AFTER_MS } from './resume-applications.ts';

/** Statuses in which a batch's workflow still has steps to run (the status index lists exactly these). */
const UNFINISHED: readonly PayoutBatchStatus[] = ['BUILDING', 'AWAITING_APPROVAL', 'DISBURSING', 'REJECTED', 'CANCELLED'];

async function* batchesIn(deps: Pick<Deps, 'payoutBatches'>, status: PayoutBatchStatus): AsyncGenerator<PayoutBatch> {
  let cursor: string | undefined;
  do {
    const page = await deps.payoutBatches.listByStatus(status, { cursor, limit: 100 });
    yield* page.items;
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Starts the payout workflow again for every batch it has not finished (a rejected or cancelled one until its
 * entitlements are back in the pool): after a local restart, where executions live in memory. Each resumes where
 * its batch stands.
 */
export async function resumeUnfinishedBatches(deps: Pick<Deps, 'payoutBatches' | 'workflow'>): Promise<number> {
  let resumed = 0;
  for (const status of UNFINISHED) {
    for await (const batch of batchesIn(deps, status)) {
      // The index may lag on AWS, and a returned batch leaves it: the item says whether work is left.
      const current = await deps.payoutBatches.get(batch.batchId);
      if (!current || !UNFINISHED.includes(current.status) || current.returnedAt) continue;
      await deps.workflow.startPayoutBatch(batch.batchId, 'resume');
      resumed++;
    }
  }
  return resumed;
}

/** After a payout execution failed, timed out or was stopped (AWS): a new one, if the batch still has work left. */
export async function resumeBatchAfterFailure(deps: Pick<Deps, 'payoutBatches' | 'workflow'>, batchId: string): Promise<'resumed' | 'finished'> {
  const batch = await deps.payoutBatches.get(batchId);
  if (!batch || !UNFINISHED.includes(batch.status) || batch.returnedAt) return 'finished';
  await deps.workflow.startPayoutBatch(batchId, 'resume');
  return 'resumed';
}

/**
 * Part of the sweep: a batch still BUILDING a while after it was requested whose first execution never started (the
 * request's Lambda died between storing it and starting it): no snapshot page stored yet, since its first step stores
 * them within seconds. A batch of a large city builds for many minutes; its running execution has a snapshot, and
 * StartExecution would answer it with success (same name and input), which is no restart. The execution is named after
 * the batch, so even a batch whose first step is slow gets no second one.
 */
export async function restartStalledBatches(deps: Pick<Deps, 'payoutBatches' | 'workflow' | 'clock'>): Promise<string[]> {
  const cutoff = new Date(deps.clock.now().getTime() - STALLED_AFTER_MS).toISOString();
  const restarted: string[] = [];
  for await (const batch of batchesIn(deps, 'BUILDING')) {
    if (batch.createdAt >= cutoff || batch.snapshot) continue;
    // The index may lag on AWS: the item says whether a step ran meanwhile.
    const current = await deps.payoutBatches.get(batch.batchId);
    if (current?.status !== 'BUILDING' || current.snapshot) continue;
    if (await deps.workflow.startPayoutBatch(batch.batchId, 'request')) restarted.push(batch.batchId);
  }
  return restarted;
}
