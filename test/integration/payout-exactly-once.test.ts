/**
 * Exactly once, as a property test (issue #9, "Tests"): fast-check runs random interleavings, over a real `npm start`
 * process on its own data folder, of building payout batches for the current sembako period of Kota Tangerang (two at
 * once included), approvals by the checker, rejections, cancellations (also while the batch is still building), a
 * SIGKILL of the process at a random small delay after a build request or an approval (mid-build, mid-disbursement)
 * followed by a restart on the same data, and bank result files with duplicate, unknown, other-batch, wrong-amount and
 * conflicting rows. After every command, once the process has settled (no batch building or disbursing, rejected and
 * cancelled ones given back), the store and the stored payment files must hold what `exactlyOnceViolations`
 * (test/support/payout-model.ts) states, and each command must have done what it does:
 * - the PAID total is what the uploaded files settled, and the sum of the PAID entitlements and of the PAID instructions;
 * - no entitlement is paid twice, sits in two open batches, or appears in two payment files unless the bank failed it;
 * - every approved household's entitlement of the period is PAID, in exactly one open batch, or back in the pool
 *   (REVERSED only after an uploaded reversal).
 * Households are approved over HTTP once per run; the data folder is fresh for each run. On failure, fast-check
 * prints the seed and path; SEED below makes every run repeat.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PayoutBatch } from '../../shared/domain/payout-batch.ts';
import type { SettlementResult } from '../../shared/domain/reconciliation-row.ts';
import { approvedApplication } from '../support/approved.ts';
import { resultCsv, resultRows, type RowSpec } from '../support/payout-model.ts';
import { poolOf, readStore, type StoreSnapshot } from '../support/payout-store.ts';
import { World, worldContext, type WorldContext } from '../support/payout-world.ts';
import { CHECKER, MAKER } from '../support/sent-batch.ts';

/**
 * Fixed, so every run repeats; PAYOUT_PROPERTY_SEED and PAYOUT_PROPERTY_RUNS explore others (or replay a reported one).
 * Four runs (each a real process killed twice) keep the suite near its time budget; seeds 5, 7 and 11 with 8 runs each
 * were explored too, and passed.
 */
const SEED = Number(process.env.PAYOUT_PROPERTY_SEED ?? 20_260_914);
const RUNS = Number(process.env.PAYOUT_PROPERTY_RUNS ?? 4);

type Command =
  | { kind: 'build'; count: 1 | 2 }
  | { kind: 'buildThenCancel'; delayMs: number }
  | { kind: 'approve'; pick: number }
  | { kind: 'reject'; pick: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'killMidBuild'; count: 1 | 2; delayMs: number }
  | { kind: 'killMidDisbursement'; pick: number; delayMs: number }
  | { kind: 'reconcile'; pick: number; rows: RowSpec[] }
  | { kind: 'bankReverses'; pick: number; take: number };

const result = fc.constantFrom<SettlementResult>('PAID', 'PAID', 'FAILED');
const rowSpec: fc.Arbitrary<RowSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('all' as const), results: fc.array(result, { minLength: 1, maxLength: 4 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('row' as const), pick: fc.nat(), result, variant: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'conflict' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown' as const), pick: fc.nat(99) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('otherBatch' as const), pick: fc.nat(), result }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrongAmount' as const), pick: fc.nat(), result }) },
);
const count = fc.constantFrom<1 | 2>(1, 2);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('build' as const), count }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('buildThenCancel' as const), delayMs: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('approve' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reject' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reconcile' as const), pick: fc.nat(), rows: fc.array(rowSpec, { minLength: 1, maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bankReverses' as const), pick: fc.nat(), take: fc.integer({ min: 1, max: 3 }) }) },
);
const killMidBuild = fc.record({ kind: fc.constant('killMidBuild' as const), count, delayMs: fc.integer({ min: 0, max: 150 }) });
const killMidDisbursement = fc.record({ kind: fc.constant('killMidDisbursement' as const), pick: fc.nat(), delayMs: fc.integer({ min: 0, max: 150 }) });
/**
 * 5 to 8 commands: a build first (so every run has batches to act on), then the others in random order with one kill
 * mid-build and one mid-disbursement among them (each restart costs seconds, so one of each a run).
 */
const commands = fc.tuple(fc.record({ kind: fc.constant('build' as const), count }), fc.array(command, { minLength: 2, maxLength: 5 }), killMidBuild, killMidDisbursement, fc.nat(), fc.nat())
  .map(([first, rest, build, disbursement, i, j]): Command[] => {
    const list: Command[] = [...rest];
    list.splice(i % (list.length + 1), 0, build);
    list.splice(j % (list.length + 1), 0, disbursement);
    return [first, ...list];
  });

let context: WorldContext;
/** What the runs did, printed at the end: which statuses the kills caught, how many rows each upload settled. */
const tally = { commands: {} as Record<string, number>, killedIn: [] as string[], settledRows: 0, reversals: 0, refusedUploads: 0, completed: 0 };

beforeAll(async () => {
  context = await worldContext();
});

let current: World | undefined;
afterAll(async () => {
  await current?.close();
  await context?.close();
  console.log(`payout exactly-once: ${JSON.stringify(tally)}`);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const batchesIn = (s: StoreSnapshot, ...statuses: PayoutBatch['status'][]) =>
  [...s.batches.values()].filter((b) => statuses.includes(b.status)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.batchId.localeCompare(b.batchId));
const pickFrom = <T>(items: readonly T[], pick: number) => items[pick % items.length];
const entitlementsOf = (s: StoreSnapshot, batchId: string) => [...s.instructions.values()].filter((i) => i.batchId === batchId).map((i) => i.entitlementId).sort();
const sorted = (ids: Iterable<string>) => [...ids].sort();

/** Requests `n` batches at once, as the maker; each is answered 202. */
async function requestBatches(w: World, n: number): Promise<string[]> {
  const answers = await Promise.all(Array.from({ length: n }, () => w.post('/api/payout-batches', MAKER, { programId: 'sembako', period: w.period })));
  for (const a of answers) expect(a.status, a.text).toBe(202);
  return answers.map((a) => a.json.batchId);
}

/** Batches built from a pool take all of it between them, each entitlement into one: AWAITING_APPROVAL if any, else EMPTY. */
function expectBuiltFrom(before: Set<string>, after: StoreSnapshot, period: string, ids: readonly string[], what: string) {
  const taken = ids.flatMap((id) => entitlementsOf(after, id));
  expect(sorted(taken), `${what}: the batches took every entitlement waiting in the pool, each once`).toEqual(sorted(before));
  expect(poolOf(after, period).size, `${what}: nothing is left in the pool`).toBe(0);
  for (const id of ids) {
    const b = after.batches.get(id)!;
    expect(b.status, `${what}: a built batch waits for its checker when it holds anything, and is EMPTY otherwise`).toBe(entitlementsOf(after, id).length ? 'AWAITING_APPROVAL' : 'EMPTY');
    // An empty batch says why: nothing owed, or how many of the period's entitlements other batches hold.
    const heldElsewhere = [...after.entitlements.values()].filter((e) => e.period === period && (e.status === 'IN_BATCH' || e.status === 'SENT')).length;
    if (b.status === 'EMPTY') {
      expect(b.message?.en, `${what}: the message of an empty batch`).toBe(heldElsewhere === 0 ? 'Nothing is owed for this programme, period and city'
        : `${heldElsewhere} entitlements of this period are still in another payout batch; prepare again once that batch is completed, rejected or cancelled`);
    }
  }
}

/** A batch approved by the checker ends disbursed: its entitlements SENT in it, its file stored (checked by the invariants). */
function expectDisbursed(before: StoreSnapshot, after: StoreSnapshot, batchId: string, what: string) {
  expect(after.batches.get(batchId)?.status, `${what}: an approved batch is disbursed and waits for the bank`).toBe('AWAITING_RECONCILIATION');
  expect(after.batches.get(batchId)?.approvedBy).toBe(CHECKER);
  expect(entitlementsOf(after, batchId), `${what}: the approval sends what the batch held`).toEqual(entitlementsOf(before, batchId));
  for (const id of entitlementsOf(after, batchId)) expect(after.entitlements.get(id), what).toMatchObject({ status: 'SENT', batchId });
}

async function run(w: World, c: Command, step: string): Promise<void> {
  tally.commands[c.kind] = (tally.commands[c.kind] ?? 0) + 1;
  const { store: before, files } = await w.settled(`the step before ${step}`);
  const pool = poolOf(before, w.period);
  const awaiting = batchesIn(before, 'AWAITING_APPROVAL');
  const others = [...before.batches.values()].filter((b) => b.status !== 'AWAITING_APPROVAL');

  switch (c.kind) {
    case 'build': {
      const ids = await requestBatches(w, c.count);
      expectBuiltFrom(pool, (await w.settled(step)).store, w.period, ids, step);
      return;
    }
    case 'killMidBuild': {
      const ids = await requestBatches(w, c.count);
      await sleep(c.delayMs);
      tally.killedIn.push(`build:${(await context.deps.payoutBatches.get(ids[0]!))?.status}`);
      await w.crashAndRestart();
      expectBuiltFrom(pool, (await w.settled(`${step}, restarted`)).store, w.period, ids, step);
      return;
    }
    case 'buildThenCancel': {
      const [id] = await requestBatches(w, 1);
      await sleep(c.delayMs);
      const cancelled = await w.post(`/api/payout-batches/${id}/cancel`, MAKER, { reason: 'Disusun ulang' });
      const after = (await w.settled(step)).store;
      const status = after.batches.get(id!)?.status;
      // Cancelled while building or waiting; only a batch that ended EMPTY first can no longer be cancelled.
      expect([cancelled.status, status], `${step}: the maker's cancellation takes the batch back`).toEqual(cancelled.status === 202 ? [202, 'CANCELLED'] : [409, 'EMPTY']);
      expect(sorted(poolOf(after, w.period)), `${step}: a cancelled batch gives everything back to the pool`).toEqual(sorted(pool));
      return;
    }
    case 'approve':
    case 'killMidDisbursement': {
      const batch = pickFrom(awaiting, c.pick);
      if (!batch && c.kind === 'killMidDisbursement' && pool.size > 0) {
        // Something to disburse first: a batch of what waits in the pool.
        const ids = await requestBatches(w, 1);
        const built = await w.settled(`${step}, building a batch to approve`);
        expectBuiltFrom(pool, built.store, w.period, ids, step);
        return run(w, { ...c, pick: 0 }, `${step} (on the batch it built)`);
      }
      if (!batch) return refusedDecision(w, before, pickFrom(others, c.pick), 'approve', step);
      const approved = await w.post(`/api/payout-batches/${batch.batchId}/approve`, CHECKER);
      expect(approved.status, approved.text).toBe(202);
      if (c.kind === 'killMidDisbursement') {
        await sleep(c.delayMs);
        tally.killedIn.push(`disbursement:${(await context.deps.payoutBatches.get(batch.batchId))?.status}`);
        await w.crashAndRestart();
      }
      expectDisbursed(before, (await w.settled(step)).store, batch.batchId, step);
      return;
    }
    case 'reject':
    case 'cancel': {
      const batch = pickFrom(awaiting, c.pick);
      if (!batch) return refusedDecision(w, before, pickFrom(others, c.pick), c.kind, step);
      const r = c.kind === 'reject'
        ? await w.post(`/api/payout-batches/${batch.batchId}/reject`, CHECKER, { reason: 'Jumlah penerima tidak sesuai' })
        : await w.post(`/api/payout-batches/${batch.batchId}/cancel`, MAKER, { reason: 'Salah periode' });
      expect(r.status, r.text).toBe(202);
      const after = (await w.settled(step)).store;
      expect(after.batches.get(batch.batchId)?.status).toBe(c.kind === 'reject' ? 'REJECTED' : 'CANCELLED');
      expect(sorted(poolOf(after, w.period)), `${step}: a ${c.kind}ed batch gives its entitlements back to the pool`).toEqual(sorted([...pool, ...entitlementsOf(before, batch.batchId)]));
      for (const id of entitlementsOf(before, batch.batchId)) expect(after.entitlements.get(id)?.status, step).toBe('SCHEDULED');
      return;
    }
    case 'bankReverses':
    case 'reconcile': {
      const exported = batchesIn(before, 'AWAITING_RECONCILIATION', 'COMPLETED');
      const batch = pickFrom(exported, c.pick);
      if (!batch) {
        // Results for a batch whose file was never sent are refused whole and change nothing; once the checker
        // approved it and its file is stored, they are taken.
        const target = pickFrom(awaiting, c.pick);
        const known = target && [...before.instructions.values()].find((i) => i.batchId === target.batchId);
        if (!target || !known) return;
        tally.refusedUploads++;
        const refused = await w.upload(target.batchId, resultCsv([{ reference: known.reference, result: 'PAID', bankRef: 'FT-REFUSED', amount: known.amount, reason: '' }]));
        expect(refused.status, `${step}: results for a batch whose file was never sent are refused`).toBe(409);
        const approved = await w.post(`/api/payout-batches/${target.batchId}/approve`, CHECKER);
        expect(approved.status, approved.text).toBe(202);
        expectDisbursed(before, (await w.settled(`${step}, approving the batch`)).store, target.batchId, step);
        return run(w, c, `${step} (on the batch it approved)`);
      }
      const file = files.get(batch.batchId)!;
      const otherRows = [...files].filter(([id]) => id !== batch.batchId).flatMap(([, f]) => f.rows);
      // The bank takes back some payments (or, for items it never answered, fails them).
      const specs: RowSpec[] = c.kind === 'reconcile' ? c.rows
        : Array.from({ length: c.take }, (_, n) => ({ kind: 'row', pick: c.pick + n, result: 'FAILED', variant: 0 }));
      const rows = await resultRows(file, otherRows, specs);
      const uploaded = await w.upload(batch.batchId, resultCsv(rows));
      expect(uploaded.status, `${step}: a well-formed result file is accepted, whatever exceptions it holds`).toBe(200);
      const expected = w.model.upload(batch.batchId, rows);
      const paid = expected.settled.filter((ref) => w.model.references.get(ref)?.settled?.result === 'PAID').length;
      const allSettled = w.model.referencesOf(batch.batchId).every((ref) => w.model.references.get(ref)?.settled);
      expect(uploaded.outcome, `${step}: the upload reports what it settled, reversed, and whether the batch is complete`).toMatchObject({
        paid, failed: expected.settled.length - paid, reversed: expected.reversed.length, completed: allSettled,
      });
      tally.settledRows += expected.settled.length;
      tally.reversals += expected.reversed.length;
      const after = (await w.settled(step)).store;
      if (after.batches.get(batch.batchId)?.status === 'COMPLETED' && batch.status !== 'COMPLETED') tally.completed++;
      // The same file again changes nothing.
      const repeated = await w.upload(batch.batchId, resultCsv(rows));
      expect(repeated.outcome, `${step}: the same result file again settles nothing more`).toMatchObject({ paid: 0, failed: 0, reversed: 0, unmatched: 0, completed: allSettled });
      const again = (await w.settled(`${step}, uploaded again`)).store;
      expect([...again.instructions.values()], `${step}: the same result file twice changes nothing`).toEqual([...after.instructions.values()]);
      expect([...again.entitlements.values()], `${step}: the same result file twice changes nothing`).toEqual([...after.entitlements.values()]);
      return;
    }
  }
}

/**
 * A decision on a batch that does not await one: refused (409), unless it repeats the decision already recorded
 * (the checker's approval sent again is answered alike), and the batch stays where it stands.
 */
async function refusedDecision(w: World, before: StoreSnapshot, batch: PayoutBatch | undefined, action: 'approve' | 'reject' | 'cancel', step: string) {
  if (!batch) return;
  const r = action === 'approve' ? await w.post(`/api/payout-batches/${batch.batchId}/approve`, CHECKER)
    : action === 'reject' ? await w.post(`/api/payout-batches/${batch.batchId}/reject`, CHECKER, { reason: 'Tidak sesuai' })
      : await w.post(`/api/payout-batches/${batch.batchId}/cancel`, MAKER, { reason: 'Tidak jadi' });
  const repeat = (action === 'approve' && batch.approvedBy === CHECKER) || (action === 'reject' && batch.status === 'REJECTED') || (action === 'cancel' && batch.status === 'CANCELLED');
  expect(r.status, `${step}: ${action} of a ${batch.status} batch is ${repeat ? 'answered as the first time' : 'refused'}: ${r.text}`).toBe(repeat ? 202 : 409);
  const after = (await w.settled(step)).store;
  expect(after.batches.get(batch.batchId)?.status, `${step}: ${action} of a ${batch.status} batch leaves it where it stands`).toBe(batch.status);
  expect([...after.entitlements.values()], `${step}: and moves no entitlement`).toEqual([...before.entitlements.values()]);
}

describe('payouts, exactly once', () => {
  it('pays every approved household at most once, and skips none, across random builds, decisions, crashes and result files', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 3, max: 5 }), commands, async (households, cmds) => {
      const w = await World.open(context, (opened) => (current = opened));
      try {
        // The first household collects at the post office, the others by bank transfer.
        const made = await Promise.all(Array.from({ length: households }, (_, i) =>
          approvedApplication(w.api, w.tokens, { programId: 'sembako' }, i === 0 ? { payout: { method: 'POS', districtCode: '36.71.01' } } : {})));
        w.households = made.map((h) => h.id);
        const initial = await readStore(context.store);
        w.period = initial.enrolments.get(w.households[0]!)!.periods[0]!;
        expect(poolOf(initial, w.period).size, 'each approved household is owed the current period').toBe(households);
        for (const [n, c] of cmds.entries()) await run(w, c, `command ${n + 1} of ${cmds.length} (${JSON.stringify(c)})`);
        await w.settled('the last command');
      } finally {
        await w.close();
        current = undefined;
      }
    }), { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: fc.VerbosityLevel.Verbose });
  }, 600_000);
});
