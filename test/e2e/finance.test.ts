/**
 * The finance console in a real browser (Debian's chromium through playwright-core) against the whole local stack
 * (issue #9, deliverable 9): approved sembako households exist; keuangan.tangerang prepares a batch in the console,
 * which may not approve it; keuangan2.tangerang approves it; the payment file and invitations download; the bank
 * simulator's result file settles the batch and its exceptions are resolved. A checker's rejection without a
 * reason gets the server's message, and the maker can cancel. Behaviour is asserted, not screenshots.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/catalog.ts';
import { simulateBank } from '../../local/bank-simulator.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { paymentReference } from '../../shared/domain/payment-reference.ts';
import { paymentFileKey } from '../../shared/domain/payout-batch.ts';
import { INLINE_FILE_MAX_BYTES } from '../../shared/use-cases/payout-files.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { approvedApplication } from '../support/approved.ts';
import { digestOf, paymentFileStore, paymentRows } from '../support/payment-files.ts';

const MAKER = 'keuangan.tangerang';
const CHECKER = 'keuangan2.tangerang';
const WORKFLOW_WAIT = { timeout: 30_000 };

const routeLanded = (suffix: string) => HTTP_ROUTES.some((r) => r.path === `/api/payout-batches/{batchId}${suffix}`);
const HAS_PAYMENT_FILE = routeLanded('/payment-file');
const HAS_RECONCILIATION = routeLanded('/reconciliation') && routeLanded('/exceptions') && HAS_PAYMENT_FILE;

let stack: LocalStack;
let browser: Browser;
let api: ApiClient;
const tokens: Record<string, string> = {};
const pageErrors: string[] = [];
const violations: string[] = [];
let batchId = '';
let paymentFile: Buffer | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack(), launchChromium()]);
  api = apiClient(stack.url);
  for (const u of ['verifikator.tangerang', 'penyetuju.tangerang', 'admin', MAKER, CHECKER]) tokens[u] = await api.login(u);
  // Three approved sembako households of Kota Tangerang; the first collects at the post office.
  for (let i = 0; i < 3; i++) {
    await approvedApplication(api, tokens, { programId: 'sembako' }, i === 0 ? { payout: { method: 'POS', districtCode: '36.71.01' } } : {});
  }
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** What a person reads there (innerText: a term and its description stay apart), one space between words. */
const text = async (page: Page, selector: string) => (await page.innerText(selector)).replace(/\s+/g, ' ').trim();

/** A fresh desktop profile, logged in, that remembers every progress bar the console drew and every CSP violation. */
async function financePage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    const blocked: string[] = [];
    Object.assign(window, { progressSeen: seen, cspViolations: blocked });
    document.addEventListener('securitypolicyviolation', (e) => blocked.push(`${e.violatedDirective} ${e.blockedURI}`));
    new MutationObserver(() => {
      document.querySelectorAll('.progress-words').forEach((p) => {
        if (!seen.includes(p.textContent ?? '')) seen.push(p.textContent ?? '');
      });
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${stack.url}/staff.html`);
  await page.fill('#username', username);
  await page.fill('#password', 'jaring-dev');
  await page.click('#login-submit');
  await page.locator('#finance-view').waitFor();
  return page;
}

async function closePage(page: Page) {
  violations.push(...await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations));
  await page.context().close();
}

const badge = (page: Page, words: RegExp) => page.locator('#batch-detail .batch-figures .status-badge', { hasText: words }).waitFor(WORKFLOW_WAIT);

async function openFromList(page: Page, id: string) {
  const row = page.locator(`#batches li[data-batch-id="${id}"]`);
  await row.waitFor();
  await row.getByRole('button').click();
  await page.locator('#batch-detail').waitFor();
}

async function currentPeriod(programId: string) {
  const list = (await api.call<Array<{ id: string; currentPeriod: string }>>('GET', '/api/programs')).json;
  return list.find((p) => p.id === programId)!.currentPeriod;
}

describe('the finance console', () => {
  it('lands a finance officer on it; the maker prepares a batch, follows it to "menunggu persetujuan", and cannot approve it', async () => {
    const page = await financePage(MAKER);
    expect(await page.locator('#work-view').isHidden()).toBe(true);
    expect(await text(page, '#finance-title')).toBe('Pembayaran bantuan');
    await page.locator('#batch-program option[value=sembako]').waitFor({ state: 'attached' });
    // Only programmes that pay: the service ones (training, counselling) are not offered.
    const offered = await page.locator('#batch-program option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain('sembako');
    expect(offered).not.toContain('pelatihan');
    // Were one offered anyway (an older page), the server's refusal is shown next to the field, in words.
    await page.locator('#batch-program').evaluate((select: HTMLSelectElement) => {
      select.append(new Option('Pelatihan', 'pelatihan'));
      select.value = 'pelatihan';
      select.dispatchEvent(new Event('change'));
    });
    await page.click('#create-batch');
    await page.locator('#batch-program-error', { hasText: 'tidak membayar uang' }).waitFor();
    expect(await text(page, '#new-batch-summary')).not.toContain('programId.');

    await page.selectOption('#batch-program', 'sembako');
    const period = await currentPeriod('sembako');
    expect(await page.inputValue('#batch-period')).toBe(period);
    expect(await text(page, '#batch-period option:checked')).toMatch(/periode berjalan/);

    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/payout-batches') && r.request().method() === 'POST'),
      page.click('#create-batch'),
    ]);
    expect(created.status()).toBe(202);
    batchId = ((await created.json()) as { batchId: string }).batchId;
    await badge(page, /menunggu persetujuan/i);
    // Drawn from the 202 while the batch was being built: the progress bar and its words.
    expect(await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen)).toContain('Menyusun daftar penerima…');
    const figures = await text(page, '#batch-detail .batch-figures');
    expect(figures).toContain('3 penerima');
    expect(figures).toContain('Rp 600.000');
    expect(figures).toContain(`Disusun oleh ${MAKER}`);
    expect(await text(page, `#batches li[data-batch-id="${batchId}"]`)).toMatch(/Bantuan Sembako.*Menunggu persetujuan.*3 penerima.*Rp 600\.000.*Susunan Anda/);

    // The maker's own batch offers no approval, says why, and the API refuses it naming the rule.
    expect(await page.locator('#approve-batch').count()).toBe(0);
    expect(await text(page, '#maker-note')).toContain('petugas keuangan lain');
    await page.locator('#cancel-batch').waitFor();
    // Readable on a phone too: nothing wider than the screen (the file fingerprint wraps).
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const own = await api.call<{ message: string }>('POST', `/api/payout-batches/${batchId}/approve`, { token: tokens[MAKER] });
    expect(own.status).toBe(403);
    expect(own.json.message).toMatch(/^Pemisahan tugas: keuangan\.tangerang menyusun/);
    await closePage(page);
  }, 60_000);

  it('lets the second officer approve; the batch reaches "menunggu hasil bank" and its files download', async () => {
    const page = await financePage(CHECKER);
    await openFromList(page, batchId);
    expect(await page.locator('#maker-note').count()).toBe(0);
    await page.click('#approve-batch');
    await page.locator('#batch-message.ok', { hasText: 'Disetujui' }).waitFor();
    await badge(page, /menunggu hasil bank/i);
    expect(await text(page, '#batch-detail .batch-figures')).toMatch(new RegExp(`Disetujui oleh ${CHECKER}`));

    if (HAS_PAYMENT_FILE) {
      const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#download-file')]);
      paymentFile = await readFile((await saved.path())!);
      const lines = paymentFile.toString('utf8').trim().split(/\r?\n/);
      expect(lines[0]).toMatch(/^"?record_type"?,"?reference"?/);
      expect(lines.filter((l) => /^"?D"?,/.test(l))).toHaveLength(3);
      expect(lines.at(-1)).toMatch(/^"?T"?,"?3"?,"?600000"?$/);
      await page.locator('#batch-message.ok', { hasText: 'diunduh' }).waitFor();

      // A national batch's file is over the inline limit: the console follows the 303 to s3rver and keeps the name.
      const key = paymentFileKey(batchId);
      const big = await paymentFileStore().write(key, paymentRows(9, INLINE_FILE_MAX_BYTES + 1024));
      const [linked] = await Promise.all([page.waitForEvent('download'), page.click('#download-file')]);
      expect(linked.suggestedFilename()).toMatch(new RegExp(`^pembayaran-sembako-.*-36\\.71-${batchId}\\.csv$`));
      expect(await digestOf(createReadStream((await linked.path())!))).toEqual(big);
      await page.locator('#batch-message.ok', { hasText: linked.suggestedFilename() }).waitFor();
      await paymentFileStore().write(key, Readable.from([paymentFile]));
    } else {
      await page.click('#download-file');
      await page.locator('#batch-message.error', { hasText: 'belum tersedia' }).waitFor();
    }

    const [invitations] = await Promise.all([page.waitForEvent('download'), page.click('#download-invitations')]);
    expect(invitations.suggestedFilename()).toBe(`undangan-${batchId}-bagian-1.pdf`);
    expect((await readFile((await invitations.path())!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // English through the language switch, amounts still in rupiah.
    await page.click('#lang');
    expect(await text(page, '#finance-title')).toBe('Aid payouts');
    expect(await text(page, '#batch-detail .batch-figures')).toMatch(/awaiting the bank's results.*3 recipients.*Rp 600\.000/i);
    await page.click('#lang');
    await closePage(page);
  }, 60_000);

  it.skipIf(!HAS_RECONCILIATION)('takes the bank simulator\'s result file, completes the batch, and lists the exceptions to resolve', async () => {
    const chunks: Buffer[] = [];
    await simulateBank([paymentFile!], new Writable({ write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); } }), { failRate: 0, seed: 7 });
    // One row the batch does not know: it becomes an exception, not a payment.
    const unknown = await paymentReference('no-such-entitlement', 1);
    const results = `${Buffer.concat(chunks).toString('utf8').trimEnd()}\r\n${unknown},PAID,SIM-X-1,200000,\r\n`;

    const page = await financePage(MAKER);
    await openFromList(page, batchId);
    // A malformed file first: the line's problem, and nothing recorded.
    await page.setInputFiles('#result-file', { name: 'salah.csv', mimeType: 'text/csv', buffer: Buffer.from('reference,result,bankRef\r\nABC,MAYBE,X\r\n') });
    await page.click('#upload-results button[type=submit]');
    await page.locator('#upload-results').locator('xpath=..').locator('.error-summary li', { hasText: 'Baris 2' }).first().waitFor();
    await badge(page, /menunggu hasil bank/i);

    await page.setInputFiles('#result-file', { name: 'hasil-bank.csv', mimeType: 'text/csv', buffer: Buffer.from(results) });
    await page.click('#upload-results button[type=submit]');
    await page.locator('#batch-message.ok', { hasText: /Dibayar 3, gagal 0, perlu diperiksa 1/ }).waitFor();
    expect(await text(page, '#batch-message')).toContain('kumpulan ini selesai');
    await badge(page, /selesai/i);
    const exception = page.locator('#exceptions li[data-kind=UNKNOWN_REFERENCE]');
    await exception.waitFor();
    const listed = await text(page, '#exceptions');
    for (const words of ['Referensi tidak dikenal', 'Belum selesai', 'Baris 5', `Referensi pembayaran ${unknown}`]) expect(listed).toContain(words);
    await exception.locator('textarea').fill('Bukan baris kumpulan ini; sudah dikonfirmasi ke bank.');
    await exception.getByRole('button', { name: 'Tandai selesai' }).click();
    await page.locator('#exceptions li[data-kind=UNKNOWN_REFERENCE] .tag', { hasText: /^Selesai$/ }).waitFor();
    await closePage(page);
  }, 60_000);

  it('shows the server\'s message when the checker rejects without a reason, then rejects; the maker can cancel their own', async () => {
    await approvedApplication(api, tokens, { programId: 'sembako' });
    const period = await currentPeriod('sembako');
    const made = await api.call<{ batchId: string }>('POST', '/api/payout-batches', { token: tokens[MAKER], body: { programId: 'sembako', period } });
    expect(made.status, made.text).toBe(202);
    await api.until('awaiting approval', async () =>
      (await api.call<{ status: string }>('GET', `/api/payout-batches/${made.json.batchId}`, { token: tokens[MAKER] })).json.status === 'AWAITING_APPROVAL');

    const page = await financePage(CHECKER);
    await openFromList(page, made.json.batchId);
    await page.click('#reject-batch button[type=submit]');
    await page.locator('#reject-reason-error').waitFor();
    expect(await text(page, '#reject-reason-error')).not.toBe('');
    expect(await page.getAttribute('#reject-reason', 'aria-invalid')).toBe('true');
    await badge(page, /menunggu persetujuan/i);
    await page.fill('#reject-reason', 'Periode ini sudah dibayar lewat kumpulan lain.');
    await page.click('#reject-batch button[type=submit]');
    await page.locator('#batch-message.ok', { hasText: 'Ditolak' }).waitFor();
    await badge(page, /ditolak/i);
    expect(await text(page, '#batch-detail .batch-figures')).toContain('Periode ini sudah dibayar lewat kumpulan lain.');
    await closePage(page);

    // The maker takes a new batch back before anyone approves it.
    await approvedApplication(api, tokens, { programId: 'sembako' });
    const maker = await financePage(MAKER);
    await maker.selectOption('#batch-program', 'sembako');
    await maker.click('#create-batch');
    await maker.locator('#cancel-batch').waitFor(WORKFLOW_WAIT);
    await maker.fill('#cancel-reason', 'Salah pilih periode.');
    await maker.click('#cancel-batch button[type=submit]');
    await maker.locator('#batch-message.ok', { hasText: 'Dibatalkan' }).waitFor();
    await badge(maker, /dibatalkan/i);
    await closePage(maker);
  }, 60_000);

  it('had no script error, and nothing blocked by the Content-Security-Policy, in any page', () => {
    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  });
});
