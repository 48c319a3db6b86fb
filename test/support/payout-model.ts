/**
 * For the exactly-once property test of payouts (test/integration/payout-exactly-once.test.ts): a model of what the
 * uploaded result files must have settled, the invariants the issue states (issue #9, "Exactly once, as a property
 * test"), and the result files it uploads. What it reads of the store is in payout-store.ts.
 */
import { PAYMENT_FILE_HEADER } from '../../shared/domain/payment-file.ts';
import { paymentReference } from '../../shared/domain/payment-reference.ts';
import { EXPORTED_STATUSES } from '../../shared/domain/payout-batch.ts';
import type { SettlementResult } from '../../shared/domain/reconciliation-row.ts';
import { holdingInstructions, poolOf, type PaymentFileRead, type PaymentFileRowRead, type StoreSnapshot, type StoredInstruction } from './payout-store.ts';

/** One row of a result file the test uploads. */
export interface ResultRow {
  reference: string;
  result: SettlementResult;
  bankRef: string;
  amount: number;
  reason: string;
}
export const resultCsv = (rows: readonly ResultRow[]) =>
  ['reference,result,bankRef,amount,reason', ...rows.map((r) => [r.reference, r.result, r.bankRef, r.amount, r.reason].join(','))].join('\r\n') + '\r\n';

/** How a generated result file is made, row by row, from a batch's payment file. */
export type RowSpec =
  /** Every reference of the file in order, as a bank answers a whole file: the n-th result is `results[n % length]`. */
  | { kind: 'all'; results: SettlementResult[] }
  /** The result of one of the file's references (`pick`), under bank reference variant `variant`. */
  | { kind: 'row'; pick: number; result: SettlementResult; variant: number }
  /** The previous row again, identical. */
  | { kind: 'duplicate' }
  /** The previous row's reference with the other result: the file contradicts itself. */
  | { kind: 'conflict' }
  /** A well-formed reference no instruction has. */
  | { kind: 'unknown'; pick: number }
  /** A reference of another batch's payment file (an unknown one when there is none). */
  | { kind: 'otherBatch'; pick: number; result: SettlementResult }
  /** One of the file's references with an amount the file did not send. */
  | { kind: 'wrongAmount'; pick: number; result: SettlementResult };

const bankRefOf = (reference: string, result: SettlementResult, variant: number) => `${result === 'PAID' ? 'FT' : 'FX'}${reference.slice(1)}-${variant}`;
const rowFor = (reference: string, result: SettlementResult, amount: number, variant = 0): ResultRow =>
  ({ reference, result, bankRef: bankRefOf(reference, result, variant), amount, reason: result === 'FAILED' ? 'REKENING_DORMAN' : '' });

/** The rows of a result file for `file`, as `specs` say; `others` are the rows of the other batches' files. */
export async function resultRows(file: PaymentFileRead, others: readonly PaymentFileRowRead[], specs: readonly RowSpec[]): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const own = file.rows;
  const pickOf = <T>(list: readonly T[], n: number) => list[n % list.length] as T;
  for (const spec of specs) {
    const previous = rows.at(-1);
    if (spec.kind === 'all') rows.push(...own.map((r, n) => rowFor(r.reference, spec.results[n % spec.results.length]!, r.amount)));
    else if (spec.kind === 'row' || ((spec.kind === 'duplicate' || spec.kind === 'conflict') && !previous)) {
      const s = spec.kind === 'row' ? spec : { pick: rows.length, result: 'PAID' as const, variant: 0 };
      const r = pickOf(own, s.pick);
      rows.push(rowFor(r.reference, s.result, r.amount, s.variant));
    } else if (spec.kind === 'duplicate') rows.push({ ...previous! });
    else if (spec.kind === 'conflict') rows.push(rowFor(previous!.reference, previous!.result === 'PAID' ? 'FAILED' : 'PAID', previous!.amount));
    else if (spec.kind === 'unknown' || (spec.kind === 'otherBatch' && others.length === 0)) {
      rows.push(rowFor(await paymentReference(`tidak-dikenal.${spec.pick}`, spec.pick), 'PAID', 300_000));
    } else if (spec.kind === 'otherBatch') {
      const r = pickOf(others, spec.pick);
      rows.push(rowFor(r.reference, spec.result, r.amount));
    } else {
      const r = pickOf(own, spec.pick);
      rows.push(rowFor(r.reference, spec.result, r.amount + 1_000));
    }
  }
  return rows;
}

/** What the test knows of a reference it has seen in a payment file, and what its uploads must have settled. */
interface ModelReference {
  batchId: string;
  amount: number;
  entitlementId: string;
  settled?: { result: SettlementResult; bankRef: string };
  reversed: boolean;
}

/**
 * What the result files uploaded so far must have done, from the rules of issue #9 alone: a row settles an
 * instruction of its batch that awaits its result, when its amount is the instruction's and no other row of the file
 * says otherwise of the same reference; the same settlement again changes nothing; PAID then FAILED is a reversal;
 * anything else is an exception and changes nothing.
 */
export class PayoutModel {
  readonly references = new Map<string, ModelReference>();

  /** Learns the references of the payment files (what the bank was sent), all awaiting their results. */
  learn(files: Map<string, PaymentFileRead>, store: StoreSnapshot): void {
    for (const [batchId, file] of files) {
      for (const row of file.rows) {
        if (this.references.has(row.reference)) continue;
        const instruction = store.instructions.get(row.reference);
        this.references.set(row.reference, { batchId, amount: row.amount, entitlementId: instruction?.entitlementId ?? `(no instruction ${row.reference})`, reversed: false });
      }
    }
  }

  /** Applies an accepted upload to `batchId`; returns the references it settled and reversed. */
  upload(batchId: string, rows: readonly ResultRow[]): { settled: string[]; reversed: string[] } {
    const content = (r: ResultRow) => [r.reference, r.result, r.bankRef, r.amount, r.reason].join('|');
    const groups = new Map<string, ResultRow[]>();
    for (const row of rows) groups.set(row.reference, [...(groups.get(row.reference) ?? []), row]);
    const outcome = { settled: [] as string[], reversed: [] as string[] };
    for (const [reference, group] of groups) {
      const first = group[0]!;
      if (group.some((r) => content(r) !== content(first))) continue;
      const known = this.references.get(reference);
      if (!known || known.batchId !== batchId || known.amount !== first.amount) continue;
      if (!known.settled) {
        known.settled = { result: first.result, bankRef: first.bankRef };
        outcome.settled.push(reference);
      } else if (known.settled.result === 'PAID' && first.result === 'FAILED' && !known.reversed) {
        known.reversed = true;
        outcome.reversed.push(reference);
      }
    }
    return outcome;
  }

  /** The references of a batch's payment file. */
  referencesOf(batchId: string): string[] {
    return [...this.references].filter(([, r]) => r.batchId === batchId).map(([reference]) => reference);
  }

  /** Whole rupiah the bank paid and kept: PAID and not reversed. */
  get paidTotal(): number {
    return [...this.references.values()].reduce((sum, r) => sum + (r.settled?.result === 'PAID' && !r.reversed ? r.amount : 0), 0);
  }

  get reversedEntitlements(): Set<string> {
    return new Set([...this.references.values()].filter((r) => r.reversed).map((r) => r.entitlementId));
  }
}

const sum = (amounts: Iterable<number>) => [...amounts].reduce((a, b) => a + b, 0);
const duplicates = <T>(items: readonly T[]) => [...new Set(items.filter((x, i) => items.indexOf(x) !== i))];

/**
 * Every way the store and its payment files break exactly-once payment, as sentences (empty when none does):
 * the PAID totals, no entitlement paid twice or held by two batches or sent twice in files, and every household's
 * entitlement of the period PAID, in one live batch, or back in the pool (REVERSED only after an uploaded reversal);
 * and the store agrees with what the uploaded result files must have settled.
 */
export function exactlyOnceViolations(input: {
  store: StoreSnapshot;
  files: Map<string, PaymentFileRead>;
  unexpectedFiles: readonly string[];
  model: PayoutModel;
  households: readonly string[];
  period: string;
}): string[] {
  const { store, files, model, households, period } = input;
  const v: string[] = [];
  const entitlements = [...store.entitlements.values()];
  const instructions = [...store.instructions.values()];
  const paidEntitlements = entitlements.filter((e) => e.status === 'PAID');
  const paidInstructions = instructions.filter((i) => i.status === 'PAID' && !i.reversal);

  // The PAID total.
  const totals = { model: model.paidTotal, entitlements: sum(paidEntitlements.map((e) => e.amount)), instructions: sum(paidInstructions.map((i) => i.amount)) };
  if (totals.entitlements !== totals.model || totals.instructions !== totals.model) {
    v.push(`the PAID total the uploaded files settled (Rp${totals.model}) equals the PAID entitlements' (Rp${totals.entitlements}) and the PAID instructions' (Rp${totals.instructions})`);
  }
  const paidBy = new Map<string, StoredInstruction[]>();
  for (const i of instructions.filter((x) => x.status === 'PAID')) paidBy.set(i.entitlementId, [...(paidBy.get(i.entitlementId) ?? []), i]);
  for (const [entitlementId, paid] of paidBy) {
    if (paid.length > 1) v.push(`entitlement ${entitlementId} is paid at most once, yet ${paid.length} instructions are PAID: ${paid.map((i) => i.reference).join(', ')}`);
  }
  for (const e of paidEntitlements) {
    const paid = paidBy.get(e.entitlementId) ?? [];
    if (paid.length !== 1 || paid[0]!.reference !== e.paymentRef || paid[0]!.reversal) v.push(`PAID entitlement ${e.entitlementId} has exactly one PAID instruction, its paymentRef ${e.paymentRef}, not reversed`);
  }

  // No entitlement held by two batches; holder and holder agree.
  const holding = holdingInstructions(store);
  for (const entitlementId of duplicates(holding.map((i) => i.entitlementId))) {
    v.push(`entitlement ${entitlementId} sits in one open batch at most, yet ${holding.filter((i) => i.entitlementId === entitlementId).map((i) => `${i.batchId} (${i.reference})`).join(' and ')} hold it`);
  }
  for (const batch of store.batches.values()) {
    const own = instructions.filter((i) => i.batchId === batch.batchId);
    for (const entitlementId of duplicates(own.map((i) => i.entitlementId))) v.push(`batch ${batch.batchId} names entitlement ${entitlementId} once, yet ${own.filter((i) => i.entitlementId === entitlementId).length} of its instructions do`);
    if (batch.status === 'EMPTY' && own.length) v.push(`EMPTY batch ${batch.batchId} holds no instruction, yet ${own.length}`);
    // A batch cancelled while building was never totalled.
    const totalled = batch.status !== 'BUILDING' && batch.status !== 'EMPTY' && (batch.status !== 'CANCELLED' || batch.itemCount > 0);
    if (totalled && (own.length !== batch.itemCount || sum(own.map((i) => i.amount)) !== batch.totalAmount)) {
      v.push(`batch ${batch.batchId} (${batch.status}) counts its ${own.length} instructions (Rp${sum(own.map((i) => i.amount))}) as itemCount ${batch.itemCount}, totalAmount Rp${batch.totalAmount}`);
    }
  }
  for (const i of holding) {
    const e = store.entitlements.get(i.entitlementId);
    const batch = store.batches.get(i.batchId)!;
    const expected = batch.status === 'AWAITING_RECONCILIATION' ? 'SENT' : 'IN_BATCH';
    if (e?.status !== expected || e.batchId !== i.batchId || (i.status === 'SENT') !== (expected === 'SENT')) {
      v.push(`entitlement ${i.entitlementId} of ${batch.status} batch ${i.batchId} (instruction ${i.status}) is ${expected} in that batch, not ${e?.status} in ${e?.batchId}`);
    }
  }
  for (const e of entitlements.filter((x) => x.status === 'IN_BATCH' || x.status === 'SENT')) {
    if (!holding.some((i) => i.entitlementId === e.entitlementId && i.batchId === e.batchId)) v.push(`entitlement ${e.entitlementId} ${e.status} in ${e.batchId} is held by an instruction of that batch, which stands ${store.batches.get(e.batchId ?? '')?.status}`);
  }

  // Payment files: exactly the batch's instructions, once; an entitlement in two files only after the bank failed it.
  for (const id of input.unexpectedFiles) v.push(`batch ${id} (${store.batches.get(id)?.status}) has no payment file before its checker approved it`);
  const fileRows: { batchId: string; row: PaymentFileRowRead }[] = [];
  for (const batch of store.batches.values()) {
    if (!EXPORTED_STATUSES.includes(batch.status)) continue;
    const file = files.get(batch.batchId);
    if (!file) {
      v.push(`exported batch ${batch.batchId} (${batch.status}) has its payment file stored`);
      continue;
    }
    const own = instructions.filter((i) => i.batchId === batch.batchId);
    const rows = file.rows;
    fileRows.push(...rows.map((row) => ({ batchId: batch.batchId, row })));
    if (file.header.join(',') !== PAYMENT_FILE_HEADER.join(',')) v.push(`the payment file of ${batch.batchId} starts with its header`);
    if (rows.map((r) => r.reference).sort().join() !== own.map((i) => i.reference).sort().join()) v.push(`the payment file of ${batch.batchId} has one row per instruction of the batch`);
    for (const row of rows) if (store.instructions.get(row.reference)?.amount !== row.amount) v.push(`row ${row.reference} of ${batch.batchId}'s file carries its instruction's amount`);
    if (file.trailer?.rowCount !== rows.length || file.trailer.controlTotal !== sum(rows.map((r) => r.amount)) || rows.length !== batch.itemCount || file.trailer.controlTotal !== batch.totalAmount) {
      v.push(`the payment file of ${batch.batchId} ends with a trailer of its ${rows.length} rows and their total, which are the batch's ${batch.itemCount} and Rp${batch.totalAmount}`);
    }
    if (batch.paymentFile?.sha256 !== file.sha256) v.push(`the batch ${batch.batchId} records its stored file's SHA-256`);
  }
  for (const reference of duplicates(fileRows.map((r) => r.row.reference))) v.push(`reference ${reference} appears in one payment file row only, yet in ${fileRows.filter((r) => r.row.reference === reference).map((r) => r.batchId).join(', ')}`);
  const rowsOf = new Map<string, StoredInstruction[]>();
  for (const { row } of fileRows) {
    const i = store.instructions.get(row.reference);
    if (!i) v.push(`payment file row ${row.reference} is an instruction in the store`);
    else rowsOf.set(i.entitlementId, [...(rowsOf.get(i.entitlementId) ?? []), i]);
  }
  for (const [entitlementId, sent] of rowsOf) {
    if (sent.filter((i) => i.status !== 'FAILED').length > 1) v.push(`entitlement ${entitlementId} is in two payment files only after the bank failed all but one, yet: ${sent.map((i) => `${i.reference} ${i.status}`).join(', ')}`);
  }

  // Every household's entitlement of the period: PAID, in one live batch, or back in the pool.
  const reversed = model.reversedEntitlements;
  const ofPeriod = new Set(entitlements.filter((e) => e.period === period).map((e) => e.entitlementId));
  const pool = poolOf(store, period);
  for (const applicationId of households) {
    const enrolment = store.enrolments.get(applicationId);
    const e = enrolment && store.entitlements.get(`${enrolment.beneficiaryId}.${period}`);
    if (!e) {
      v.push(`approved household ${applicationId} has an entitlement for ${period}`);
      continue;
    }
    ofPeriod.delete(e.entitlementId);
    const holders = holding.filter((i) => i.entitlementId === e.entitlementId).length;
    const where = e.status === 'PAID' ? 'paid' : holders === 1 ? 'held' : pool.has(e.entitlementId) ? 'pool' : e.status === 'REVERSED' && reversed.has(e.entitlementId) ? 'reversed' : 'nowhere';
    if (where === 'nowhere') v.push(`household ${applicationId}'s entitlement ${e.entitlementId} is PAID, in exactly one open batch, or back in the pool (REVERSED only after an uploaded reversal), not ${e.status} in ${e.batchId} with ${holders} holders`);
  }
  for (const id of ofPeriod) v.push(`entitlement ${id} of ${period} belongs to one of the approved households`);

  // The store agrees with what the uploads must have settled.
  for (const [reference, r] of model.references) {
    const i = store.instructions.get(reference);
    const status = r.settled?.result ?? 'SENT';
    if (i?.status !== status || (r.settled && i.bankRef !== r.settled.bankRef) || Boolean(i.reversal) !== r.reversed) {
      v.push(`instruction ${reference} stands as the uploaded results settled it: ${status}${r.settled ? ` ${r.settled.bankRef}` : ''}${r.reversed ? ', reversed' : ''}; the store has ${i?.status} ${i?.bankRef ?? ''}${i?.reversal ? ', reversed' : ''}`);
    }
  }
  for (const e of entitlements.filter((x) => x.status === 'REVERSED')) if (!reversed.has(e.entitlementId)) v.push(`entitlement ${e.entitlementId} is REVERSED only after a reversal was uploaded`);
  for (const id of reversed) if (store.entitlements.get(id)?.status !== 'REVERSED') v.push(`entitlement ${id}, whose payment the bank reversed, stays REVERSED until finance returns it (${store.entitlements.get(id)?.status})`);
  for (const batch of store.batches.values()) {
    if (!EXPORTED_STATUSES.includes(batch.status)) continue;
    const allSettled = model.referencesOf(batch.batchId).every((ref) => model.references.get(ref)?.settled);
    if ((batch.status === 'COMPLETED') !== allSettled) v.push(`batch ${batch.batchId} is COMPLETED exactly when every item has its result (${batch.status}, ${allSettled ? 'all' : 'not all'} settled)`);
  }
  return v;
}
