/**
 * Reconciliation (issue #9 deliverable 6) against the real store: a bank's result file settles a batch's instructions
 * exactly once, moves their entitlements (FAILED back to the pool), lists every row it cannot apply as an exception
 * once, completes the batch when everything is settled, and a reversal waits for finance to return it to the pool.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { paymentReference } from '../../shared/domain/payment-reference.ts';
import type { PaymentInstruction } from '../../shared/domain/payment-instruction.ts';
import type { ReconciliationRow } from '../../shared/domain/reconciliation-row.ts';
import type { StaffUser } from '../../shared/domain/staff.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { requestPayoutBatch } from '../../shared/use-cases/payout-build.ts';
import type { ReconcileDeps, ReconcileOutcome } from '../../shared/use-cases/payout-reconcile.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { cutBeforeWrite } from '../support/cut-writes.ts';
import { FINANCE_TANGERANG as finance, batchIn, sentBatch } from '../support/sent-batch.ts';

let stack: LocalStack;
let api: ApiClient;
let deps: Deps & ReconcileDeps;
let rec: typeof import('../../shared/use-cases/payout-reconcile.ts');
let parse: typeof import('../../functions/lib/payouts/reconciliation-file.ts').parseReconciliation;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  rec = await import('../../shared/use-cases/payout-reconcile.ts');
  parse = (await import('../../functions/lib/payouts/reconciliation-file.ts')).parseReconciliation;
  for (const u of ['verifikator.tangerang', 'penyetuju.tangerang', 'admin']) tokens[u] = await api.login(u);
});
afterAll(() => stack?.close());

const sent = (households: number) => sentBatch(deps, api, tokens, households);
const bankRef = (i: PaymentInstruction, variant = '') => `FT${i.reference.slice(1)}${variant}`;
const paid = (i: PaymentInstruction, line: number): ReconciliationRow => ({ line, reference: i.reference, result: 'PAID', bankRef: bankRef(i), amount: i.amount });
const failed = (i: PaymentInstruction, line: number, reason = 'REKENING_DORMAN'): ReconciliationRow => ({ line, reference: i.reference, result: 'FAILED', amount: i.amount, reason });
/** Rows in file order: line 1 is the header. */
const file = (make: ((line: number) => ReconciliationRow)[]) => make.map((f, n) => f(n + 2));
const upload = (batchId: string, rows: ReconciliationRow[]) => rec.reconcileBatch(deps, finance, batchId, rows);
const kindOf = (p: Promise<unknown>) => p.then(() => 'accepted', (e: { kind?: string }) => e.kind);

/** Everything reconciliation writes for a batch, to compare before and after an upload. */
async function stateOf(batchId: string, instructions: readonly PaymentInstruction[]) {
  const exceptions = [];
  let cursor: string | undefined;
  do {
    const page = await rec.listExceptions(deps, finance, batchId, { cursor, limit: 2 });
    exceptions.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return {
    batch: await deps.payoutBatches.get(batchId),
    instructions: await Promise.all(instructions.map((i) => deps.settlements.getInstruction(i.reference))),
    entitlements: await Promise.all(instructions.map((i) => deps.settlements.getEntitlement(i.entitlementId))),
    audit: await Promise.all(instructions.map((i) => deps.audit.list(i.applicationId))),
    exceptions,
  };
}

async function inPool(entitlementId: string, period: string) {
  const page = await deps.entitlementPool.waiting('sembako', period, '36.71', { limit: 1000 });
  return page.items.some((e) => e.entitlementId === entitlementId);
}

/** The payment events of the application's chain for one reference. */
const paymentEvents = async (i: PaymentInstruction) => (await deps.audit.list(i.applicationId)).filter((e) => e.eventId.startsWith(`payment:${i.reference}:`)).map((e) => e.eventId);

describe('reconciling a payout batch', () => {
  it('settles a file of PAID rows once, completes the batch, and the PAID total is the sum of the PAID entitlements', async () => {
    const { batch, instructions } = await sent(3);
    const csv = ['reference,result,bankRef,amount', ...instructions.map((i) => `${i.reference},PAID,${bankRef(i)},${i.amount}`)].join('\r\n');
    const { rows } = await parse(csv);
    expect(await upload(batch.batchId, rows)).toEqual({ paid: instructions.length, failed: 0, reversed: 0, unmatched: 0, alreadyApplied: 0, completed: true });
    const state = await stateOf(batch.batchId, instructions);
    expect(state.batch?.status).toBe('COMPLETED');
    expect(state.instructions.map((i) => [i?.status, i?.bankRef, i?.settledBy])).toEqual(instructions.map((i) => ['PAID', bankRef(i), finance.username]));
    expect(state.entitlements.map((e) => e?.status)).toEqual(instructions.map(() => 'PAID'));
    const paidTotal = state.instructions.reduce((n, i) => n + (i?.status === 'PAID' ? i.amount : 0), 0);
    expect(state.entitlements.reduce((n, e) => n + (e?.status === 'PAID' ? e.amount : 0), 0)).toBe(paidTotal);
    expect(paidTotal).toBe(batch.totalAmount);
    for (const i of instructions) expect(await paymentEvents(i)).toEqual([`payment:${i.reference}:PAID`]);
    // The applicant heard of the payment when it was sent and when it was paid: one message each, per instruction.
    for (const i of instructions) {
      for (const event of ['payment-sent', 'payment-paid']) {
        expect((await deps.outbox.get(`${i.applicationId}.${event}.${i.reference}`))?.text.id).toContain(i.applicationReference);
      }
    }

    // The same file again changes nothing, and says so.
    expect(await upload(batch.batchId, rows)).toEqual({ paid: 0, failed: 0, reversed: 0, unmatched: 0, alreadyApplied: instructions.length, completed: true });
    expect(await stateOf(batch.batchId, instructions)).toEqual(state);
  });

  it('puts a FAILED entitlement back in its pool with its reason, where the next batch of its period takes it', async () => {
    const { batch, instructions } = await sent(2);
    const [first, ...rest] = instructions as [PaymentInstruction, ...PaymentInstruction[]];
    const outcome = await upload(batch.batchId, file([(l) => failed(first, l, 'NAMA_TIDAK_SESUAI'), ...rest.map((i) => (l: number) => paid(i, l))]));
    expect(outcome).toMatchObject({ paid: rest.length, failed: 1, completed: true });
    expect(await deps.settlements.getInstruction(first.reference)).toMatchObject({ status: 'FAILED', failureReason: 'NAMA_TIDAK_SESUAI' });
    expect(await deps.settlements.getEntitlement(first.entitlementId)).toMatchObject({ status: 'FAILED', paymentRef: first.reference, batchId: batch.batchId });
    expect(await inPool(first.entitlementId, batch.period)).toBe(true);
    expect(await paymentEvents(first)).toEqual([`payment:${first.reference}:FAILED`]);
    expect((await deps.outbox.get(`${first.applicationId}.payment-failed.${first.reference}`))?.text.id).toMatch(/gagal dibayar/);
    expect(await deps.outbox.get(`${first.applicationId}.payment-paid.${first.reference}`)).toBeUndefined();

    const next = await requestPayoutBatch(deps, finance, { programId: 'sembako', period: batch.period });
    await batchIn(api, tokens, next.batchId, 'AWAITING_APPROVAL');
    const retried = (await deps.instructions.inBatch(next.batchId, { limit: 1000 })).items.find((i) => i.entitlementId === first.entitlementId);
    expect(retried?.reference).toBe(await paymentReference(first.entitlementId, 2));
    // Not sent yet: its results are refused, with a message for the officer.
    await expect(upload(next.batchId, [paid(retried!, 2)])).rejects.toMatchObject({ kind: 'Conflict', message: expect.stringMatching(/menunggu persetujuan.* \/ .*awaiting approval/) });
  });

  it('adds up partial files, and a file uploaded again changes nothing', async () => {
    const { batch, instructions } = await sent(4);
    const [a, b, ...rest] = instructions as [PaymentInstruction, PaymentInstruction, ...PaymentInstruction[]];
    const part1 = file([(l) => paid(a, l), (l) => failed(b, l)]);
    expect(await upload(batch.batchId, part1)).toMatchObject({ paid: 1, failed: 1, alreadyApplied: 0, completed: false });
    const state = await stateOf(batch.batchId, instructions);
    expect(await upload(batch.batchId, part1)).toMatchObject({ paid: 0, failed: 0, alreadyApplied: 2, unmatched: 0, completed: false });
    expect(await stateOf(batch.batchId, instructions)).toEqual(state);
    expect(state.instructions.slice(2).map((i) => i?.status)).toEqual(rest.map(() => 'SENT'));
    // The second part overlaps the first by one row.
    expect(await upload(batch.batchId, file([(l) => failed(b, l), ...rest.map((i) => (l: number) => paid(i, l))]))).toMatchObject({ paid: rest.length, failed: 0, alreadyApplied: 1, completed: true });
  });

  it('lists duplicate, unknown, other-batch, amount-mismatch and conflicting rows once as exceptions, and applies none of them', async () => {
    const other = await sent(1);
    const { batch, instructions } = await sent(3);
    const [a, b, c] = instructions as [PaymentInstruction, PaymentInstruction, PaymentInstruction];
    await upload(batch.batchId, file([(l) => paid(c, l)]));
    const unknown = await paymentReference('nobody-has-this', 1);
    const rows = file([
      (l) => paid(a, l), (l) => failed(a, l), // the file says two things of one reference
      (l) => ({ line: l, reference: unknown, result: 'PAID', bankRef: 'FT-UNKNOWN' }),
      (l) => paid(other.instructions[0]!, l),
      (l) => ({ ...paid(b, l), amount: b.amount + 1 }),
      (l) => ({ ...paid(c, l), bankRef: bankRef(c, 'X') }),
    ]);
    const before = await stateOf(batch.batchId, instructions);
    expect(await upload(batch.batchId, rows)).toEqual({ paid: 0, failed: 0, reversed: 0, unmatched: 6, alreadyApplied: 0, completed: false });
    const after = await stateOf(batch.batchId, instructions);
    expect(after.instructions).toEqual(before.instructions);
    expect(after.entitlements).toEqual(before.entitlements);
    expect((await deps.settlements.getInstruction(other.instructions[0]!.reference))?.status).toBe('SENT');
    expect(after.exceptions.map((e) => [e.line, e.kind, e.resolved]).sort()).toEqual([
      [2, 'DUPLICATE_ROW', false], [3, 'DUPLICATE_ROW', false], [4, 'UNKNOWN_REFERENCE', false], [5, 'OTHER_BATCH', false], [6, 'AMOUNT_MISMATCH', false], [7, 'CONFLICTS_WITH_SETTLED', false],
    ]);
    for (const e of after.exceptions) expect(e.detail).toMatch(/ \/ /);

    // Again, in another order: listed once.
    expect(await upload(batch.batchId, [...rows].reverse().map((r, n) => ({ ...r, line: n + 2 })))).toMatchObject({ unmatched: 0, paid: 0 });
    expect((await stateOf(batch.batchId, instructions)).exceptions).toEqual(after.exceptions);

    const key = after.exceptions.find((e) => e.kind === 'UNKNOWN_REFERENCE')!.key;
    expect(await kindOf(rec.resolveException(deps, finance, batch.batchId, key, '  '))).toBe('ValidationError');
    const resolved = await rec.resolveException(deps, finance, batch.batchId, key, 'Ditanyakan ke bank: baris salah kirim');
    expect(resolved).toMatchObject({ resolved: true, resolution: { by: finance.username, note: 'Ditanyakan ke bank: baris salah kirim' } });
    expect(await kindOf(rec.resolveException(deps, finance, batch.batchId, key, 'lagi'))).toBe('Conflict');
    expect(await kindOf(rec.resolveException(deps, finance, batch.batchId, 'no-such-key', 'x'))).toBe('NotFound');
    const elsewhere: StaffUser = { username: 'keuangan.bandung', roles: ['finance'], regions: ['32.73'] };
    expect(await kindOf(rec.listExceptions(deps, elsewhere, batch.batchId))).toBe('Forbidden');
    expect(await kindOf(rec.reconcileBatch(deps, { username: 'admin', roles: ['admin'], regions: [] }, batch.batchId, []))).toBe('Forbidden');
  });

  it('records a reversal on the instruction and the entitlement, which stays out of the pool until finance returns it', async () => {
    const { batch, instructions } = await sent(1);
    const all = file(instructions.map((i) => (l: number) => paid(i, l)));
    expect(await upload(batch.batchId, all)).toMatchObject({ completed: true });
    const i = instructions[0]!;
    const reversal = file([(l) => failed(i, l, 'REKENING_DITUTUP')]);
    expect(await upload(batch.batchId, reversal)).toEqual({ paid: 0, failed: 0, reversed: 1, unmatched: 1, alreadyApplied: 0, completed: true });
    expect(await deps.settlements.getInstruction(i.reference)).toMatchObject({ status: 'PAID', bankRef: bankRef(i), reversal: { reason: 'REKENING_DITUTUP', by: finance.username } });
    expect(await deps.settlements.getEntitlement(i.entitlementId)).toMatchObject({ status: 'REVERSED', paymentRef: i.reference });
    expect(await inPool(i.entitlementId, batch.period)).toBe(false);
    expect(await paymentEvents(i)).toEqual([`payment:${i.reference}:PAID`, `payment:${i.reference}:REVERSED`]);
    expect(await upload(batch.batchId, reversal)).toMatchObject({ reversed: 0, unmatched: 0 });
    expect((await rec.listExceptions(deps, finance, batch.batchId)).items.map((e) => e.kind)).toEqual(['REVERSAL']);

    const approver: StaffUser = { username: 'penyetuju.tangerang', roles: ['approver'], regions: ['36.71'] };
    expect(await kindOf(rec.returnReversedToPool(deps, approver, i.entitlementId, 'bayar ulang'))).toBe('Forbidden');
    expect(await kindOf(rec.returnReversedToPool(deps, finance, i.entitlementId, ''))).toBe('ValidationError');
    const returned = await rec.returnReversedToPool(deps, finance, i.entitlementId, 'Rekening baru sudah diverifikasi');
    expect(returned).toMatchObject({ status: 'SCHEDULED', returned: { by: finance.username, paymentRef: i.reference } });
    expect(await inPool(i.entitlementId, batch.period)).toBe(true);
    expect(await paymentEvents(i)).toContain(`payment:${i.reference}:RETURNED_TO_POOL`);
    expect(await kindOf(rec.returnReversedToPool(deps, finance, i.entitlementId, 'lagi'))).toBe('Conflict');
  });

  it('applies each row once when the same file is uploaded three times at once', async () => {
    const { batch, instructions } = await sent(3);
    const rows = file([...instructions.map((i) => (l: number) => paid(i, l)), (l) => paid(instructions[0]!, l)]);
    const outcomes = await Promise.all([upload(batch.batchId, rows), upload(batch.batchId, rows), upload(batch.batchId, rows)]);
    const sum = (k: keyof Omit<ReconcileOutcome, 'completed'>) => outcomes.reduce((n, o) => n + o[k], 0);
    expect(sum('paid')).toBe(instructions.length);
    expect(sum('alreadyApplied')).toBe(2 * instructions.length);
    expect(sum('unmatched')).toBe(1);
    expect(outcomes.map((o) => o.completed)).toEqual([true, true, true]);
    for (const i of instructions) expect(await paymentEvents(i)).toEqual([`payment:${i.reference}:PAID`]);
  });

  it.each([['a result file', false], ['a reversal', true]])('converges when %s is uploaded again after a crash before any one of its writes', async (_, reversing) => {
    for (let n = 1; ; n++) {
      // A batch of one new household and what the pool holds (the FAILED one of the previous round).
      const { batch, instructions } = await sent(1);
      const first = instructions[0]!;
      if (reversing) await upload(batch.batchId, file(instructions.map((i) => (l: number) => paid(i, l))));
      const rows = reversing ? file([(l) => failed(first, l, 'REKENING_DITUTUP')]) : file(instructions.map((i, k) => (l: number) => (k === 0 ? failed(i, l) : paid(i, l))));
      const { cut } = cutBeforeWrite(n);
      const dying: ReconcileDeps = {
        ...deps, audit: cut(deps.audit, ['record']), payoutBatches: cut(deps.payoutBatches, ['transition']),
        settlements: cut(deps.settlements, ['settleInstruction', 'settleEntitlement', 'recordReversal', 'reverseEntitlement', 'putException']),
      };
      const survived = await rec.reconcileBatch(dying, finance, batch.batchId, rows).then(() => true, () => false);
      await new Promise((resolve) => setTimeout(resolve, 100)); // writes already on their way land
      expect(await upload(batch.batchId, rows)).toMatchObject({ completed: true, unmatched: reversing && !survived ? 1 : 0 });
      const state = await stateOf(batch.batchId, instructions);
      const firstIs = reversing ? 'REVERSED' : 'FAILED';
      expect(state.instructions.map((i) => i?.status)).toEqual(instructions.map((_i, k) => (k === 0 && !reversing ? 'FAILED' : 'PAID')));
      expect(state.entitlements.map((e) => e?.status)).toEqual(instructions.map((_i, k) => (k === 0 ? firstIs : 'PAID')));
      for (const [k, i] of instructions.entries()) {
        expect(await paymentEvents(i)).toEqual(k > 0 ? [`payment:${i.reference}:PAID`] : [`payment:${i.reference}:${reversing ? 'PAID' : 'FAILED'}`, ...(reversing ? [`payment:${i.reference}:REVERSED`] : [])]);
      }
      expect(await inPool(first.entitlementId, batch.period)).toBe(!reversing);
      expect(state.exceptions.map((e) => e.kind)).toEqual(reversing ? ['REVERSAL'] : []);
      if (survived) {
        // Every write was cut once: three a row (instruction, entitlement, audit) and the batch's completion, or the
        // reversal's six (instruction, entitlement PAID, audit, entitlement REVERSED, audit, exception).
        expect(n).toBe(reversing ? 7 : 3 * instructions.length + 2);
        break;
      }
    }
  });

  it('settles every instruction exactly once over random partial files, repeated and concurrent, in any order (property)', async () => {
    const plan = fc.record({
      households: fc.integer({ min: 1, max: 2 }),
      failing: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      files: fc.array(fc.array(fc.nat(15), { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
      // A row for the same reference with the other result, in some file: whichever lands first is the settlement.
      conflicts: fc.array(fc.tuple(fc.nat(15), fc.nat(3)), { maxLength: 2 }),
      repeat: fc.option(fc.nat(3)),
      complete: fc.boolean(),
      together: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(plan, async (p) => {
      const { batch, instructions } = await sent(p.households);
      const n = instructions.length;
      const at = (k: number) => instructions[k % n]!;
      // Each instruction's result, whichever plan index names it.
      const fails = (k: number) => p.failing[(k % n) % 16];
      const intended = (k: number, line: number) => (fails(k) ? failed(at(k), line) : paid(at(k), line));
      const files = p.files.map((ks) => ks.map((k, pos) => intended(k, pos + 2)));
      for (const [k, f] of p.conflicts) {
        const target = files[f % files.length]!;
        target.push(fails(k) ? paid(at(k), target.length + 2) : failed(at(k), target.length + 2, 'REKENING_DITUTUP'));
      }
      if (p.repeat !== null) files.push(files[p.repeat % files.length]!);
      if (p.complete) files.push(instructions.map((_, k) => intended(k, k + 2)));
      const outcomes: ReconcileOutcome[] = [];
      for (let f = 0; f < files.length; f += p.together ? 2 : 1) {
        outcomes.push(...(await Promise.all(files.slice(f, p.together ? f + 2 : f + 1).map((rows) => upload(batch.batchId, rows)))));
      }

      // A file settles a reference unless its rows of that reference disagree (then none of them applies).
      const content = (r: ReconciliationRow) => JSON.stringify([r.result, r.bankRef, r.amount, r.reason]);
      const covered = new Set(files.flatMap((rows) => rows.filter((r) => rows.every((o) => o.reference !== r.reference || content(o) === content(r))).map((r) => r.reference)));
      const conflicted = new Set(p.conflicts.map(([k]) => at(k).reference));
      const state = await stateOf(batch.batchId, instructions);
      const sum = (k: keyof Omit<ReconcileOutcome, 'completed'>) => outcomes.reduce((t, o) => t + o[k], 0);
      for (const [k, i] of instructions.entries()) {
        const now = state.instructions[k]!;
        const e = state.entitlements[k]!;
        const events = state.audit[k]!.filter((x) => x.eventId.startsWith(`payment:${i.reference}:`)).map((x) => x.eventId);
        if (!covered.has(i.reference)) {
          expect([now.status, e.status, events]).toEqual(['SENT', 'SENT', []]);
          continue;
        }
        if (!conflicted.has(i.reference)) expect(now.status).toBe(fails(k) ? 'FAILED' : 'PAID');
        expect(e.status).toBe(now.status === 'FAILED' ? 'FAILED' : now.reversal ? 'REVERSED' : 'PAID');
        expect(e.paymentRef).toBe(i.reference);
        expect(events).toEqual([`payment:${i.reference}:${now.status}`, ...(now.reversal ? [`payment:${i.reference}:REVERSED`] : [])]);
        if (now.status === 'FAILED') expect(await inPool(i.entitlementId, batch.period)).toBe(true);
      }
      const count = (f: (k: number) => boolean) => instructions.filter((_, k) => f(k)).length;
      expect(sum('paid')).toBe(count((k) => state.instructions[k]?.status === 'PAID'));
      expect(sum('failed')).toBe(count((k) => state.instructions[k]?.status === 'FAILED'));
      expect(sum('reversed')).toBe(count((k) => Boolean(state.instructions[k]?.reversal)));
      const paidTotal = state.instructions.reduce((t, i) => t + (i?.status === 'PAID' && !i.reversal ? i.amount : 0), 0);
      expect(state.entitlements.reduce((t, e) => t + (e?.status === 'PAID' ? e.amount : 0), 0)).toBe(paidTotal);
      expect(state.batch?.status).toBe(covered.size === n ? 'COMPLETED' : 'AWAITING_RECONCILIATION');
      expect(state.exceptions.length).toBe(sum('unmatched'));
      expect(new Set(state.exceptions.map((e) => e.key)).size).toBe(state.exceptions.length);
    }), { numRuns: 20, endOnFailure: true });
  }, 180_000);
});
