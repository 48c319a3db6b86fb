/**
 * Building payout batches (issue #9 deliverable 2), step by step against the real store: the period's entitlements
 * are scheduled, claimed by conditional writes (two batches built at once never share one), frozen into payment
 * instructions, and totalled; a batch with nothing owed ends EMPTY with a message; requests that cannot be a batch
 * get a 4xx naming the problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { isPaymentReference } from '../../shared/domain/payment-reference.ts';
import { isPickupCode } from '../../shared/domain/pickup-code.ts';
import type { StaffUser } from '../../shared/domain/staff.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { approvedApplication } from '../support/approved.ts';

let stack: LocalStack;
let api: ApiClient;
let deps: Deps;
let build: typeof import('../../shared/use-cases/payout-build.ts');
const tokens: Record<string, string> = {};
const maker: StaffUser = { username: 'keuangan.tangerang', roles: ['finance'], regions: ['36.71'] };
beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  build = await import('../../shared/use-cases/payout-build.ts');
  for (const u of ['verifikator.tangerang', 'penyetuju.tangerang', 'admin']) tokens[u] = await api.login(u);
});
afterAll(() => stack?.close());

/** Runs every build step of a batch to its end, as the payout workflow does. */
async function buildAll(batchId: string) {
  await build.schedulePeriod(deps, batchId);
  while ((await build.claimPage(deps, batchId)).more);
  let cursor: string | undefined;
  do cursor = (await build.freezePage(deps, batchId, cursor)).cursor; while (cursor);
  return build.totalBatch(deps, batchId);
}

async function instructionsOf(batchId: string) {
  const page = await deps.instructions.inBatch(batchId, { limit: 1000 });
  expect(page.cursor).toBeUndefined();
  return page.items;
}

describe('building a payout batch', () => {
  it('claims every owed entitlement once across two batches built at the same time, frozen and totalled', async () => {
    const households: { id: string }[] = [];
    for (let i = 0; i < 4; i++) households.push(await approvedApplication(api, tokens, { programId: 'sembako' }));
    households.push(await approvedApplication(api, tokens, { programId: 'sembako' }, { payout: { method: 'POS', districtCode: '36.71.02' } }));
    const period = (await deps.enrolments.get(households[0]!.id))!.periods[0]!;

    const [a, b] = await Promise.all([build.requestPayoutBatch(deps, maker, { programId: 'sembako', period }), build.requestPayoutBatch(deps, maker, { programId: 'sembako', period })]);
    expect(a!.status).toBe('BUILDING');
    await Promise.all([build.schedulePeriod(deps, a!.batchId), build.schedulePeriod(deps, b!.batchId)]);
    const claimAll = async (batchId: string) => { while ((await build.claimPage(deps, batchId)).more); };
    await Promise.all([claimAll(a!.batchId), claimAll(b!.batchId)]);
    const totals = await Promise.all([buildAll(a!.batchId), buildAll(b!.batchId)]);

    const items = [...(await instructionsOf(a!.batchId)), ...(await instructionsOf(b!.batchId))];
    const mine = items.filter((i) => households.some((h) => h.id === i.applicationId));
    expect(mine.map((i) => i.applicationId).sort()).toEqual(households.map((h) => h.id).sort());
    expect(new Set(items.map((i) => i.entitlementId)).size).toBe(items.length);
    for (const item of items) {
      expect(isPaymentReference(item.reference)).toBe(true);
      expect(item.amount).toBe(200_000);
    }
    const pos = mine.find((i) => i.method === 'POS');
    expect(pos?.method === 'POS' && isPickupCode(pos.pickupCode) && pos.districtName).toBe('Jatiuwung'); // 36.71.02 in idn-area-data
    const batches = await Promise.all([deps.payoutBatches.get(a!.batchId), deps.payoutBatches.get(b!.batchId)]);
    expect(batches.reduce((n, x) => n + (x?.itemCount ?? 0), 0)).toBe(items.length);
    expect(batches.reduce((n, x) => n + (x?.totalAmount ?? 0), 0)).toBe(items.length * 200_000);
    // However the two split the work, each ends by what it holds.
    expect(totals.map((t) => t.status)).toEqual(batches.map((x) => (x!.itemCount > 0 ? 'AWAITING_APPROVAL' : 'EMPTY')));
    for (const h of households) {
      const [entitlement] = (await deps.entitlements.getMany([`${(await deps.enrolments.get(h.id))!.beneficiaryId}.${period}`]));
      expect(entitlement?.status).toBe('IN_BATCH');
      expect(entitlement?.attempts).toBe(1);
    }

    // Built again, the steps change nothing; a third batch finds nothing owed.
    await buildAll(a!.batchId);
    expect((await instructionsOf(a!.batchId)).length).toBe(batches[0]!.itemCount);
    const third = await build.requestPayoutBatch(deps, maker, { programId: 'sembako', period });
    expect((await buildAll(third.batchId)).status).toBe('EMPTY');
    expect((await deps.payoutBatches.get(third.batchId))?.message?.id).toMatch(/Tidak ada/);
  });

  it('refuses a service programme, a period of the wrong form, and officers who are not finance, admins included', async () => {
    const refusal = async (user: StaffUser, input: { programId: string; period: string }) => build.requestPayoutBatch(deps, user, input).then(() => 'accepted', (e: Error & { kind?: string; message: string }) => `${e.kind}: ${e.message}`);
    expect(await refusal(maker, { programId: 'pelatihan', period: 'once' })).toMatch(/^ValidationError: .*layanan dan tidak membayar uang/);
    expect(await refusal(maker, { programId: 'sembako', period: '2026-13' })).toMatch(/^ValidationError: .*2026-12/);
    expect(await refusal(maker, { programId: 'tidak-ada', period: '2026-12' })).toMatch(/^Validation/);
    expect(await refusal({ username: 'admin', roles: ['admin'], regions: [] }, { programId: 'sembako', period: '2026-12' })).toMatch(/^Forbidden/);
    expect(await refusal({ username: 'penyetuju.tangerang', roles: ['approver'], regions: ['36.71'] }, { programId: 'sembako', period: '2026-12' })).toMatch(/^Forbidden/);
  });
  it('leaves out the entitlement of a suspended enrolment until it is resumed', async () => {
    const household = await approvedApplication(api, tokens, { programId: 'sembako' });
    const period = (await deps.enrolments.get(household.id))!.periods[0]!;
    const change = (action: string, reason: string) =>
      api.call('POST', `/api/applications/${household.id}/enrolment`, { token: tokens['penyetuju.tangerang'], body: { action, reason } });
    expect((await change('SUSPEND', 'Diduga data palsu, sedang diperiksa')).status).toBe(200);
    const whileSuspended = await build.requestPayoutBatch(deps, maker, { programId: 'sembako', period });
    expect((await buildAll(whileSuspended.batchId)).status).toBe('EMPTY');
    expect((await change('RESUME', 'Pemeriksaan selesai, data benar')).status).toBe(200);
    const resumed = await build.requestPayoutBatch(deps, maker, { programId: 'sembako', period });
    expect((await buildAll(resumed.batchId)).status).toBe('AWAITING_APPROVAL');
    expect((await instructionsOf(resumed.batchId)).map((i) => i.applicationId)).toEqual([household.id]);
  });
});
