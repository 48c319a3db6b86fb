/**
 * Programmes edited as versions (issue #10, admin), over HTTP against the real stack: an admin's edit is published as
 * the next version and audited; applications submitted before it keep their version through screening, tasks and
 * enrolment, while new ones follow the edit; a bad edit is a 400 naming the problem and publishes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/catalog.ts';
import type { LocalStack } from '../../local/stack.ts';
import { SEED_PROGRAMS, type Program } from '../../shared/domain/programs.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { programAuditSubject } from '../../shared/use-cases/program-versions.ts';
import type { ApiClient } from '../support/api.ts';
import { TANGERANG_DECIDERS } from '../support/approved.ts';
import { applicationBody } from '../support/fixtures.ts';
import { payoutSession } from '../support/sent-batch.ts';

let stack: LocalStack;
let api: ApiClient;
let deps: Deps;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  // Every handler keeps a programme it read for this long: an edit reaches intake within a second here (30 by default).
  process.env[ENV.programCacheSeconds] = '1';
  ({ stack, api, deps } = await payoutSession(tokens, ['verifikator.tangerang', 'penyetuju.tangerang', 'admin']));
});
afterAll(() => stack?.close());

const seed = SEED_PROGRAMS.find((p) => p.id === 'sembako')!;
const versionsPath = '/api/programs/sembako/versions';
const publish = (body: unknown) => api.call<Program & { message?: string; issues?: { path: string; message: string }[] }>('POST', versionsPath, { token: tokens.admin, body });
const versions = async () => (await api.call<{ items: Program[] }>('GET', versionsPath, { token: tokens.admin })).json.items;

async function submitted(overrides: Parameters<typeof applicationBody>[0] = {}) {
  const r = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody({ programId: 'sembako', ...overrides }) });
  expect(r.status, r.text).toBe(201);
  const id = r.json.applicationId;
  await api.until(`${id} screened`, async () => {
    const status = (await api.call<{ status: string }>('GET', `/api/applications/${id}`, { token: tokens.admin })).json.status;
    return status !== 'SUBMITTED' && status !== 'SCREENING';
  });
  return id;
}

async function approve(id: string) {
  for (const [kind, officer] of Object.entries(TANGERANG_DECIDERS) as ['verification' | 'approval', string][]) {
    const task = await api.findTask(tokens[officer]!, kind, id);
    expect((await api.call('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/decision`, { token: tokens[officer], body: { decision: 'APPROVE' } })).status).toBe(200);
  }
  return api.until(`${id} enrolled`, () => deps.enrolments.get(id));
}

describe('programme versions', () => {
  it('reach new applications only, and each is audited', async () => {
    const before = await submitted();
    const tighter = seed.eligibility.map((rule) => (rule.reasonCode === 'INCOME_ABOVE_LIMIT'
      ? { ...rule, rejectWhen: { all: [{ fact: 'incomePerMember', operator: 'greaterThan', value: 300_000 }] } } : rule));
    const edited = await publish({ note: 'Anggaran 2027: besaran naik, seleksi diperketat', amount: 300_000, enrolmentPeriods: 3, eligibility: tighter });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json).toMatchObject({ version: 2, amount: 300_000, enrolmentPeriods: 3, revision: { by: 'admin', note: 'Anggaran 2027: besaran naik, seleksi diperketat' } });

    // 375,000 a member: eligible under version 1, not under version 2 (once intake's copy of version 1 expired).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const rejected = await submitted();
    expect((await api.call<{ status: string; reasonCodes: string[] }>('GET', `/api/applications/${rejected}`, { token: tokens.admin })).json)
      .toMatchObject({ status: 'REJECTED', reasonCodes: ['INCOME_ABOVE_LIMIT'] });
    const after = await submitted({ monthlyIncome: 1_000_000 });

    // The earlier application keeps version 1 to its enrolment; the later follows version 2.
    const [kept, followed] = [await approve(before), await approve(after)];
    expect(kept.periods).toHaveLength(seed.enrolmentPeriods!);
    expect(followed.periods).toHaveLength(3);
    const amountOf = async (id: string, period: string) => (await deps.entitlements.getMany([`${(await deps.enrolments.get(id))!.beneficiaryId}.${period}`]))[0]!.amount;
    expect(await amountOf(before, kept.periods[0]!)).toBe(seed.amount);
    expect(await amountOf(after, followed.periods[0]!)).toBe(300_000);

    expect((await versions()).map((v) => [v.version, v.amount, v.revision?.by])).toEqual([[1, seed.amount, 'system:seed'], [2, 300_000, 'admin']]);
    const trail = await deps.audit.list(programAuditSubject('sembako'));
    expect(trail.map((e) => [e.action, e.actor, e.before, e.after, e.detail?.changed])).toEqual([['PROGRAM_VERSION_PUBLISHED', 'admin', '1', '2', 'amount, eligibility, enrolmentPeriods']]);
  });

  it('refuses a bad edit with the problem in words, and publishes nothing', async () => {
    const count = (await versions()).length;
    const cases: [unknown, RegExp][] = [
      [{ note: 'Tanpa perubahan apa pun' }, /tidak ada yang diubah/],
      [{ note: 'Besaran negatif', amount: -5 }, /besaran bantuan harus rupiah utuh/],
      [{ note: 'Besaran pecahan', amount: 1.5 }, /besaran bantuan harus rupiah utuh/],
      [{ note: 'Kuota terlalu besar', quotaPerDistrict: 999_999 }, /kuota per kecamatan/],
      [{ note: 'Aturan tak dikenal', eligibility: [{ reasonCode: 'INCOME_ABOVE_LIMIT', rejectWhen: { all: [{ fact: 'salary', operator: 'greaterThan', value: 1 }] } }] }, /aturan kelayakan tidak dikenali/],
      [{ note: 'Gratis', amount: 0 }, /memerlukan besaran lebih dari 0/],
      [{ note: 'x', amount: 1000 }, /terlalu pendek/],
    ];
    for (const [body, message] of cases) {
      const r = await publish(body);
      expect(r.status, r.text).toBe(400);
      expect(JSON.stringify(r.json), JSON.stringify(body)).toMatch(message);
    }
    expect((await api.call('POST', '/api/programs/tidak-ada/versions', { token: tokens.admin, body: { note: 'Program tidak ada', amount: 1000 } })).status).toBe(404);
    expect((await versions()).length).toBe(count);
  });
});
