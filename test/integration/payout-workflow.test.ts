/**
 * The payout workflow end to end over HTTP (issue #9 deliverables 3-5): the maker builds, the checker approves (and
 * nobody else may: the maker, admins, other roles get a 403 naming the rule), the batch is disbursed and its payment
 * file stored with its SHA-256 in the audit trail; a rejected or cancelled batch gives its entitlements back to the
 * pool, where the next batch takes them; an approval left waiting is reminded and escalated like any human task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { taskIdFor } from '../../shared/domain/human-task.ts';
import { paymentFileKey } from '../../shared/domain/payout-batch.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import type { ApiClient } from '../support/api.ts';
import { approvedApplication } from '../support/approved.ts';
import { BATCH_WORKFLOW_ROUTES } from '../support/payout-matrix.ts';
import { batchIn, CHECKER, instructionsOf, MAKER, payoutSession, requestBatch } from '../support/sent-batch.ts';

let stack: LocalStack;
let api: ApiClient;
let deps: Deps;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  ({ stack, api, deps } = await payoutSession(tokens, ['verifikator.tangerang', 'penyetuju.tangerang', 'admin', MAKER, CHECKER, 'verifikator.kupang']));
});
afterAll(() => stack?.close());

/** A batch of `households` new sembako households' first period, built and waiting for its checker. */
async function awaitingApproval(households: number) {
  const ids: string[] = [];
  for (let i = 0; i < households; i++) ids.push((await approvedApplication(api, tokens, { programId: 'sembako' })).id);
  const period = (await deps.enrolments.get(ids[0]!))!.periods[0]!;
  const batchId = await requestBatch(api, tokens, 'sembako', period);
  await batchIn(api, tokens, batchId, 'AWAITING_APPROVAL');
  return { batchId, period, ids };
}

const post = (path: string, user: string, body?: unknown) => api.call<{ message?: string; status?: string }>('POST', path, { token: tokens[user], body });
const entitlementOf = async (applicationId: string, period: string) =>
  (await deps.entitlements.getMany([`${(await deps.enrolments.get(applicationId))!.beneficiaryId}.${period}`]))[0]!;

describe('the payout workflow', () => {
  it('lets only a second finance officer approve, then disburses and stores the payment file', async () => {
    const { batchId, period, ids } = await awaitingApproval(2);
    const path = `/api/payout-batches/${batchId}`;
    const own = await post(`${path}/approve`, MAKER);
    expect(own.status).toBe(403);
    expect(own.json.message).toMatch(/Pemisahan tugas: keuangan\.tangerang menyusun .* \/ Segregation of duties/);
    for (const other of ['admin', 'penyetuju.tangerang', 'verifikator.tangerang']) expect((await post(`${path}/approve`, other)).status, other).toBe(403);
    const queue = await api.call<{ items: { batchId?: string; reference: string }[] }>('GET', '/api/tasks?kind=batchApproval', { token: tokens[CHECKER] });
    expect(queue.json.items.find((t) => t.batchId === batchId)?.reference).toMatch(new RegExp(`^sembako-${period}-`));

    const approved = await post(`${path}/approve`, CHECKER);
    expect(approved.status, approved.text).toBe(202);
    const done = await batchIn(api, tokens, batchId, 'AWAITING_RECONCILIATION');
    expect(done).toMatchObject({ approvedBy: CHECKER, createdBy: MAKER, progress: { done: done.itemCount, total: done.itemCount } });
    expect(done.paymentFile).toMatchObject({ rowCount: done.itemCount, controlTotal: done.totalAmount });
    const stored = await deps.paymentFiles.read(paymentFileKey(batchId));
    expect(stored?.sha256).toBe(done.paymentFile?.sha256);
    const trail = await deps.audit.list(batchId);
    expect(trail.find((e) => e.action === 'PAYMENT_FILE_WRITTEN')?.detail?.sha256).toBe(done.paymentFile?.sha256);
    for (const id of ids) expect((await entitlementOf(id, period)).status).toBe('SENT');
    expect((await instructionsOf(deps, batchId)).every((i) => i.status === 'SENT')).toBe(true);
    // The same approval again (a retry over a patchy connection) is answered alike and changes nothing; it can no
    // longer be cancelled or rejected.
    expect((await post(`${path}/approve`, CHECKER)).status).toBe(202);
    expect((await deps.audit.list(batchId)).filter((e) => e.action === 'TASK_DECIDED')).toHaveLength(1);
    expect((await post(`${path}/cancel`, MAKER)).status).toBe(409);
    expect((await post(`${path}/reject`, CHECKER, { reason: 'Salah periode pembayaran' })).status).toBe(409);
  });

  it('gives a rejected batch\'s entitlements back to the pool, where the next batch takes them under a new reference', async () => {
    const { batchId, period, ids } = await awaitingApproval(1);
    const path = `/api/payout-batches/${batchId}`;
    // Meanwhile a second batch of the period finds what is owed held by the first, and says so rather than "nothing".
    const meanwhile = await batchIn(api, tokens, await requestBatch(api, tokens, 'sembako', period), 'EMPTY');
    expect(meanwhile.message?.id).toMatch(/masih berada di kumpulan pembayaran lain/);
    const noReason = await api.call<{ issues: { path: string }[] }>('POST', `${path}/reject`, { token: tokens[CHECKER], body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.json.issues.map((i) => i.path)).toEqual(['reason']);
    expect((await post(`${path}/reject`, CHECKER, { reason: 'Jumlah penerima tidak sesuai data kelurahan' })).status).toBe(202);
    const rejected = await batchIn(api, tokens, batchId, 'REJECTED');
    expect(rejected).toMatchObject({ closedBy: CHECKER, closeReason: 'Jumlah penerima tidak sesuai data kelurahan' });
    await api.until('returned', async () => (await deps.payoutBatches.get(batchId))?.returnedAt !== undefined);
    expect(await entitlementOf(ids[0]!, period)).toMatchObject({ status: 'SCHEDULED', attempts: 1 });

    const next = await requestBatch(api, tokens, 'sembako', period);
    await batchIn(api, tokens, next, 'AWAITING_APPROVAL');
    expect(await entitlementOf(ids[0]!, period)).toMatchObject({ status: 'IN_BATCH', batchId: next, attempts: 2 });
    const [first] = await instructionsOf(deps, batchId);
    const retried = (await instructionsOf(deps, next)).find((i) => i.entitlementId === first!.entitlementId);
    expect(retried?.reference).not.toBe(first!.reference);
    expect((await post(`/api/payout-batches/${next}/cancel`, MAKER, { reason: 'Disusun ulang bulan depan' })).status).toBe(202);
    await batchIn(api, tokens, next, 'CANCELLED');
  });

  it('lets only the maker cancel before approval, and gives the entitlements back', async () => {
    const { batchId, period, ids } = await awaitingApproval(1);
    const path = `/api/payout-batches/${batchId}`;
    const byChecker = await post(`${path}/cancel`, CHECKER);
    expect(byChecker.status).toBe(403);
    expect(byChecker.json.message).toMatch(/Hanya keuangan\.tangerang/);
    expect((await post(`${path}/cancel`, 'admin')).status).toBe(403);
    expect((await post(`${path}/cancel`, MAKER)).status).toBe(202);
    await batchIn(api, tokens, batchId, 'CANCELLED');
    await api.until('returned', async () => (await deps.payoutBatches.get(batchId))?.returnedAt !== undefined);
    expect((await entitlementOf(ids[0]!, period)).status).toBe('SCHEDULED');
    expect((await deps.tasks.get(taskIdFor(batchId, 'batchApproval')))?.status).toBe('CLOSED');
    expect((await post(`${path}/approve`, CHECKER)).status).toBe(409);
  });

  it('reminds and escalates an approval left waiting, through the same steps as every human task', async () => {
    const { batchId } = await awaitingApproval(1);
    const steps = await import('../../shared/use-cases/human-task-steps.ts');
    const task = (await deps.tasks.get(taskIdFor(batchId, 'batchApproval')))!;
    const at = (iso: string) => ({ ...deps, clock: { now: () => new Date(Date.parse(iso) + 1000) } });
    expect(await steps.checkTaskDeadline(at(task.remindAt), 'batchApproval', batchId)).toEqual({ action: 'REMIND' });
    expect(await steps.remindOfficer(at(task.remindAt), 'batchApproval', batchId)).toEqual({ reminded: true });
    expect(await steps.checkTaskDeadline(at(task.dueAt), 'batchApproval', batchId)).toEqual({ action: 'ESCALATE' });
    expect(await steps.escalateTask(at(task.dueAt), 'batchApproval', batchId)).toEqual({ escalated: true });
    const queue = await api.call<{ items: { batchId?: string; escalated: boolean; reminded: boolean }[] }>('GET', '/api/tasks?kind=batchApproval', { token: tokens[CHECKER] });
    expect(queue.json.items.find((t) => t.batchId === batchId)).toMatchObject({ escalated: true, reminded: true });
    // Overdue, it still goes to finance only, and never to its maker.
    expect((await post(`/api/payout-batches/${batchId}/approve`, 'admin')).status).toBe(403);
    expect((await post(`/api/payout-batches/${batchId}/approve`, MAKER)).status).toBe(403);
    expect((await deps.audit.list(batchId)).map((e) => e.action)).toEqual(expect.arrayContaining(['TASK_REMINDER', 'TASK_ESCALATED']));
  });

  it('refuses every batch route to officers without the finance role, admins included, naming the rule', async () => {
    const { batchId } = await awaitingApproval(1);
    const call = (route: (typeof BATCH_WORKFLOW_ROUTES)[number], token: string) => {
      const [method, path] = route.split(' ') as [string, string];
      const body = method === 'POST' ? (route.endsWith('/api/payout-batches') ? { programId: 'sembako', period: '2031-04' } : { reason: 'Tidak sesuai data kelurahan' }) : undefined;
      return api.call<{ message?: string }>(method, path.replace('{batchId}', batchId), { token, body });
    };
    for (const route of BATCH_WORKFLOW_ROUTES) {
      for (const officer of ['admin', 'penyetuju.tangerang', 'verifikator.tangerang', 'verifikator.kupang']) {
        const r = await call(route, tokens[officer]!);
        expect(r.status, `${route} ${officer}`).toBe(403);
        expect(r.json.message, `${route} ${officer}`).toMatch(new RegExp(`hanya untuk peran keuangan; ${officer.replace('.', '\\.')} berperan .* / .* needs the role finance`));
      }
    }
    expect((await deps.payoutBatches.get(batchId))?.status).toBe('AWAITING_APPROVAL');
  });

  it('lists the city\'s batches for its finance officers only, and refuses a batch of another city', async () => {
    const list = await api.call<{ items: { batchId: string; statusLabel: { id: string } }[] }>('GET', '/api/payout-batches', { token: tokens[MAKER] });
    expect(list.status).toBe(200);
    expect(list.json.items.length).toBeGreaterThan(0);
    expect(list.json.items[0]!.statusLabel.id).toBeTruthy();
    expect((await api.call('GET', '/api/payout-batches', { token: tokens.admin })).status).toBe(403);
    const kupang = await api.call('GET', `/api/payout-batches/${list.json.items[0]!.batchId}`, { token: tokens['verifikator.kupang'] });
    expect(kupang.status).toBe(403);
    expect((await api.call('GET', `/api/payout-batches/${crypto.randomUUID()}`, { token: tokens[MAKER] })).status).toBe(404);
    expect((await api.call('GET', '/api/payout-batches/not-a-batch', { token: tokens[MAKER] })).status).toBe(400);
    const service = await api.call<{ message: string }>('POST', '/api/payout-batches', { token: tokens[MAKER], body: { programId: 'pelatihan', period: 'once' } });
    expect(service.status).toBe(400);
    expect(service.json.message).toMatch(/layanan dan tidak membayar uang/);
  });
});

describe('cancelling a batch that finishes building meanwhile', () => {
  // The workflow totals the batch (BUILDING -> AWAITING_APPROVAL) just before the cancel's first write, or just after.
  it.each(['before', 'after'] as const)('cancels it from where it then stands when that happens %s its first write', async (when) => {
    const { newPayoutBatch } = await import('../../shared/domain/payout-batch.ts');
    const { cancelBatch } = await import('../../shared/use-cases/payout-batches.ts');
    const maker = { username: MAKER, roles: ['finance' as const], regions: ['36.71'] };
    const batch = newPayoutBatch({ batchId: crypto.randomUUID(), programId: 'sembako', period: '2031-05', regencyCode: '36.71', createdBy: MAKER }, new Date().toISOString());
    await deps.payoutBatches.create(batch);
    const totalled = () => deps.payoutBatches.transition(batch.batchId, 'BUILDING', 'AWAITING_APPROVAL', { updatedAt: new Date().toISOString() });
    let writes = 0;
    const racing = {
      ...deps,
      payoutBatches: {
        get: deps.payoutBatches.get.bind(deps.payoutBatches),
        transition: async (...args: Parameters<Deps['payoutBatches']['transition']>) => {
          if (writes++ === 0 && when === 'before') await totalled();
          const result = await deps.payoutBatches.transition(...args);
          if (writes === 1 && when === 'after') await totalled();
          return result;
        },
      },
    } as unknown as Deps;
    expect(await cancelBatch(racing, maker, batch.batchId, 'Salah pilih periode')).toEqual({ batchId: batch.batchId, status: 'CANCELLED' });
    expect(await deps.payoutBatches.get(batch.batchId)).toMatchObject({ status: 'CANCELLED', closedBy: MAKER, closeReason: 'Salah pilih periode' });
  });
});
