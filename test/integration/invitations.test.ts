/**
 * Printable invitations through the real gateway (issue #9 deliverable 5): a PDF of one page per POS household of an
 * approved batch, for the batch's finance officers only, and every download on the batch's audit trail.
 */
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { requestPayoutBatch } from '../../shared/use-cases/payout-build.ts';
import type { ApiClient } from '../support/api.ts';
import { approvedApplication } from '../support/approved.ts';
import { FINANCE_TANGERANG, batchIn, sentBatch, payoutSession } from '../support/sent-batch.ts';

let stack: LocalStack;
let api: ApiClient;
let deps: Deps;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  ({ stack, api, deps } = await payoutSession(tokens, ['verifikator.tangerang', 'penyetuju.tangerang', 'admin', 'keuangan.tangerang']));
});
afterAll(() => stack?.close());

/** `token` '' sends none. */
const download = (batchId: string, query = '', token = tokens['keuangan.tangerang']) =>
  fetch(`${stack.url}/api/payout-batches/${batchId}/invitations${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('invitations of a payout batch', () => {
  it('refuses a batch that is not approved yet, saying so in both languages', async () => {
    await approvedApplication(api, tokens, { programId: 'sembako' }, { payout: { method: 'POS', districtCode: '36.71.01' } });
    const { batchId } = await requestPayoutBatch(deps, FINANCE_TANGERANG, { programId: 'sembako', period: await nextPeriod() });
    await batchIn(api, tokens, batchId, 'AWAITING_APPROVAL');
    const r = await download(batchId);
    expect(r.status).toBe(409);
    expect(((await r.json()) as { message: string }).message).toMatch(/setelah kumpulan pembayaran disetujui.*menunggu persetujuan \/ .*once the payout batch is approved.*awaiting approval/);
    expect((await deps.audit.list(batchId)).filter((e) => e.action === 'INVITATIONS_DOWNLOADED')).toEqual([]);
  });

  it('gives a finance officer of the city a PDF of one page per POS household, and records the download', async () => {
    const { batch, instructions } = await sentBatch(deps, api, tokens, 3, { atPostOffice: 2 });
    expect(instructions.filter((i) => i.method === 'POS')).toHaveLength(2);
    const r = await download(batch.batchId, '?days=10');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="undangan-${batch.batchId}-bagian-1.pdf"`);
    expect(r.headers.get('x-invitation-next-part')).toBeNull();
    const pdf = Buffer.from(await r.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(2);
    const events = (await deps.audit.list(batch.batchId)).filter((e) => e.action === 'INVITATIONS_DOWNLOADED');
    expect(events.map((e) => [e.actor, e.detail])).toEqual([['keuangan.tangerang', { part: '1', pages: '2', sha256: createHash('sha256').update(pdf).digest('hex') }]]);

    expect((await download(batch.batchId, '?part=2')).status).toBe(404);
    expect((await download(batch.batchId, '?days=0')).status).toBe(400);
    expect((await download(batch.batchId, '', tokens['penyetuju.tangerang'])).status).toBe(403);
    expect((await download(batch.batchId, '', tokens.admin)).status).toBe(403);
    expect((await download(batch.batchId, '', '')).status).toBe(401);
    expect((await deps.audit.list(batch.batchId)).filter((e) => e.action === 'INVITATIONS_DOWNLOADED')).toHaveLength(1);
  });

  it('refuses a batch without POS households: there is nothing to print', async () => {
    const { batch } = await sentBatch(deps, api, tokens, 1);
    const r = await download(batch.batchId);
    expect(r.status).toBe(409);
    expect(((await r.json()) as { message: string }).message).toMatch(/tidak memiliki penerima yang mengambil di Kantor Pos.* \/ .*no households that collect at the post office/);
  });
});

/** The period a new sembako enrolment is first owed. */
async function nextPeriod() {
  const programs = (await api.call<Array<{ id: string; currentPeriod: string }>>('GET', '/api/programs')).json;
  return programs.find((p) => p.id === 'sembako')!.currentPeriod;
}
