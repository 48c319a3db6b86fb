/**
 * Reconciliation (issue #9 deliverable 6): a bank's parsed result file settles a batch's payment instructions exactly
 * once, and whatever it cannot apply goes to the batch's exceptions list, which finance resolves.
 *
 * No transactions: each write is one conditional single-item write, in this order for a row:
 *   1. the instruction, SENT -> PAID | FAILED: the record of truth; of two uploads at once, one write lands;
 *   2. its entitlement follows it (SENT -> PAID, or FAILED back into its pool for the next batch of its period);
 *   3. the application's audit event (deterministic id, appended once).
 * A crash anywhere leaves the instruction settled or not. The same file again finds a settled row `unchanged` and
 * redoes 2 and 3, which change nothing once done; an unsettled row is applied as the first time. Exceptions are
 * stored once per key. A reversal (PAID, then FAILED from the bank) is recorded on the instruction, then moves the
 * entitlement to REVERSED, out of every index: only `returnReversedToPool`, a finance decision, puts it back.
 */
import type { AuditEventInput } from '../domain/audit.ts';
import { isApplicationReference } from '../domain/application.ts';
import { DomainError, notFound, validationError } from '../domain/errors.ts';
import { PAYOUT_BATCH_LABELS, type PayoutBatch, type PayoutBatchStatus } from '../domain/payout-batch.ts';
import { classifyReconciliation, EXCEPTION_KIND_LABELS, type InstructionForReconciliation, type ReconciliationException } from '../domain/reconciliation.ts';
import type { ReconciliationRow, SettlementResult } from '../domain/reconciliation-row.ts';
import { authorize, type StaffAction, type StaffUser } from '../domain/staff.ts';
import type { Page } from '../ports/payouts.ts';
import type { ReturnRecord, ReversalRecord, SettledEntitlement, SettledInstruction, StoredException } from '../ports/settlements.ts';
import type { Deps } from './deps.ts';
import { bilingual } from '../domain/bilingual.ts';
import { batchFor } from './payout-access.ts';
import { enqueueNotices, paymentNotice } from './notify.ts';
import { eachLimit } from '../concurrency.ts';

export type ReconcileDeps = Pick<Deps, 'payoutBatches' | 'instructions' | 'entitlementPool' | 'audit' | 'clock' | 'settlements' | 'outbox' | 'metrics'>;

const RECONCILE: StaffAction = 'payout.reconcile';

/** Store calls in flight at once: enough to hide the store's latency, few enough for one Lambda's connections. */
const CONCURRENCY = 16;
const INDEX_PAGE = 500;

/** Results come in while the batch awaits them, and after it completed: reversals, and re-uploads that heal a crash. */
const TAKES_RESULTS: readonly PayoutBatchStatus[] = ['AWAITING_RECONCILIATION', 'COMPLETED'];

export interface ReconcileOutcome {
  /** Rows this upload settled PAID / FAILED. */
  paid: number;
  failed: number;
  /** Reversals this upload recorded (each is an exception too). */
  reversed: number;
  /** Exceptions this upload added to the list (ones already listed are not counted again). */
  unmatched: number;
  /** Rows equal to a settlement already recorded (the same file again, overlapping partial files). */
  alreadyApplied: number;
  /** Every instruction of the batch is settled and the batch is COMPLETED. */
  completed: boolean;
}

const conflict = (id: string, en: string) => new DomainError('Conflict', bilingual(id, en));
const isSettled = (i: SettledInstruction | undefined) => i?.status === 'PAID' || i?.status === 'FAILED';

function forReconciliation(i: SettledInstruction | undefined): InstructionForReconciliation | undefined {
  if (!i) return undefined;
  return { batchId: i.batchId, amount: i.amount, ...(isSettled(i) && { settlement: { result: i.status as SettlementResult, bankRef: i.bankRef } }) };
}


/** Audit details are strings; absent values are left out. */
const details = (values: Record<string, string | number | undefined>) =>
  Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));

const paymentEvent = (i: SettledInstruction, result: SettlementResult, fallback: { by: string; at: string }): AuditEventInput => ({
  eventId: `payment:${i.reference}:${result}`, actor: i.settledBy ?? fallback.by, action: `PAYMENT_${result}`,
  detail: details({ batchId: i.batchId, reference: i.reference, amount: i.amount, bankRef: i.bankRef, failureReason: i.failureReason }),
  at: i.settledAt ?? fallback.at,
});

const reversalEvent = (i: SettledInstruction, r: ReversalRecord): AuditEventInput => ({
  eventId: `payment:${i.reference}:REVERSED`, actor: r.by, action: 'PAYMENT_REVERSED', before: 'PAID', after: 'REVERSED',
  detail: details({ batchId: i.batchId, reference: i.reference, amount: i.amount, paidBankRef: i.bankRef, bankRef: r.bankRef, reason: r.reason, line: r.line }),
  at: r.at,
});

const returnEvent = (r: ReturnRecord): AuditEventInput => ({
  eventId: `payment:${r.paymentRef}:RETURNED_TO_POOL`, actor: r.by, action: 'PAYMENT_RETURNED_TO_POOL', before: 'REVERSED', after: 'SCHEDULED',
  detail: { reference: r.paymentRef, reason: r.reason }, at: r.at,
});

function required(text: string, path: string): string {
  const value = text.trim();
  if (!value) throw validationError(bilingual('Alasan atau catatan wajib diisi', 'a reason or note is required'), [{ path, message: `${path}.required` }]);
  return value;
}

/** The writes of one upload, and its counts. */
function upload(deps: ReconcileDeps, { batchId, period }: Pick<PayoutBatch, 'batchId' | 'period'>, by: string, at: string, rows: readonly ReconciliationRow[]) {
  const tally = { paid: 0, failed: 0, reversed: 0, unmatched: 0, alreadyApplied: 0 };
  const rowAt = new Map(rows.map((row) => [row.line, row]));

  /** Steps 2 and 3 for a settled instruction; each changes nothing once done. */
  async function follow(i: SettledInstruction) {
    const result = i.status as SettlementResult;
    await deps.settlements.settleEntitlement(i.entitlementId, batchId, result, { paymentRef: i.reference, at: i.settledAt ?? at });
    await deps.audit.record(i.applicationId, [paymentEvent(i, result, { by, at })]);
    await enqueueNotices(deps, [paymentNotice(i, result === 'PAID' ? 'payment-paid' : 'payment-failed', period)]);
  }

  async function reverse(row: ReconciliationRow) {
    const recorded = await deps.settlements.recordReversal(row.reference, { line: row.line, by, at, bankRef: row.bankRef, reason: row.reason });
    if (recorded) tally.reversed++;
    // Recorded by this upload or an earlier one (a re-upload after a crash finishes the moves below).
    const i = recorded ?? (await deps.settlements.getInstruction(row.reference));
    if (!i?.reversal) throw new Error(`Payment instruction ${row.reference} was PAID, yet its reversal is neither recorded nor recordable`);
    await follow(i); // the PAID move a crash may have cut short comes before the reversal
    await deps.settlements.reverseEntitlement(i.entitlementId, i.reference, i.reversal.at);
    await deps.audit.record(i.applicationId, [reversalEvent(i, i.reversal)]);
  }

  async function exception(e: ReconciliationException) {
    const row = rowAt.get(e.line);
    if (e.kind === 'REVERSAL' && row) await reverse(row);
    if (await deps.settlements.putException({ ...e, batchId, recordedBy: by, recordedAt: at, resolved: false })) {
      tally.unmatched++;
      deps.metrics.record([{ metric: 'ReconciliationExceptions', value: 1 }]);
    }
  }

  async function apply(row: ReconciliationRow) {
    const settled = await deps.settlements.settleInstruction(row.reference, { result: row.result, bankRef: row.bankRef, failureReason: row.reason, line: row.line, by, at });
    if (settled) {
      tally[row.result === 'PAID' ? 'paid' : 'failed']++;
      if (row.result === 'PAID') deps.metrics.record([{ metric: 'PayoutAmountPaid', value: settled.amount }]);
      return follow(settled);
    }
    // Another upload settled it meanwhile: the row is judged again against what that one recorded.
    const now = await deps.settlements.getInstruction(row.reference);
    const again = classifyReconciliation(batchId, [row], () => forReconciliation(now));
    if (again.toApply.length || !now) throw new Error(`Payment instruction ${row.reference} was neither settled nor settleable`);
    if (again.unchanged.length) {
      tally.alreadyApplied++;
      return follow(now);
    }
    for (const e of again.exceptions) await exception(e);
  }

  async function repeat(i: SettledInstruction) {
    tally.alreadyApplied++;
    await follow(i);
  }

  return { tally, apply, repeat, exception };
}

/**
 * True when every instruction of the batch is settled and none of its entitlements still waits in it (a crash
 * between the two writes of a row leaves one, which a re-upload moves). Counted from the instruction index rather
 * than counters on the batch: a counter ADDed after a settlement is lost or doubled by a crash between the two writes,
 * while the index is the instructions themselves. GSIs lag on AWS, so an entry that looks unsettled is read again.
 */
async function everyItemSettled(deps: ReconcileDeps, batchId: string): Promise<boolean> {
  const instructionsSettled = await everyOnPages((cursor) => deps.instructions.inBatch(batchId, { cursor, limit: INDEX_PAGE }),
    async (item) => isSettled(item) || isSettled(await deps.settlements.getInstruction(item.reference)));
  return instructionsSettled && everyOnPages((cursor) => deps.entitlementPool.inBatch(batchId, { cursor, limit: INDEX_PAGE }), async (item) => {
    const e = await deps.settlements.getEntitlement(item.entitlementId);
    return !(e?.batchId === batchId && (e.status === 'IN_BATCH' || e.status === 'SENT'));
  });
}

/** Whether `holds` is true of every item of a paged list, read until the first that fails. */
async function everyOnPages<T>(read: (cursor: string | undefined) => Promise<Page<T>>, holds: (item: T) => Promise<boolean>): Promise<boolean> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    for (const item of page.items) if (!(await holds(item))) return false;
    cursor = page.cursor;
  } while (cursor);
  return true;
}

/**
 * The rows with every application reference of an item of this batch replaced by that item's payment reference (a
 * batch holds at most one item per application), so both ways of naming a payment are judged alike, duplicates
 * included. A reference no item of the batch has stays as given and is an unknown reference.
 */
async function byPaymentReference(deps: ReconcileDeps, batchId: string, rows: readonly ReconciliationRow[]): Promise<ReconciliationRow[]> {
  const resolved = new Map<string, string>();
  await eachLimit([...new Set(rows.map((r) => r.reference).filter(isApplicationReference))], CONCURRENCY, async (ref) => {
    const reference = await deps.instructions.referenceOfApplication(batchId, ref);
    if (reference) resolved.set(ref, reference);
  });
  return rows.map((row) => ({ ...row, reference: resolved.get(row.reference) ?? row.reference }));
}

/**
 * Applies a parsed result file to a batch of the officer's city (finance): settles what awaits its result, records
 * reversals, lists every exception once, and completes the batch when every item is settled. Uploading the same file
 * again, or two at once, changes nothing more; partial files add up.
 */
export async function reconcileBatch(deps: ReconcileDeps, user: StaffUser, batchId: string, fileRows: readonly ReconciliationRow[]): Promise<ReconcileOutcome> {
  const batch = await batchFor(deps, user, batchId, RECONCILE);
  if (!TAKES_RESULTS.includes(batch.status)) {
    const label = PAYOUT_BATCH_LABELS[batch.status];
    throw conflict(`Kumpulan pembayaran ini ${label.id}; hasil bank baru diterima setelah berkasnya dikirim ke bank`, `this payout batch is ${label.en}; the bank's results are taken only once its file was sent`);
  }
  const rows = await byPaymentReference(deps, batchId, fileRows);
  const at = deps.clock.now().toISOString();
  const known = await deps.settlements.getInstructions([...new Set(rows.map((r) => r.reference))]);
  const outcome = classifyReconciliation(batchId, rows, (ref) => forReconciliation(known.get(ref)));
  // Only a SENT instruction awaits a result; one still PENDING means the disbursement has not finished.
  const unsent = outcome.toApply.find((row) => known.get(row.reference)?.status !== 'SENT');
  if (unsent) {
    throw conflict(`Baris ${unsent.line}: instruksi ${unsent.reference} belum tercatat terkirim ke bank; tidak ada yang diterapkan`, `line ${unsent.line}: instruction ${unsent.reference} is not recorded as sent to the bank; nothing was applied`);
  }
  const run = upload(deps, batch, user.username, at, rows);
  await eachLimit(outcome.toApply, CONCURRENCY, run.apply);
  await eachLimit(outcome.unchanged, CONCURRENCY, (row) => run.repeat(known.get(row.reference) as SettledInstruction));
  await eachLimit(outcome.exceptions, CONCURRENCY, run.exception);

  let completed = batch.status === 'COMPLETED';
  if (!completed && (await everyItemSettled(deps, batchId))) {
    const moved = await deps.payoutBatches.transition(batchId, 'AWAITING_RECONCILIATION', 'COMPLETED', {
      updatedAt: at, message: { id: 'Semua pembayaran sudah ada hasilnya dari bank', en: 'Every payment has its result from the bank' },
    });
    completed = (moved ?? (await deps.payoutBatches.get(batchId)))?.status === 'COMPLETED';
  }
  return { ...run.tally, completed };
}

/** An exception as finance reads it: what its kind means, and for a reversal the entitlement to return to the pool. */
export type ExceptionView = StoredException & { description: { id: string; en: string }; entitlementId?: string };

/** A page of the batch's exceptions, resolved ones included (finance of its city). */
export async function listExceptions(deps: ReconcileDeps, user: StaffUser, batchId: string, page: { cursor?: string; limit: number } = { limit: 100 }): Promise<Page<ExceptionView>> {
  await batchFor(deps, user, batchId, 'payout.read');
  const { items, cursor } = await deps.settlements.listExceptions(batchId, page);
  const views = await Promise.all(items.map(async (e): Promise<ExceptionView> => {
    const entitlementId = e.kind === 'REVERSAL' ? (await deps.settlements.getInstruction(e.reference))?.entitlementId : undefined;
    return { ...e, description: EXCEPTION_KIND_LABELS[e.kind], ...(entitlementId && { entitlementId }) };
  }));
  return { items: views, ...(cursor && { cursor }) };
}

/** Finance of the city marks an exception resolved, with who, when and a note; a second resolution is a 409. */
export async function resolveException(deps: ReconcileDeps, user: StaffUser, batchId: string, key: string, note: string): Promise<StoredException> {
  await batchFor(deps, user, batchId, RECONCILE);
  const text = required(note, 'note');
  const current = await deps.settlements.getException(batchId, key);
  if (!current) throw notFound(bilingual('Pengecualian ini tidak ada di kumpulan pembayaran ini', 'this payout batch has no such exception'));
  const resolved = current.resolved ? undefined : await deps.settlements.resolveException(batchId, key, { by: user.username, at: deps.clock.now().toISOString(), note: text });
  if (resolved) return resolved;
  const settled = (await deps.settlements.getException(batchId, key))?.resolution;
  throw conflict(`Pengecualian ini sudah diselesaikan oleh ${settled?.by ?? '-'} pada ${settled?.at ?? '-'}`, `this exception was already resolved by ${settled?.by ?? '-'} at ${settled?.at ?? '-'}`);
}

/**
 * The explicit finance action that puts a reversed entitlement back in its pool (REVERSED -> SCHEDULED), so the next
 * batch of its period pays it again; the return is recorded on the entitlement and in the application's audit trail.
 */
export async function returnReversedToPool(deps: ReconcileDeps, user: StaffUser, entitlementId: string, reason: string): Promise<SettledEntitlement> {
  authorize(user, RECONCILE);
  const text = required(reason, 'reason');
  const e = await deps.settlements.getEntitlement(entitlementId);
  if (!e) throw notFound(bilingual(`Hak bantuan ${entitlementId} tidak ada`, `no entitlement ${entitlementId}`));
  authorize(user, RECONCILE, e.districtCode);
  if (e.status !== 'REVERSED' || !e.paymentRef) {
    // A return whose audit event a crash cut short gets it now (its id is deterministic), then is refused as done.
    if (e.returned) await deps.audit.record(e.applicationId, [returnEvent(e.returned)]);
    throw conflict(`Hak bantuan ini berstatus ${e.status}; hanya yang dibatalkan bank (REVERSED) dapat dikembalikan ke antrean`, `this entitlement is ${e.status}; only one the bank reversed (REVERSED) can go back to the pool`);
  }
  const returned: ReturnRecord = { paymentRef: e.paymentRef, by: user.username, at: deps.clock.now().toISOString(), reason: text };
  if (!(await deps.settlements.returnToPool(entitlementId, returned))) return returnReversedToPool(deps, user, entitlementId, reason); // moved meanwhile
  await deps.audit.record(e.applicationId, [returnEvent(returned)]);
  return { ...e, status: 'SCHEDULED', returned, updatedAt: returned.at };
}
