/**
 * After the checker's decision (issue #9 deliverables 3-5): an approved batch is disbursed a page at a time (each
 * instruction and its entitlement SENT, the batch's progress counted once per page), then its payment file is
 * written and stored, and the batch waits for the bank's results. A rejected or cancelled batch gives its
 * entitlements back to the pool, page by page. Every step is idempotent: a crash anywhere converges on a re-run.
 */
import { DomainError, notFound } from '../domain/errors.ts';
import { entitlementIdFor } from '../domain/entitlement.ts';
import { taskIdFor } from '../domain/human-task.ts';
import type { PaymentInstruction } from '../domain/payment-instruction.ts';
import { paymentFileKey, type PayoutBatch } from '../domain/payout-batch.ts';
import { eachLimit } from '../concurrency.ts';
import type { Deps } from './deps.ts';
import { PAGE_CONCURRENCY } from './payout-build.ts';
import { enqueueNotices, paymentNotice } from './notify.ts';
import { loadBatch } from './stored.ts';

const SYSTEM_ACTOR = 'system:workflow';


async function claimedReferences(deps: Deps, batchId: string, number: number): Promise<string[]> {
  const page = await deps.payoutPages.getPage(batchId, number);
  if (!page?.claimed) throw new DomainError('Conflict', `Snapshot page ${number} of payout batch ${batchId} was never claimed`);
  return page.claimed.references;
}

/** A page's instructions, read in batches, in the page's order; every one the page names must be there. */
async function pageInstructions(deps: Deps, batchId: string, number: number, references: readonly string[]): Promise<PaymentInstruction[]> {
  const found = await deps.instructions.getMany(references);
  if (found.length !== references.length) throw notFound(`Payout batch ${batchId}: page ${number} names instructions that are gone`);
  return found;
}

/** One map item of an approved batch: its pages' instructions and entitlements SENT, each page counted once. */
export async function disbursePages(deps: Deps, batchId: string, pages: readonly number[]): Promise<{ sent: number }> {
  const batch = await loadBatch(deps, batchId);
  if (batch.status !== 'DISBURSING') return { sent: 0 };
  let sent = 0;
  for (const number of pages) {
    const references = await claimedReferences(deps, batchId, number);
    const at = deps.clock.now().toISOString();
    const items = await pageInstructions(deps, batchId, number, references);
    await eachLimit(items, PAGE_CONCURRENCY, async (item) => {
      // The instruction first, the record of what goes to the bank; its entitlement follows it. Both are no-ops once done.
      await deps.instructions.markSent(item.reference, at);
      await deps.entitlementPool.markSent(item.entitlementId, batchId, at);
      await enqueueNotices(deps, [paymentNotice(item, 'payment-sent', batch.period)]);
    });
    await deps.payoutPages.markDisbursed(batchId, number, references.length, at);
    sent += references.length;
  }
  return { sent };
}

/** Every instruction of the batch, page by page in snapshot order, a page in memory at a time. */
async function* batchRows(deps: Deps, batch: PayoutBatch): AsyncGenerator<PaymentInstruction> {
  for (let number = 1; number <= (batch.snapshot?.pages ?? 0); number++) {
    yield* await pageInstructions(deps, batch.batchId, number, await claimedReferences(deps, batch.batchId, number));
  }
}

/**
 * Writes and stores the batch's payment file once every page is disbursed, records its SHA-256 in the batch's audit
 * trail, and only then moves the batch to AWAITING_RECONCILIATION. Run again, it writes the same bytes (everything in
 * the file was frozen when the batch was built).
 */
export async function exportPaymentFile(deps: Deps, batchId: string): Promise<{ status: PayoutBatch['status'] }> {
  const batch = await loadBatch(deps, batchId);
  if (batch.status !== 'DISBURSING') return { status: batch.status };
  if (batch.progress.done !== batch.itemCount) {
    throw new DomainError('Conflict', `Payout batch ${batchId}: ${batch.progress.done} of ${batch.itemCount} items disbursed`);
  }
  const key = paymentFileKey(batchId);
  const file = await deps.paymentFileExporter.export(key, batchRows(deps, batch));
  if (file.rowCount !== batch.itemCount || file.controlTotal !== batch.totalAmount) {
    throw new DomainError('Conflict', `Payout batch ${batchId}: the file holds ${file.rowCount} rows for ${file.controlTotal}, the batch ${batch.itemCount} for ${batch.totalAmount}`);
  }
  const exportedAt = deps.clock.now().toISOString();
  const paymentFile = { name: key.name, size: file.size, sha256: file.sha256, rowCount: file.rowCount, controlTotal: file.controlTotal, exportedAt };
  await deps.audit.record(batchId, [{
    eventId: `payment-file:${file.sha256}`, actor: SYSTEM_ACTOR, action: 'PAYMENT_FILE_WRITTEN',
    detail: { name: key.name, sha256: file.sha256, size: String(file.size), rowCount: String(file.rowCount), controlTotal: String(file.controlTotal) }, at: exportedAt,
  }]);
  const moved = await deps.payoutBatches.transition(batchId, 'DISBURSING', 'AWAITING_RECONCILIATION', { updatedAt: exportedAt, paymentFile });
  const status = (moved ?? (await loadBatch(deps, batchId))).status;
  await deps.audit.record(batchId, [{ eventId: `status:${status}`, actor: SYSTEM_ACTOR, action: 'STATUS_CHANGED', before: 'DISBURSING', after: status, at: exportedAt }]);
  return { status };
}

/**
 * One map item of a rejected or cancelled batch: every entitlement of its pages that this batch still holds goes
 * back to the pool. Read from the snapshot's enrolments, not from what the page recorded, so a page whose claim a
 * crash cut short is given back whole too.
 */
export async function returnPages(deps: Deps, batchId: string, pages: readonly number[]): Promise<{ returned: number }> {
  const batch = await loadBatch(deps, batchId);
  if (batch.status !== 'REJECTED' && batch.status !== 'CANCELLED') return { returned: 0 };
  let returned = 0;
  for (const number of pages) {
    const page = await deps.payoutPages.getPage(batchId, number);
    if (!page) continue;
    const at = deps.clock.now().toISOString();
    await eachLimit(page.applicationIds, PAGE_CONCURRENCY, async (applicationId) => {
      const enrolment = await deps.enrolments.get(applicationId);
      if (enrolment && (await deps.entitlementPool.giveBack(entitlementIdFor(enrolment.beneficiaryId, batch.period), batchId, at))) returned++;
    });
  }
  return { returned };
}

/** The last step of a rejected or cancelled batch: its entitlements are all back in the pool. */
export async function finishReturn(deps: Deps, batchId: string): Promise<{ status: PayoutBatch['status'] }> {
  const batch = await loadBatch(deps, batchId);
  if (batch.status === 'REJECTED' || batch.status === 'CANCELLED') {
    const at = deps.clock.now().toISOString();
    // A batch cancelled while it was being totalled may have had its approval task opened just after the cancel
    // closed it: no task of a closed batch stays in a queue.
    await deps.tasks.close(taskIdFor(batchId, 'batchApproval'));
    await deps.payoutBatches.markReturned(batchId, at);
    await deps.audit.record(batchId, [{ eventId: 'returned-to-pool', actor: SYSTEM_ACTOR, action: 'ENTITLEMENTS_RETURNED', after: batch.status, at }]);
  }
  return { status: batch.status };
}
