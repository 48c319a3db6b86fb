/**
 * Building a payout batch (issue #9 deliverable 2): the request, then the workflow's steps, each idempotent and
 * working a page at a time, so a crash at any point converges when the step runs again.
 *   1. schedule the period's entitlements of every active enrolment of the city and programme;
 *   2. claim waiting entitlements (SCHEDULED, FAILED) of active enrolments into the batch, one conditional write each,
 *      and freeze each one claimed into its payment instruction at once (amount, method, account or pickup data), from
 *      the claim's own result rather than an index read, which on AWS may lag the claim;
 *   3. freeze again whatever the batch holds without an instruction (a crash between a claim and its freeze);
 *   4. total the instructions and wait for approval, or end EMPTY when nothing was owed.
 */
import { notFound, validationError } from '../domain/errors.ts';
import { paysMoney, type Entitlement } from '../domain/entitlement.ts';
import { paymentReference } from '../domain/payment-reference.ts';
import { freezeInstruction } from '../domain/payment-instruction.ts';
import { assertBatchTransition, newPayoutBatch, type PayoutBatch } from '../domain/payout-batch.ts';
import { PERIOD_KINDS, type PeriodKind } from '../domain/periods.ts';
import { newPickupCode } from '../domain/pickup-code.ts';
import { authorize, type StaffUser } from '../domain/staff.ts';
import type { Deps } from './deps.ts';
import { scheduleEntitlements } from './enrolments.ts';

/** Entitlements per workflow step: small enough for one Lambda call, large enough to keep the history short. */
export const BUILD_PAGE = 200;

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

/** A finance officer asks for a batch of a programme and period for their city; the workflow builds it. */
export async function requestPayoutBatch(deps: Pick<Deps, 'programs' | 'payoutBatches' | 'clock'>, user: StaffUser, input: { programId: string; period: string }): Promise<PayoutBatch> {
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
  return batch;
}

async function building(deps: Pick<Deps, 'payoutBatches'>, batchId: string): Promise<PayoutBatch | undefined> {
  const batch = await deps.payoutBatches.get(batchId);
  if (!batch) throw notFound(`No payout batch ${batchId}`);
  // A batch cancelled while it was being built takes nothing more.
  return batch.status === 'BUILDING' ? batch : undefined;
}

/** Step 1: every active enrolment covering the period is owed its entitlement (once, however often this runs). */
export async function schedulePeriod(deps: Deps, batchId: string): Promise<{ owed: number }> {
  const batch = await building(deps, batchId);
  return { owed: batch ? await scheduleEntitlements(deps, batch.programId, batch.regencyCode, batch.period) : 0 };
}

/**
 * Step 2, repeated while it claims something: claims a page of the waiting entitlements and freezes each one it
 * claimed. A claimed one (or one another batch took first) leaves the pool in the same write, so the next page is
 * again the pool's first; a page that claims nothing ends the step (on AWS the pool index may still show entitlements
 * just claimed, and it must not spin on them). An entitlement whose enrolment was suspended or ended stays out.
 */
export async function claimPage(deps: Deps, batchId: string): Promise<{ more: boolean }> {
  const batch = await building(deps, batchId);
  if (!batch) return { more: false };
  const page = await deps.entitlementPool.waiting(batch.programId, batch.period, batch.regencyCode, { limit: BUILD_PAGE });
  const at = deps.clock.now().toISOString();
  let claimed = 0;
  for (const waiting of page.items) {
    if ((await deps.enrolments.get(waiting.applicationId))?.status !== 'ACTIVE') continue;
    const entitlement = await deps.entitlementPool.claim(waiting.entitlementId, batchId, at);
    if (!entitlement) continue;
    await freeze(deps, batchId, entitlement);
    claimed++;
  }
  return { more: claimed > 0 };
}

/** Step 3, a page at a time (`cursor` from the previous page): freezes what the batch holds without an instruction. */
export async function freezePage(deps: Deps, batchId: string, cursor?: string): Promise<{ cursor?: string }> {
  const batch = await building(deps, batchId);
  if (!batch) return {};
  const page = await deps.entitlementPool.inBatch(batchId, { cursor, limit: BUILD_PAGE });
  for (const entitlement of page.items) await freeze(deps, batchId, entitlement);
  return { cursor: page.cursor };
}

async function freeze(deps: Deps, batchId: string, entitlement: Entitlement): Promise<void> {
  const app = await deps.applications.get(entitlement.applicationId);
  if (!app) throw notFound(`Application ${entitlement.applicationId} of entitlement ${entitlement.entitlementId} is gone`);
  const districtCode = app.payout.method === 'POS' ? app.payout.districtCode : app.address.districtCode;
  const district = (await deps.regions.children(districtCode.slice(0, 5)))?.find((d) => d.code === districtCode);
  // A re-run draws another pickup code, but the first stored instruction stands (a conditional put).
  await deps.instructions.put(freezeInstruction(batchId, entitlement, app, {
    reference: await paymentReference(entitlement.entitlementId, entitlement.attempts),
    pickupCode: newPickupCode(),
    districtName: district?.name ?? districtCode,
  }));
}

/** Step 4: the batch's totals from its instructions; AWAITING_APPROVAL, or EMPTY with a message when nothing is owed. */
export async function totalBatch(deps: Deps, batchId: string): Promise<{ status: PayoutBatch['status'] }> {
  const batch = await deps.payoutBatches.get(batchId);
  if (!batch) throw notFound(`No payout batch ${batchId}`);
  if (batch.status !== 'BUILDING') return { status: batch.status };
  let itemCount = 0;
  let totalAmount = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.instructions.inBatch(batchId, { cursor, limit: 1000 });
    for (const item of page.items) {
      itemCount++;
      totalAmount += item.amount;
    }
    cursor = page.cursor;
  } while (cursor);
  const updatedAt = deps.clock.now().toISOString();
  const to = itemCount === 0 ? 'EMPTY' : 'AWAITING_APPROVAL';
  assertBatchTransition(batch.status, to);
  const moved = itemCount === 0
    ? await deps.payoutBatches.transition(batchId, 'BUILDING', 'EMPTY', {
      updatedAt, message: { id: 'Tidak ada hak bantuan yang perlu dibayar untuk program, periode dan kota ini', en: 'Nothing is owed for this programme, period and city' },
    })
    : await deps.payoutBatches.transition(batchId, 'BUILDING', 'AWAITING_APPROVAL', { updatedAt, itemCount, totalAmount, progress: { done: 0, total: itemCount } });
  return { status: (moved ?? (await deps.payoutBatches.get(batchId)))?.status ?? batch.status };
}
