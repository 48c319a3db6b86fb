/**
 * The payout batch routes after disbursement, through the real gateway, dynalite and s3rver: the payment file download
 * (audited), the bank's result upload (by payment or application reference; hostile files refused whole), the
 * exceptions list and its resolution, returning a reversed payment to the pool, and the reports.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateBank } from '../../local/bank-simulator.ts';
import type { LocalStack } from '../../local/stack.ts';
import type { PaymentInstruction } from '../../shared/domain/payment-instruction.ts';
import { paymentFileKey } from '../../shared/domain/payout-batch.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { requestPayoutBatch } from '../../shared/use-cases/payout-build.ts';
import { INLINE_FILE_MAX_BYTES } from '../../shared/use-cases/payout-files.ts';
import type { ApiClient } from '../support/api.ts';
import { paymentRows } from '../support/payment-files.ts';
import { FINANCE_TANGERANG, batchIn, sentBatch, payoutSession } from '../support/sent-batch.ts';

let stack: LocalStack;
let api: ApiClient;
let deps: Deps;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  ({ stack, api, deps } = await payoutSession(tokens, ['verifikator.tangerang', 'penyetuju.tangerang', 'admin', 'keuangan.tangerang']));
});
afterAll(() => stack?.close());

const finance = () => tokens['keuangan.tangerang']!;
const batchPath = (batchId: string) => `/api/payout-batches/${batchId}`;

/** Uploads a result file as bytes, as a browser sends a chosen file. */
async function upload(batchId: string, body: string | Buffer, contentType = 'text/csv') {
  const r = await fetch(`${stack.url}${batchPath(batchId)}/reconciliation`, { method: 'POST', headers: { authorization: `Bearer ${finance()}`, 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

/** The result file the local bank answers for a payment file. */
async function bankAnswer(file: string, options: Parameters<typeof simulateBank>[2]) {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await simulateBank([Buffer.from(file)], out, options);
  return Buffer.concat(chunks).toString('utf8');
}

const statuses = (instructions: readonly PaymentInstruction[]) => Promise.all(instructions.map(async (i) => (await deps.settlements.getInstruction(i.reference))?.status));

describe('payment file download', () => {
  it('streams the file the workflow stored as a named CSV attachment, and audits every download', async () => {
    const { batch, instructions } = await sentBatch(deps, api, tokens, 2);
    const path = `${batchPath(batch.batchId)}/payment-file`;
    const summary = batch.paymentFile!;
    const r = await api.call('GET', path, { token: finance() });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="pembayaran-sembako-${batch.period}-36.71-${batch.batchId}.csv"`);
    expect(createHash('sha256').update(r.text).digest('hex')).toBe(summary.sha256);
    expect(r.text.split('\r\n')[0]).toContain('"application_reference"');
    for (const i of instructions) expect(r.text).toContain(`"${i.reference}","${i.applicationReference}"`);
    await api.call('GET', path, { token: finance() });

    const downloads = (await deps.audit.list(batch.batchId)).filter((e) => e.action === 'PAYMENT_FILE_DOWNLOADED');
    expect(downloads.map((e) => [e.actor, e.detail?.sha256])).toEqual([['keuangan.tangerang', summary.sha256], ['keuangan.tangerang', summary.sha256]]);
  });

  it('gives a file over the inline limit as a 303 to a short-lived S3 link, audited before it is given; a small one stays inline', async () => {
    const { batch } = await sentBatch(deps, api, tokens, 1);
    const path = `${batchPath(batch.batchId)}/payment-file`;
    const fileName = `pembayaran-sembako-${batch.period}-36.71-${batch.batchId}.csv`;
    // A national batch's file, stored through the real adapter as the export step stores it.
    const stored = await deps.paymentFiles.write(paymentFileKey(batch.batchId), paymentRows(1, INLINE_FILE_MAX_BYTES + 1024 * 1024));
    const r = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${finance()}` }, redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('x-content-sha256')).toBe(stored.sha256);
    const location = new URL(r.headers.get('location') ?? '');
    expect(location.origin).toBe(stack.s3Url);
    expect(location.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(Number(location.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    const downloads = (await deps.audit.list(batch.batchId)).filter((e) => e.action === 'PAYMENT_FILE_DOWNLOADED');
    expect(downloads.map((e) => [e.actor, e.detail])).toEqual([['keuangan.tangerang', { batchId: batch.batchId, fileName, sha256: stored.sha256, bytes: String(stored.size), delivery: 'link' }]]);

    // Followed as the console's fetch follows it: from the page's origin, without the token.
    const file = await fetch(location, { headers: { origin: stack.url } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${fileName}"`);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('access-control-allow-origin')).toBe(stack.url);
    expect(file.headers.get('access-control-expose-headers')).toMatch(/content-disposition/i);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect([bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([stored.size, stored.sha256]);

    const small = await deps.paymentFiles.write(paymentFileKey(batch.batchId), paymentRows(2, 4096));
    const inline = await api.call('GET', path, { token: finance() });
    expect([inline.status, inline.headers.get('x-content-sha256'), inline.headers.get('location')]).toEqual([200, small.sha256, null]);
    expect(createHash('sha256').update(inline.text).digest('hex')).toBe(small.sha256);
  });

  it('answers 409 before approval, 404 for no batch, 400 for a malformed id, 403 to admins and approvers', async () => {
    const requested = await requestPayoutBatch(deps, FINANCE_TANGERANG, { programId: 'sembako', period: '2031-01' });
    await batchIn(api, tokens, requested.batchId, 'AWAITING_APPROVAL', 'EMPTY');
    const early = await api.call('GET', `${batchPath(requested.batchId)}/payment-file`, { token: finance() });
    expect([early.status, early.json.message]).toEqual([409, expect.stringMatching(/berkas pembayaran baru ada setelah .* \/ .*its payment file exists only once/)]);
    expect((await api.call('GET', `${batchPath(randomUUID())}/payment-file`, { token: finance() })).status).toBe(404);
    expect((await api.call('GET', `${batchPath('not-a-batch')}/payment-file`, { token: finance() })).status).toBe(400);
    for (const officer of ['admin', 'penyetuju.tangerang']) {
      expect((await api.call('GET', `${batchPath(requested.batchId)}/payment-file`, { token: tokens[officer] })).status).toBe(403);
    }
    expect((await api.call('GET', `${batchPath(requested.batchId)}/payment-file`)).status).toBe(401);
  });
});

describe('reconciliation upload', () => {
  it('settles the bank simulator\'s answer quoting application references, completes the batch, and changes nothing the second time', async () => {
    const { batch, instructions } = await sentBatch(deps, api, tokens, 3);
    const file = (await api.call('GET', `${batchPath(batch.batchId)}/payment-file`, { token: finance() })).text;
    const results = await bankAnswer(file, { failRate: 0.4, seed: 3, quote: 'application' });
    expect(results).toContain(instructions[0]!.applicationReference);

    const first = await upload(batch.batchId, results);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ unmatched: 0, reversed: 0, alreadyApplied: 0, completed: true });
    expect(Number(first.json.paid) + Number(first.json.failed)).toBe(instructions.length);
    expect((await statuses(instructions)).every((s) => s === 'PAID' || s === 'FAILED')).toBe(true);
    expect((await upload(batch.batchId, results)).json).toEqual({ paid: 0, failed: 0, reversed: 0, unmatched: 0, alreadyApplied: instructions.length, completed: true });
  });

  it('refuses malformed, hostile and oversized files whole, with line numbers, and applies nothing', async () => {
    const { batch, instructions } = await sentBatch(deps, api, tokens, 2);
    const [a, b] = instructions as [PaymentInstruction, PaymentInstruction];
    const good = `${a.reference},PAID,FT1`;
    const cases: [string, string | Buffer, string, number, RegExp][] = [
      ['wrong columns', `ref,result,bankRef\n${good}\n`, 'text/csv', 1, /kolom "ref" tidak dikenal \/ unknown column "ref"/],
      ['a formula cell', `reference,result,bankRef\n${good}\n${b.reference},PAID,"=HYPERLINK(""x"")"\n`, 'text/csv', 3, /rumus spreadsheet ditolak \/ .*formula cells are refused/],
      ['Windows-1252', Buffer.concat([Buffer.from(`reference,result,bankRef,amount,reason\n${good},,\n${b.reference},FAILED,,,`), Buffer.from([0x4e, 0x61, 0x6d, 0x61, 0xe9, 0x0a])]), 'application/octet-stream', 3, /bukan teks UTF-8 .* \/ .*not UTF-8/],
      ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`reference,result,bankRef\n${good}\n`, 'utf16le')]), 'application/octet-stream', 1, /UTF-16/],
      ['a mistyped reference', `reference,result,bankRef\n${good}\nJRG-XXXX,PAID,FT2\n`, 'text/csv', 3, /bukan referensi pembayaran Jaring .* nomor permohonan/],
    ];
    for (const [what, body, type, line, message] of cases) {
      const r = await upload(batch.batchId, body, type);
      expect(r.status, what).toBe(400);
      expect(r.json.error, what).toBe('ValidationError');
      expect(r.json.issues, what).toEqual(expect.arrayContaining([{ path: `line ${line}`, line, message: expect.stringMatching(message) }]));
    }
    const huge = `reference,result,bankRef\n${`${good}\n`.repeat(Math.ceil((4 * 1024 * 1024) / good.length))}`;
    const tooLarge = await upload(batch.batchId, huge);
    expect([tooLarge.status, tooLarge.json.message]).toEqual([413, expect.stringMatching(/bagi menjadi beberapa berkas .* \/ .*split it into several files/)]);
    expect((await upload(batch.batchId, `{"reference":"${a.reference}"}`, 'application/json')).status).toBe(415);
    expect((await upload(batch.batchId, `${good}\n`, 'text/csv; charset=windows-1252')).status).toBe(415);

    expect(await statuses(instructions)).toEqual(instructions.map(() => 'SENT'));
    expect((await api.call<{ items: unknown[] }>('GET', `${batchPath(batch.batchId)}/exceptions`, { token: finance() })).json.items).toEqual([]);
  });
});

describe('exceptions, reversals and reports', () => {
  it('lists exceptions with what each kind means, resolves one once, and returns a reversed payment to the pool', async () => {
    const { batch, instructions } = await sentBatch(deps, api, tokens, 2);
    const [a, b] = instructions as [PaymentInstruction, PaymentInstruction];
    const other = await sentBatch(deps, api, tokens, 1);
    const foreign = other.instructions[0]!.applicationReference;
    const csv = ['reference,result,bankRef,amount', `${a.applicationReference},PAID,FTA,${a.amount}`, `${b.reference},PAID,FTB,${b.amount + 1}`, `${foreign},PAID,FTC,1`].join('\n');
    expect((await upload(batch.batchId, csv)).json).toMatchObject({ paid: 1, unmatched: 2, completed: false });
    expect((await upload(batch.batchId, `reference,result,bankRef,reason\n${a.reference},FAILED,FTA2,REKENING_DITUTUP\n`)).json).toMatchObject({ reversed: 1, unmatched: 1 });

    const list = await api.call<{ items: Record<string, unknown>[]; nextCursor: string | null }>('GET', `${batchPath(batch.batchId)}/exceptions?limit=10`, { token: finance() });
    expect(list.status).toBe(200);
    expect(list.json.nextCursor).toBeNull();
    const byKind = Object.fromEntries(list.json.items.map((e) => [e.kind, e]));
    expect(Object.keys(byKind).sort()).toEqual(['AMOUNT_MISMATCH', 'REVERSAL', 'UNKNOWN_REFERENCE']);
    expect(byKind.UNKNOWN_REFERENCE).toMatchObject({ reference: foreign, line: 4, resolved: false, detail: `permohonan ${foreign} tidak punya pembayaran di kumpulan ini / application ${foreign} has no payment in this batch` });
    for (const e of list.json.items) expect(e.description).toEqual({ id: expect.any(String), en: expect.any(String) });
    expect(byKind.REVERSAL).toMatchObject({ reference: a.reference, entitlementId: a.entitlementId });

    const resolve = (key: unknown, body: unknown) => api.call('POST', `${batchPath(batch.batchId)}/exceptions/${String(key)}/resolve`, { token: finance(), body });
    const resolved = await resolve(byKind.AMOUNT_MISMATCH!.key, { note: 'Bank mengonfirmasi nominal benar' });
    expect(resolved.json).toMatchObject({ key: byKind.AMOUNT_MISMATCH!.key, resolved: true, resolution: { by: 'keuangan.tangerang', note: 'Bank mengonfirmasi nominal benar' } });
    expect((await resolve(byKind.AMOUNT_MISMATCH!.key, { note: 'sekali lagi ya' })).status).toBe(409);
    expect((await resolve(byKind.UNKNOWN_REFERENCE!.key, { note: '' })).status).toBe(400);
    expect((await resolve('bm90LWEta2V5', { note: 'tidak ada kunci ini' })).status).toBe(404);

    const back = (token: string | undefined, body: unknown) => api.call('POST', `/api/entitlements/${a.entitlementId}/return-to-pool`, { token, body });
    expect((await back(tokens.admin, { reason: 'Rekening sudah dibuka lagi' })).status).toBe(403);
    const returned = await back(finance(), { reason: 'Rekening sudah dibuka lagi' });
    expect(returned.json).toMatchObject({ entitlementId: a.entitlementId, status: 'SCHEDULED', returned: { by: 'keuangan.tangerang', reason: 'Rekening sudah dibuka lagi' } });
    expect((await back(finance(), { reason: 'Rekening sudah dibuka lagi' })).status).toBe(409);
    expect((await api.call('POST', '/api/entitlements/nope/return-to-pool', { token: finance(), body: { reason: 'Rekening sudah dibuka' } })).status).toBe(400);
  });

  it('reports a batch per district and status, and a city per status x programme x district and period, to the roles that may see it', async () => {
    const { batch, instructions } = await sentBatch(deps, api, tokens, 3);
    const [a, b] = instructions as [PaymentInstruction, PaymentInstruction];
    await upload(batch.batchId, `reference,result,bankRef,reason\n${a.reference},PAID,FTA,\n${b.reference},FAILED,,REKENING_DORMAN\n`);

    const report = await api.call<{ total: { count: number; amount: number }; byStatus: Record<string, { count: number; amount: number }>; byDistrict: { total: { count: number; amount: number } }[] }>('GET', `${batchPath(batch.batchId)}/report`, { token: finance() });
    expect(report.status).toBe(200);
    expect(report.json.total).toEqual({ count: instructions.length, amount: batch.totalAmount });
    expect(report.json.byStatus).toEqual({ PAID: { count: 1, amount: a.amount }, FAILED: { count: 1, amount: b.amount }, SENT: { count: instructions.length - 2, amount: batch.totalAmount - a.amount - b.amount } });
    expect(report.json.byDistrict.reduce((n, d) => n + d.total.amount, 0)).toBe(batch.totalAmount);
    expect((await api.call('GET', `${batchPath(batch.batchId)}/report`, { token: tokens['penyetuju.tangerang'] })).status).toBe(403);

    type Summary = { regencyCode: string; counts: { programId: string; status: string; count: number; amount: number }[]; periods: { programId: string; period: string; scheduled: { count: number; amount: number }; paid: { count: number; amount: number } }[] };
    const summary = await api.call<Summary>('GET', '/api/reports/summary', { token: tokens['penyetuju.tangerang'] });
    expect(summary.status).toBe(200);
    expect(summary.json.regencyCode).toBe('36.71');
    const period = summary.json.periods.find((p) => p.programId === 'sembako' && p.period === batch.period)!;
    const sembako = summary.json.counts.filter((c) => c.programId === 'sembako');
    expect(period.paid.count).toBeGreaterThanOrEqual(1);
    expect(sembako.filter((c) => c.status === 'PAID').reduce((n, c) => n + c.count, 0)).toBe(summary.json.periods.filter((p) => p.programId === 'sembako').reduce((n, p) => n + p.paid.count, 0));
    expect(sembako.reduce((n, c) => n + c.amount, 0)).toBe(summary.json.periods.filter((p) => p.programId === 'sembako').reduce((n, p) => n + p.scheduled.amount, 0));
    expect((await api.call<Summary>('GET', '/api/reports/summary', { token: finance() })).json).toEqual(summary.json);

    expect((await api.call('GET', '/api/reports/summary', { token: tokens.admin })).status).toBe(400);
    expect((await api.call<Summary>('GET', '/api/reports/summary?regencyCode=36.71', { token: tokens.admin })).json).toEqual(summary.json);
    expect((await api.call('GET', '/api/reports/summary?regencyCode=53.71', { token: tokens['penyetuju.tangerang'] })).status).toBe(403);
    expect((await api.call('GET', '/api/reports/summary', { token: tokens['verifikator.tangerang'] })).status).toBe(403);
    expect((await api.call('GET', '/api/reports/summary?regencyCode=36', { token: tokens.admin })).status).toBe(400);
  });
});
