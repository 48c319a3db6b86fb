/**
 * The office dashboard's figures (issue #10 deliverable 3) from `GET /api/reports/summary`, against the real stack:
 * applications by status x programme x district agree with the staff search's totals (another read of the same
 * store), finished waits per stage are counted, quota places taken agree with the applications holding them, and the
 * amounts per period follow the bank's results. The head of office (viewer) reads it and nothing about a household.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import type { OfficeReport } from '../../shared/use-cases/office-report.ts';
import type { ApiClient } from '../support/api.ts';
import { officeWithFigures } from '../support/office.ts';
import { payoutSession } from '../support/sent-batch.ts';

let stack: LocalStack;
let api: ApiClient;
let deps: Deps;
const tokens: Record<string, string> = {};
const HEAD = 'kepala.tangerang';
beforeAll(async () => {
  ({ stack, api, deps } = await payoutSession(tokens, ['verifikator.tangerang', 'penyetuju.tangerang', 'admin', 'keuangan.tangerang', HEAD]));
});
afterAll(() => stack?.close());

const report = async (token: string, query = '') => api.call<OfficeReport>('GET', `/api/reports/summary${query}`, { token });

describe('the office dashboard figures', () => {
  it('agree with the staff search, the quota ledger and the bank results, for the head of office', async () => {
    const { batch, paid, failed } = await officeWithFigures(deps, api, tokens);

    const r = await report(tokens[HEAD]!);
    expect(r.status, r.text).toBe(200);
    expect(r.json.regencyCode).toBe('36.71');

    // Every cell equals the search's total for the same status, programme and district.
    for (const cell of r.json.applications) {
      const search = await api.call<{ total: number }>('GET', `/api/applications?status=${cell.status}&programId=${cell.programId}&districtCode=${cell.districtCode}`, { token: tokens['penyetuju.tangerang'] });
      expect(search.json.total, `${cell.programId} ${cell.districtCode} ${cell.status}`).toBe(cell.count);
    }
    const all = await api.call<{ total: number }>('GET', '/api/applications', { token: tokens['penyetuju.tangerang'] });
    expect(r.json.applications.reduce((n, c) => n + c.count, 0)).toBe(all.json.total);

    // Finished waits: both approved households waited for verification and for approval, and were screened.
    const stage = Object.fromEntries(r.json.stageTimes.map((s) => [s.status, s]));
    expect(stage.PENDING_APPROVAL!.count).toBe(r.json.applications.filter((c) => c.status === 'APPROVED').reduce((n, c) => n + c.count, 0));
    expect(stage.PENDING_VERIFICATION!.count).toBeGreaterThanOrEqual(stage.PENDING_APPROVAL!.count);
    expect(stage.SCREENING!.count).toBe(all.json.total);
    for (const s of r.json.stageTimes.filter((t) => t.count > 0)) expect(s.p90Ms!).toBeGreaterThanOrEqual(s.medianMs!);

    // Places taken in the pelatihan quota of its district: the one application screened into it.
    const pelatihan = r.json.quotas.filter((q) => q.programId === 'pelatihan');
    expect(pelatihan.map((q) => q.districtCode)).toContain('36.71.03');
    expect(pelatihan.find((q) => q.districtCode === '36.71.03')).toMatchObject({ taken: 1, limit: 40 });
    expect(pelatihan.filter((q) => q.districtCode !== '36.71.03').every((q) => q.taken === 0)).toBe(true);

    // The bank's results: one paid, one failed (waiting in the pool for the next batch).
    const period = r.json.periods.find((p) => p.programId === 'sembako' && p.period === batch.period)!;
    expect(period.paid).toEqual({ count: 1, amount: paid.amount });
    expect(period.failed).toEqual({ count: 1, amount: failed.amount });

    // The same figures for every officer who may read them; the head of office reads no household.
    expect((await report(tokens['penyetuju.tangerang']!)).json).toEqual(r.json);
    expect((await report(tokens.admin!, '?regencyCode=36.71')).json).toEqual(r.json);
    expect((await report(tokens[HEAD]!, '?regencyCode=53.71')).status).toBe(403);
    const household = await api.call<{ message: string }>('GET', `/api/applications/${paid.applicationId}`, { token: tokens[HEAD] });
    expect(household.status).toBe(403);
    expect(household.json.message).toContain('pimpinan');
    expect((await api.call('GET', '/api/applications', { token: tokens[HEAD] })).status).toBe(403);
  });
});
