/**
 * Building payout batches (issue #9 deliverable 2) through the real payout workflow on the local endpoint: the
 * period's entitlements are scheduled, claimed by conditional writes (two batches built at once never share one),
 * frozen into payment instructions, and totalled; a batch with nothing owed ends EMPTY with a message; requests that
 * cannot be a batch get a 4xx naming the problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { isPaymentReference } from '../../shared/domain/payment-reference.ts';
import { isPickupCode } from '../../shared/domain/pickup-code.ts';
import type { StaffUser } from '../../shared/domain/staff.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { approvedApplication } from '../support/approved.ts';
import { batchIn, instructionsOf, MAKER, requestBatch } from '../support/sent-batch.ts';

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
  for (const u of ['verifikator.tangerang', 'penyetuju.tangerang', 'admin', MAKER]) tokens[u] = await api.login(u);
});
afterAll(() => stack?.close());

/** A batch of the period, built by its workflow to where it waits (or ends). */
async function built(period: string) {
  const batchId = await requestBatch(api, tokens, 'sembako', period);
  return batchIn(api, tokens, batchId, 'AWAITING_APPROVAL', 'EMPTY');
}

describe('building a payout batch', () => {
  it('claims every owed entitlement once across two batches built at the same time, frozen and totalled', async () => {
    const households: { id: string }[] = [];
    for (let i = 0; i < 4; i++) households.push(await approvedApplication(api, tokens, { programId: 'sembako' }));
    households.push(await approvedApplication(api, tokens, { programId: 'sembako' }, { payout: { method: 'POS', districtCode: '36.71.02' } }));
    const period = (await deps.enrolments.get(households[0]!.id))!.periods[0]!;

    const [a, b] = await Promise.all([build.requestPayoutBatch(deps, maker, { programId: 'sembako', period }), build.requestPayoutBatch(deps, maker, { programId: 'sembako', period })]);
    expect(a!.status).toBe('BUILDING');
    const totals = await Promise.all([batchIn(api, tokens, a!.batchId, 'AWAITING_APPROVAL', 'EMPTY'), batchIn(api, tokens, b!.batchId, 'AWAITING_APPROVAL', 'EMPTY')]);

    const items = [...(await instructionsOf(deps, a!.batchId)), ...(await instructionsOf(deps, b!.batchId))];
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

    // Every build step run again changes nothing; a third batch finds everything owed held by the first two, and says so.
    const pages = build.pagesOf(batches[0]!);
    await build.snapshotBatch(deps, a!.batchId);
    await build.claimPages(deps, a!.batchId, pages);
    await build.totalBatch(deps, a!.batchId);
    expect((await instructionsOf(deps, a!.batchId)).length).toBe(batches[0]!.itemCount);
    expect((await deps.payoutBatches.get(a!.batchId))?.itemCount).toBe(batches[0]!.itemCount);
    const third = await built(period);
    expect(third.status).toBe('EMPTY');
    expect(third.message?.id).toMatch(new RegExp(`^${items.length} hak bantuan periode ini masih berada di kumpulan pembayaran lain`));
    expect(third.paymentFile).toBeNull();
    // A period no enrolment covers: nothing owed at all, said so.
    const far = await built('2031-02');
    expect([far.status, far.message?.id]).toEqual(['EMPTY', expect.stringMatching(/^Tidak ada hak bantuan yang perlu dibayar/)]);
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
    expect((await built(period)).status).toBe('EMPTY');
    expect((await change('RESUME', 'Pemeriksaan selesai, data benar')).status).toBe(200);
    const resumed = await built(period);
    expect(resumed.status).toBe('AWAITING_APPROVAL');
    expect((await instructionsOf(deps, resumed.batchId)).map((i) => i.applicationId)).toEqual([household.id]);
  });
});
