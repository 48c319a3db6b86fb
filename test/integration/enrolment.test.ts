/**
 * Enrolment and entitlements (issue #9, deliverable 1), over the real stack: an approved application enrols its
 * household for the programme's periods, its first period's entitlement is scheduled and shown on the status check,
 * each later period is scheduled once however often it is asked, a suspended enrolment gets none, a service
 * programme pays nothing, and one person is owed one entitlement per programme and period across applications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import type { Application } from '../../shared/domain/application.ts';
import { periodsFrom } from '../../shared/domain/periods.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { approvedApplication } from '../support/approved.ts';
import { countItems } from '../support/table.ts';

let stack: LocalStack;
let api: ApiClient;
let deps: Deps;
let enrolments: typeof import('../../shared/use-cases/enrolments.ts');
const tokens: Record<string, string> = {};
beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  // The adapters read the stack's environment when first imported, as the handlers do.
  deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  enrolments = await import('../../shared/use-cases/enrolments.ts');
  for (const u of ['verifikator.tangerang', 'penyetuju.tangerang', 'admin']) tokens[u] = await api.login(u);
});
afterAll(() => stack?.close());

const approved = (programId: string) => approvedApplication(api, tokens, { programId });
/** What a payout batch asks of each enrolment in its snapshot: the entitlement the period owes it, if any. */
async function owe(applicationId: string, period: string) {
  const enrolment = (await deps.enrolments.get(applicationId))!;
  return enrolments.owedEntitlement(deps, enrolment, (await deps.programs.get(enrolment.programId))!, period);
}

const statusCheck = async (reference: string, nik: string) =>
  (await api.call<{ payments: { period: string; status: string; amount: number }[] }>('POST', '/api/status-check', { body: { reference, nik } })).json;

describe('enrolment and entitlements', () => {
  it('enrols an approved household for twelve months of sembako and schedules each month once', async () => {
    const { id, reference, nik } = await approved('sembako');
    const enrolment = await deps.enrolments.get(id);
    expect(enrolment?.status).toBe('ACTIVE');
    expect(enrolment?.periods).toHaveLength(12);
    const [first, second, third] = enrolment!.periods;
    expect(enrolment!.periods).toEqual(periodsFrom('MONTHLY', first!, 12));
    expect((await statusCheck(reference, nik)).payments).toEqual([{ period: first, status: 'SCHEDULED', amount: 200_000 }]);
    const audit = await api.call<{ events: { eventId: string }[] }>('GET', `/api/applications/${id}/audit`, { token: tokens.admin });
    expect(audit.json.events.map((e) => e.eventId)).toEqual(expect.arrayContaining(['enrolled', 'status:APPROVED']));

    // The second month, asked for three times (a batch built again): one entitlement.
    const before = (await countItems(stack.dynamoUrl))['ENT:ENT'] ?? 0;
    for (let i = 0; i < 3; i++) await owe(id, second!);
    expect(((await countItems(stack.dynamoUrl))['ENT:ENT'] ?? 0) - before).toBe(1);
    expect((await statusCheck(reference, nik)).payments.map((p) => p.period)).toEqual([first, second]);

    // Suspended: no entitlement for the third month; resumed: it comes.
    const suspend = await api.call('POST', `/api/applications/${id}/enrolment`, { token: tokens['penyetuju.tangerang'], body: { action: 'SUSPEND', reason: 'Rumah kosong saat kunjungan ulang' } });
    expect(suspend.status, suspend.text).toBe(200);
    expect(await owe(id, third!)).toBeUndefined();
    expect((await statusCheck(reference, nik)).payments.map((p) => p.period)).toEqual([first, second]);
    const again = await api.call<{ message: string }>('POST', `/api/applications/${id}/enrolment`, { token: tokens['penyetuju.tangerang'], body: { action: 'SUSPEND', reason: 'Rumah kosong lagi' } });
    expect(again.status).toBe(409);
    expect(again.json.message).toMatch(/ditangguhkan/);
    expect((await api.call('POST', `/api/applications/${id}/enrolment`, { token: tokens['penyetuju.tangerang'], body: { action: 'RESUME', reason: 'Keluarga sudah kembali' } })).status).toBe(200);
    await owe(id, third!);
    expect((await statusCheck(reference, nik)).payments.map((p) => p.period)).toEqual([first, second, third]);
    const events = (await api.call<{ events: { action: string; detail?: { reason?: string } }[] }>('GET', `/api/applications/${id}/audit`, { token: tokens.admin })).json.events;
    expect(events.filter((e) => e.action === 'ENROLMENT_CHANGED').map((e) => e.detail?.reason)).toEqual(['Rumah kosong saat kunjungan ulang', 'Keluarga sudah kembali']);
  });

  it('refuses an enrolment change without a reason, from a verifier, or outside the officer\'s city', async () => {
    const { id } = await approved('sembako');
    const noReason = await api.call<{ issues: { path: string }[] }>('POST', `/api/applications/${id}/enrolment`, { token: tokens['penyetuju.tangerang'], body: { action: 'END', reason: '' } });
    expect(noReason.status).toBe(400);
    expect(noReason.json.issues.map((i) => i.path)).toEqual(['reason']);
    expect((await api.call('POST', `/api/applications/${id}/enrolment`, { token: tokens['verifikator.tangerang'], body: { action: 'END', reason: 'Pindah ke kota lain' } })).status).toBe(403);
    const kupang = await api.login('verifikator.kupang');
    expect((await api.call('POST', `/api/applications/${id}/enrolment`, { token: kupang, body: { action: 'END', reason: 'Pindah ke kota lain' } })).status).toBe(403);
    expect((await deps.enrolments.get(id))?.status).toBe('ACTIVE');
  });

  it('records a change a crash kept out of the audit trail at the next change, in order', async () => {
    const { id } = await approved('sembako');
    // The change was written with the status, then the process died before its audit event.
    await deps.enrolments.transition(id, 'ACTIVE', 'SUSPENDED', { reason: 'Alamat tidak ditemukan', actor: 'penyetuju.tangerang', at: new Date().toISOString() });
    const resume = await api.call('POST', `/api/applications/${id}/enrolment`, { token: tokens['penyetuju.tangerang'], body: { action: 'RESUME', reason: 'Alamat baru sudah dicatat' } });
    expect(resume.status, resume.text).toBe(200);
    const events = (await api.call<{ events: { eventId: string; action: string; detail?: { reason?: string } }[]; chainValid: boolean }>('GET', `/api/applications/${id}/audit`, { token: tokens.admin })).json;
    expect(events.chainValid).toBe(true);
    expect(events.events.filter((e) => e.action === 'ENROLMENT_CHANGED').map((e) => [e.eventId, e.detail?.reason])).toEqual([
      ['enrolment-change:1', 'Alamat tidak ditemukan'], ['enrolment-change:2', 'Alamat baru sudah dicatat'],
    ]);
  });

  it('enrols a service programme without any payment', async () => {
    const { id, reference, nik } = await approved('psikososial');
    expect((await deps.enrolments.get(id))?.periods).toEqual(['once']);
    expect((await statusCheck(reference, nik)).payments).toEqual([]);
    expect(await owe(id, 'once')).toBeUndefined();
  });

  it('owes one person one entitlement per programme and period, however many of their applications are enrolled', async () => {
    const { id } = await approved('sembako');
    const app = (await deps.applications.get(id))!;
    // A second application of the same person for the next month, enrolled too (overlapping eleven months).
    const [, next] = (await deps.enrolments.get(id))!.periods;
    const other: Application = { ...app, applicationId: crypto.randomUUID(), reference: `${app.reference.slice(0, -1)}Z`, period: next! };
    const second = await enrolments.enrolHousehold(deps, other);
    const [mine] = await deps.entitlements.getMany([`${second.beneficiaryId}.${next}`]);
    expect(second.beneficiaryId).toBe((await deps.enrolments.get(id))!.beneficiaryId);
    expect(mine?.applicationId).toBe(other.applicationId);
    await owe(id, next!);
    const [still] = await deps.entitlements.getMany([`${second.beneficiaryId}.${next}`]);
    expect(still).toEqual(mine);
  });
});
