/**
 * Building a payout batch (issue #9 deliverable 2): the request, then the workflow's build steps, each idempotent and
 * working on whole pages, so a crash at any point converges when the step runs again.
 *   1. snapshot: the city's active enrolments of the programme, PAYOUT_PAGE to a numbered page (a loop of steps);
 *   2. claim, page by page (a map state, pages in parallel): each enrolment's entitlement of the period is scheduled if
 *      new, taken into the batch by one conditional write (SCHEDULED or FAILED -> IN_BATCH; one another batch holds is
 *      left alone), and frozen into its payment instruction at once, from the claim's own result;
 *   3. total the claimed pages and open the approval task, or end EMPTY when nothing was owed.
 */
import { DomainError, notFound, validationError } from '../domain/errors.ts';
import type { Application } from '../domain/application.ts';
import { entitlementIdFor, paysMoney, type Entitlement } from '../domain/entitlement.ts';
import { newBatchTask } from '../domain/task-opening.ts';
import { paymentReference } from '../domain/payment-reference.ts';
import { freezeInstruction, type PaymentInstruction } from '../domain/payment-instruction.ts';
import { assertBatchTransition, newPayoutBatch, type PayoutBatch } from '../domain/payout-batch.ts';
import { PERIOD_KINDS, type PeriodKind } from '../domain/periods.ts';
import { newPickupCode } from '../domain/pickup-code.ts';
import { authorize, type StaffUser } from '../domain/staff.ts';
import { eachLimit } from '../concurrency.ts';
import type { Deps } from './deps.ts';
import { owedEntitlement } from './enrolments.ts';
import { waitSecondsFor } from './human-task-steps.ts';
import { loadBatch, programOf } from './stored.ts';

/** Enrolments per snapshot page: one map item; its ids fit one item (~40 KB) and its work one Lambda call. */
export const PAYOUT_PAGE = 1000;
/** Pages one snapshot step stores before it returns, keeping the loop's history short and each call brief. */
const SNAPSHOT_PAGES_PER_STEP = 20;
/** Store calls in flight within a page. */
export const PAGE_CONCURRENCY = 16;

const PERIOD_FORMATS: Readonly<Record<PeriodKind, RegExp>> = { MONTHLY: /^\d{4}-(0[1-9]|1[0-2])$/, SEMESTER: /^\d{4}-S[12]$/, ONE_OFF: /^once$/ };
const PERIOD_EXAMPLES: Readonly<Record<PeriodKind, string>> = { MONTHLY: '2026-12', SEMESTER: '2026-S2', ONE_OFF: 'once' };

/** The one city a finance officer works for (a district code counts for its city). */
function cityOf(user: StaffUser): string {
  const cities = [...new Set(user.regions.map((r) => r.slice(0, 5)))];
  if (cities.length !== 1 || !cities[0]) {
    throw validationError('Akun ini tidak terikat pada satu kota; kumpulan pembayaran disusun per kota / this account is not tied to one city; payout batches are built per city', [{ path: 'regions', message: 'payout.city' }]);
  }
  return cities[0];
}

/** A finance officer asks for a batch of a programme and period for their city; its workflow builds it. */
export async function requestPayoutBatch(deps: Pick<Deps, 'programs' | 'payoutBatches' | 'workflow' | 'audit' | 'clock'>, user: StaffUser, input: { programId: string; period: string }): Promise<PayoutBatch> {
  authorize(user, 'payout.prepare');
  const program = await deps.programs.get(input.programId);
  if (!program) throw validationError(`Program "${input.programId}" tidak dikenal / unknown programme`, [{ path: 'programId', message: 'programId.unknown' }]);
  if (!paysMoney(program)) {
    throw validationError(`${program.name.id} adalah layanan dan tidak membayar uang, jadi tidak ada kumpulan pembayaran / ${program.name.en} is a service and pays no money, so it has no payout batches`, [{ path: 'programId', message: 'programId.service' }]);
  }
  if (!PERIOD_KINDS.includes(program.periodKind) || !PERIOD_FORMATS[program.periodKind].test(input.period)) {
    throw validationError(`Periode ${program.name.id} ditulis seperti ${PERIOD_EXAMPLES[program.periodKind]} / the period of ${program.name.en} is written like ${PERIOD_EXAMPLES[program.periodKind]}`, [{ path: 'period', message: 'period.format' }]);
  }
  const regencyCode = cityOf(user);
  authorize(user, 'payout.prepare', regencyCode);
  const batch = newPayoutBatch({ batchId: crypto.randomUUID(), programId: program.id, period: input.period, regencyCode, createdBy: user.username }, deps.clock.now().toISOString());
  await deps.payoutBatches.create(batch);
  await deps.audit.record(batch.batchId, [{ eventId: 'status:BUILDING', actor: user.username, action: 'STATUS_CHANGED', after: 'BUILDING', detail: { programId: program.id, period: input.period }, at: batch.createdAt }]);
  // A crash before the start leaves the batch BUILDING with no execution: the restart (local) and the sweep (AWS) start it.
  await deps.workflow.startPayoutBatch(batch.batchId, 'request');
  return batch;
}



/** The numbers of a batch's snapshot pages, which the workflow's map states fan out over. */
export const pagesOf = (batch: Pick<PayoutBatch, 'snapshot'>): number[] => Array.from({ length: batch.snapshot?.pages ?? 0 }, (_, i) => i + 1);

/** Where the batch stands, with its pages: the workflow's entry and its re-entry after every wait. */
export async function loadPayoutBatch(deps: Pick<Deps, 'payoutBatches' | 'tasks' | 'clock'>, batchId: string) {
  const batch = await loadBatch(deps, batchId);
  const waitSeconds = await waitSecondsFor(deps, 'batch', batchId, batch.status);
  return { batchId, status: batch.status, pages: pagesOf(batch), snapshotted: batch.snapshot?.done === true, waitSeconds };
}

/** Step 1, repeated while `more`: stores the next pages of the snapshot, continuing where the last run stopped. */
export async function snapshotBatch(deps: Deps, batchId: string): Promise<{ status: PayoutBatch['status']; more: boolean }> {
  const batch = await loadBatch(deps, batchId);
  if (batch.status !== 'BUILDING' || batch.snapshot?.done) return { status: batch.status, more: false };
  let pages = batch.snapshot?.pages ?? 0;
  let cursor = batch.snapshot?.cursor;
  for (let step = 0; step < SNAPSHOT_PAGES_PER_STEP; step++) {
    const page = await deps.enrolments.activePage(batch.programId, batch.regencyCode, { cursor, limit: PAYOUT_PAGE });
    pages++;
    await deps.payoutPages.putPage({ batchId, page: pages, applicationIds: page.items.map((e) => e.applicationId) }, { cursor: page.cursor });
    cursor = page.cursor;
    if (!cursor) return { status: batch.status, more: false };
  }
  return { status: batch.status, more: true };
}

/**
 * Step 2, one map item (a few pages): claims each page's owed entitlements and freezes their instructions, then
 * records what the page put in the batch. A page claimed before is left as it is; a batch cancelled meanwhile takes
 * nothing more.
 */
export async function claimPages(deps: Deps, batchId: string, pages: readonly number[]): Promise<{ claimed: number }> {
  const batch = await loadBatch(deps, batchId);
  if (batch.status !== 'BUILDING') return { claimed: 0 };
  const program = await programOf(deps, batch.programId);
  let claimed = 0;
  for (const number of pages) {
    const page = await deps.payoutPages.getPage(batchId, number);
    if (!page) throw notFound(`Payout batch ${batchId} has no snapshot page ${number}`);
    if (page.claimed) continue;
    const instructions: PaymentInstruction[] = [];
    let heldElsewhere = 0;
    // The page's enrolments, entitlements and applications in batched reads (100 to a request), then one conditional
    // write per claim and per instruction: the writes exactly once needs, and few reads beside them.
    const enrolments = await deps.enrolments.getMany(page.applicationIds);
    const owed = enrolments.filter((e) => e.status === 'ACTIVE' && e.periods.includes(batch.period));
    const stored = new Map((await deps.entitlements.getMany(owed.map((e) => entitlementIdFor(e.beneficiaryId, batch.period)))).map((e) => [e.entitlementId, e]));
    const apps = new Map((await deps.applications.getMany(owed.map((e) => e.applicationId))).map((a) => [a.applicationId, a]));
    await eachLimit(owed, PAGE_CONCURRENCY, async (enrolment) => {
      const known = stored.get(entitlementIdFor(enrolment.beneficiaryId, batch.period));
      const held = await claimOwed(deps, batch, known ?? (await owedEntitlement(deps, enrolment, program, batch.period)));
      if (held === 'ELSEWHERE') heldElsewhere++;
      else if (held) instructions.push(await freeze(deps, batchId, held, apps.get(held.applicationId)));
    });
    const references = instructions.map((i) => i.reference).sort();
    await deps.payoutPages.recordClaimed(batchId, number, { references, count: references.length, amount: instructions.reduce((sum, i) => sum + i.amount, 0), heldElsewhere });
    claimed += references.length;
  }
  return { claimed };
}

/**
 * The enrolment's entitlement of the period, once this batch holds it (claimed now, or by an earlier run of the step);
 * ELSEWHERE when another open batch holds it (finance is told, rather than shown an empty batch as "nothing owed").
 */
async function claimOwed(deps: Deps, batch: PayoutBatch, owed: Entitlement | undefined): Promise<Entitlement | 'ELSEWHERE' | undefined> {
  if (!owed) return undefined;
  if (owed.batchId === batch.batchId && owed.status === 'IN_BATCH') return owed;
  const claimed = await deps.entitlementPool.claim(owed.entitlementId, batch.batchId, deps.clock.now().toISOString());
  if (claimed) return claimed;
  const [current] = await deps.entitlements.getMany([owed.entitlementId]);
  if (current?.batchId === batch.batchId && current.status === 'IN_BATCH') return current;
  // Paid already (or reversed, for finance to decide): not owed. In another batch: owed, but not here.
  return current?.status === 'IN_BATCH' || current?.status === 'SENT' ? 'ELSEWHERE' : undefined;
}

async function freeze(deps: Deps, batchId: string, entitlement: Entitlement, read: Application | undefined): Promise<PaymentInstruction> {
  const app = read ?? (await deps.applications.get(entitlement.applicationId));
  if (!app) throw notFound(`Application ${entitlement.applicationId} of entitlement ${entitlement.entitlementId} is gone`);
  const districtCode = app.payout.method === 'POS' ? app.payout.districtCode : app.address.districtCode;
  const district = (await deps.regions.children(districtCode.slice(0, 5)))?.find((d) => d.code === districtCode);
  // A re-run draws another pickup code, but the first stored instruction stands (a conditional put).
  return deps.instructions.put(freezeInstruction(batchId, entitlement, app, {
    reference: await paymentReference(entitlement.entitlementId, entitlement.attempts),
    pickupCode: newPickupCode(),
    districtName: district?.name ?? districtCode,
  }));
}

/** Why a batch took nothing: nothing owed, or what is owed sits in other batches (say, one being given back). */
const emptyMessage = (heldElsewhere: number) => (heldElsewhere === 0
  ? { id: 'Tidak ada hak bantuan yang perlu dibayar untuk program, periode dan kota ini', en: 'Nothing is owed for this programme, period and city' }
  : {
    id: `${heldElsewhere} hak bantuan periode ini masih berada di kumpulan pembayaran lain; susun lagi setelah kumpulan itu selesai, ditolak atau dibatalkan`,
    en: `${heldElsewhere} entitlements of this period are still in another payout batch; prepare again once that batch is completed, rejected or cancelled`,
  });

/** Step 3: the batch's totals from its claimed pages; it opens the approval task and waits, or ends EMPTY. */
export async function totalBatch(deps: Deps, batchId: string): Promise<{ status: PayoutBatch['status'] }> {
  const batch = await loadBatch(deps, batchId);
  if (batch.status !== 'BUILDING') return { status: batch.status };
  const totals = await deps.payoutPages.claimedTotals(batchId);
  if (!batch.snapshot?.done || totals.pages !== batch.snapshot.pages) {
    throw new DomainError('Conflict', `Payout batch ${batchId}: ${totals.pages} of ${batch.snapshot?.pages ?? 0} pages claimed`);
  }
  const updatedAt = deps.clock.now().toISOString();
  const to = totals.count === 0 ? 'EMPTY' : 'AWAITING_APPROVAL';
  assertBatchTransition(batch.status, to);
  if (to === 'AWAITING_APPROVAL') {
    // The task exists before the status says the batch waits for it (as for applications).
    await deps.tasks.create(newBatchTask(batch, 'batchApproval', await programOf(deps, batch.programId), deps.clock.now()));
  }
  const moved = to === 'EMPTY'
    ? await deps.payoutBatches.transition(batchId, 'BUILDING', 'EMPTY', { updatedAt, message: emptyMessage(totals.heldElsewhere) })
    : await deps.payoutBatches.transition(batchId, 'BUILDING', 'AWAITING_APPROVAL', { updatedAt, itemCount: totals.count, totalAmount: totals.amount, progress: { done: 0, total: totals.count } });
  const status = (moved ?? (await loadBatch(deps, batchId))).status;
  if (moved?.status === 'AWAITING_APPROVAL') deps.metrics.record([{ metric: 'PayoutAmountBuilt', value: totals.amount }]);
  await deps.audit.record(batchId, [{ eventId: `status:${status}`, actor: 'system:workflow', action: 'STATUS_CHANGED', before: 'BUILDING', after: status, detail: { itemCount: String(totals.count), totalAmount: String(totals.amount) }, at: updatedAt }]);
  return { status };
}
