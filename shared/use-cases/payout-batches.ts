/**
 * What finance officers do with payout batches (DESIGN §5): list and read their city's, approve or reject one as the
 * checker (the batch approval human task, so its deadlines, segregation of duties and workflow resume are the
 * stage table's), and cancel one of their own before it is approved.
 */
import { DomainError, forbidden } from '../domain/errors.ts';
import { taskIdFor } from '../domain/human-task.ts';
import { PAYOUT_BATCH_LABELS, type PayoutBatch } from '../domain/payout-batch.ts';
import { authorize, type StaffUser } from '../domain/staff.ts';
import { bilingual } from '../domain/bilingual.ts';
import type { Deps } from './deps.ts';
import { batchFor } from './payout-access.ts';
import { decideTask } from './staff-tasks.ts';

/** A batch as finance reads it; the snapshot's bookkeeping stays inside. */
export function batchView(b: PayoutBatch) {
  return {
    batchId: b.batchId, programId: b.programId, period: b.period, regencyCode: b.regencyCode,
    status: b.status, statusLabel: PAYOUT_BATCH_LABELS[b.status],
    itemCount: b.itemCount, totalAmount: b.totalAmount, progress: { done: b.progress.done, total: b.progress.total },
    createdBy: b.createdBy, createdAt: b.createdAt, approvedBy: b.approvedBy ?? null, approvedAt: b.approvedAt ?? null,
    closedBy: b.closedBy ?? null, closeReason: b.closeReason ?? null, message: b.message ?? null,
    paymentFile: b.paymentFile ? { sha256: b.paymentFile.sha256, size: b.paymentFile.size, rowCount: b.paymentFile.rowCount, controlTotal: b.paymentFile.controlTotal, exportedAt: b.paymentFile.exportedAt } : null,
    updatedAt: b.updatedAt,
  };
}
export type BatchView = ReturnType<typeof batchView>;

export async function readBatch(deps: Deps, user: StaffUser, batchId: string): Promise<BatchView> {
  return batchView(await batchFor(deps, user, batchId, 'payout.read'));
}

/** The batches of the officer's cities, newest first. */
export async function listBatches(deps: Deps, user: StaffUser, page: { cursor?: string; limit: number }) {
  authorize(user, 'payout.read');
  const cities = [...new Set(user.regions.map((r) => r.slice(0, 5)))];
  if (cities.length !== 1 || !cities[0]) return { items: [], nextCursor: null };
  const found = await deps.payoutBatches.listByCity(cities[0], page);
  return { items: found.items.map(batchView), nextCursor: found.cursor ?? null };
}

const notAwaiting = (batch: PayoutBatch) => new DomainError('Conflict', bilingual(
  `Kumpulan pembayaran ini ${PAYOUT_BATCH_LABELS[batch.status].id}, tidak menunggu persetujuan`,
  `This payout batch is ${PAYOUT_BATCH_LABELS[batch.status].en}, not awaiting approval`,
));

/** The checker's decision on a batch: recorded on its approval task, which resumes the workflow. */
export async function decideBatch(deps: Deps, user: StaffUser, batchId: string, decision: { decision: 'APPROVE' } | { decision: 'REJECT'; reason: string }) {
  const batch = await batchFor(deps, user, batchId, 'payout.read');
  const task = await deps.tasks.get(taskIdFor(batchId, 'batchApproval'));
  if (!task) throw notAwaiting(batch);
  await decideTask(deps, user, task.taskId, decision.decision === 'APPROVE' ? { decision: 'APPROVE' } : { decision: 'REJECT', note: decision.reason });
  return { batchId, status: (await batchFor(deps, user, batchId, 'payout.read')).status };
}

/**
 * The maker takes back a batch before it is approved: CANCELLED at once (one conditional write from where it stands),
 * then its approval task is closed and its waiting workflow resumed, which gives the entitlements back to the pool.
 */
export async function cancelBatch(deps: Deps, user: StaffUser, batchId: string, reason: string | undefined) {
  const batch = await batchFor(deps, user, batchId, 'payout.prepare');
  if (batch.createdBy !== user.username) {
    throw forbidden(bilingual(`Hanya ${batch.createdBy}, yang menyusun kumpulan pembayaran ini, yang dapat membatalkannya; petugas lain dapat menolaknya`, `Only ${batch.createdBy}, who prepared this payout batch, can cancel it; another officer can reject it`));
  }
  const at = deps.clock.now().toISOString();
  const change = { updatedAt: at, closedBy: user.username, closeReason: reason };
  // From where it stands now: a batch may finish building between the read and the write, so read again and retry.
  let current = batch;
  let moved: PayoutBatch | undefined;
  for (let attempt = 0; !moved && attempt < 3; attempt++) {
    if (current.status === 'CANCELLED') return { batchId, status: current.status };
    if (current.status !== 'BUILDING' && current.status !== 'AWAITING_APPROVAL') {
      throw new DomainError('Conflict', bilingual(
        `Kumpulan pembayaran yang ${PAYOUT_BATCH_LABELS[current.status].id} tidak dapat dibatalkan lagi`,
        `A payout batch that is ${PAYOUT_BATCH_LABELS[current.status].en} can no longer be cancelled`,
      ));
    }
    moved = await deps.payoutBatches.transition(batchId, current.status, 'CANCELLED', change);
    if (!moved) current = await batchFor(deps, user, batchId, 'payout.prepare');
  }
  if (!moved) throw new DomainError('Conflict', bilingual('Kumpulan pembayaran ini sedang berubah; coba lagi', 'This payout batch is changing right now; try again'));
  await deps.audit.record(batchId, [{ eventId: 'status:CANCELLED', actor: user.username, action: 'STATUS_CHANGED', before: current.status, after: 'CANCELLED', ...(reason ? { detail: { reason } } : {}), at }]);
  const taskId = taskIdFor(batchId, 'batchApproval');
  // Closed first, then its token read: a workflow that stores its token on the task meanwhile (only while it is OPEN:
  // openHumanTask) is woken with it.
  await deps.tasks.close(taskId);
  const token = await deps.tasks.recordedToken(taskId);
  // A building batch's workflow notices by itself at its next step; a waiting one is woken to route on.
  if (token) await deps.workflow.sendTaskSuccess(token, { cancelled: true });
  return { batchId, status: moved.status };
}
