/**
 * The web pages in a real browser (Debian's chromium through playwright-core) against the whole stack in
 * memory: an applicant applies in Bahasa Indonesia at phone width, follows the status page, meets the server's
 * field messages (in English too), and two officers take the application through verification and approval in
 * the staff console. Screenshots go to a temporary folder for a person to look at; nothing here depends on them.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient } from '../support/api.ts';
import { applicationBody, nikFor } from '../support/fixtures.ts';
import { REJECTION_REASONS, reasonCodesFor } from '../../shared/domain/reason-codes.ts';
import { MESSAGES } from '../../shared/schemas/messages.ts';

const SCREENSHOTS = join(tmpdir(), 'jaring-e2e-screenshots');
const PHONE = { width: 360, height: 800 };

const BIRTH_DATE = '1984-03-17';
const NIK = nikFor('36.71.01', BIRTH_DATE, 'F', 4242);
/** The date part of a man born that day: the form (and the server) refuse it for a woman. */
const WRONG_NIK = nikFor('36.71.01', BIRTH_DATE, 'M', 4243);
const reasonOf = (code: string) => REJECTION_REASONS.find((r) => r.code === code)!;
const UNKNOWN_DISTRICT_NIK = nikFor('36.71.99', BIRTH_DATE, 'F', 4243);

let stack: LocalStack;
let browser: Browser;
/** Every URL any page asked for: the NIK must never be in one. */
const requested: string[] = [];
/** Script errors in any page. */
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [stack, browser] = await Promise.all([startLocalStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A fresh phone-sized browser profile (own localStorage and sessionStorage). */
async function phonePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID' });
  const page = await context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

async function fillApplication(page: Page, nik: string) {
  await page.locator('#program-sembako').check();
  await page.fill('#nik', nik);
  await page.fill('#kk', '3671010101004242');
  await page.fill('#fullName', 'Siti Aminah');
  await page.fill('#birthDate', BIRTH_DATE);
  await page.locator('#gender-F').check();
  await page.fill('#phone', '0812 3456 7890');
  await page.selectOption('#province', { label: 'Banten' });
  await page.selectOption('#regency', { label: 'Kota Tangerang' });
  await page.selectOption('#district', { label: 'Tangerang' });
  await page.selectOption('#village', { label: 'Sukarasa' });
  await page.fill('#street', 'Jl. Merdeka No. 10, RT 01/RW 02');
  await page.fill('#members', '4');
  await page.fill('#income', '1.500.000');
  await page.fill('#elderly', '1');
  await page.fill('#children', '2');
  await page.locator('#femaleHeaded').check();
  await page.selectOption('#bank', '002');
  await page.fill('#accountNumber', '123401234567');
  await page.fill('#accountName', 'Siti Aminah');
  await page.locator('#consent').check();
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();

async function staffLogin(page: Page, username: string) {
  await page.goto(`${stack.url}/staff.html`);
  await page.fill('#username', username);
  await page.fill('#password', 'jaring-dev');
  await page.click('#login-submit');
  await page.locator('#work-view').waitFor();
}

/** The workflow opens tasks asynchronously: reload the queue until the application's task is listed. */
async function waitForTask(page: Page, reference: string) {
  const task = page.locator('.task', { hasText: reference });
  for (let i = 0; i < 60 && !(await task.count()); i++) {
    await page.waitForTimeout(250);
    await page.click('#reload');
    await page.locator('#list-status', { hasNotText: /Memuat|Loading/ }).waitFor();
  }
  return task;
}

let reference = '';
let applicationId = '';

describe('the applicant form (Bahasa Indonesia, 360 px)', () => {
  it('takes an application with cascading region selects and shows the reference to write down', async () => {
    const page = await phonePage();
    await page.goto(stack.url);
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await text(page, 'h1')).toBe('Daftar bantuan sosial');
    await page.locator('#program-sembako').waitFor();
    // Only open programmes can be chosen; each shows its amount and period.
    expect(await text(page, 'label[for=program-sembako]')).toMatch(/Bantuan Sembako.*Rp.*200\.000 per bulan/);
    // Once the province is chosen, the list is asked again on its clock (Banten: WIB); the choice stays.
    const onBantenClock = page.waitForResponse((r) => r.url().endsWith('/api/programs?provinceCode=36'));
    await fillApplication(page, NIK);
    expect((await onBantenClock).status()).toBe(200);
    expect(await page.isChecked('#program-sembako')).toBe(true);
    expect(await text(page, '#income-preview')).toMatch(/1\.500\.000/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'form-360-top.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'form-360-full.png'), fullPage: true });

    await page.click('#submit');
    await page.locator('#done').waitFor();
    reference = await text(page, '#done-reference');
    expect(reference).toMatch(/^JRG-\d{4}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(await text(page, '#done')).toContain('Tulis nomor ini');
    expect(await page.locator('#apply').isHidden()).toBe(true);
    expect(await page.inputValue('#nik')).toBe(''); // not left on a shared phone's screen
    await page.screenshot({ path: join(SCREENSHOTS, 'done-360.png') });

    // The link carries the reference only; the status page asks for the NIK again.
    await page.click('#done-status');
    await page.waitForURL(/status\.html\?ref=/);
    expect(await page.inputValue('#reference')).toBe(reference);
    await page.fill('#nik', NIK);
    await page.click('#submit');
    await page.locator('#status-badge', { hasText: 'Menunggu verifikasi' }).waitFor({ timeout: 20_000 });
    expect(await page.getAttribute('#status-badge', 'data-status')).toBe('PENDING_VERIFICATION');
    expect(await text(page, '#timeline')).toContain('Diterima');
    expect(await text(page, '#r-program')).toBe('Bantuan Sembako');
    await page.screenshot({ path: join(SCREENSHOTS, 'status-360.png'), fullPage: true });

    // A wrong NIK for a real reference: the same "not found" as an unknown reference.
    await page.fill('#nik', WRONG_NIK);
    await page.click('#submit');
    await page.locator('#error-summary', { hasText: 'Permohonan tidak ditemukan' }).waitFor();
    expect(await page.locator('#result').isHidden()).toBe(true);
    await page.context().close();
  });

  it('keeps the programme list of the province picked when the first, province-less list answers last', async () => {
    const page = await phonePage();
    let releaseFirst = () => {};
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstAnswered = () => {};
    const firstDone = new Promise<void>((resolve) => (firstAnswered = resolve));
    // A slow link: the list asked for at page load (on WIB) arrives only after the province's, marked by its period.
    await page.route((url) => url.pathname === '/api/programs' && url.search === '', async (route) => {
      const response = await route.fetch();
      const list = (await response.json()) as Array<Record<string, unknown>>;
      await firstHeld;
      await route.fulfill({ response, json: list.map((p) => ({ ...p, currentPeriod: '2000-01' })) });
      firstAnswered();
    });
    await page.goto(stack.url);
    await page.selectOption('#province', { label: 'Nusa Tenggara Timur' });
    await page.locator('#program-sembako').waitFor();
    releaseFirst();
    await firstDone;
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100))); // let the page take the late answer
    expect(await text(page, 'label[for=program-sembako]')).not.toContain('2000');
    await page.context().close();
  });

  it("shows the server's own message next to the NIK, before sending, when its date part does not match the birth date", async () => {
    const page = await phonePage();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await page.goto(stack.url);
    await page.locator('#program-sembako').waitFor();
    await fillApplication(page, WRONG_NIK);
    await page.click('#submit');
    await page.locator('#nik-error').waitFor();
    // Caught on the phone with the rule and words of shared/ (js/shared.js): no round trip on a slow connection.
    expect(posts).toEqual([]);
    expect(await text(page, '#nik-error')).toContain(MESSAGES['nik.birth'].id);
    expect(await page.getAttribute('#nik', 'aria-invalid')).toBe('true');
    expect(await text(page, '#error-summary')).toContain(`NIK (Nomor Induk Kependudukan): ${MESSAGES['nik.birth'].id}`);
    // The summary takes the focus, and its link leads to the field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await page.click('#error-summary a');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('nik');
    await page.screenshot({ path: join(SCREENSHOTS, 'form-360-error.png') });
    await page.context().close();
  });

  it('switches to English, remembers it, gets English messages from the server, and says where an earlier reference was sent', async () => {
    const page = await phonePage();
    const languages: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/applications')) languages.push(request.headers()['accept-language'] ?? '');
    });
    await page.goto(stack.url);
    await page.click('#lang');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(page, 'h1')).toBe('Apply for social aid');
    await page.reload();
    expect(await text(page, 'label[for=fullName]')).toBe('Full name (as on your ID card)');
    expect(await text(page, '#lang')).toBe('Bahasa Indonesia');
    await page.locator('#program-sembako').waitFor();
    expect(await text(page, 'label[for=program-sembako]')).toMatch(/Food aid \(staples\).*200\.000 a month/);

    // Only the server knows every district: its message comes back in English.
    await fillApplication(page, UNKNOWN_DISTRICT_NIK);
    await page.click('#submit');
    await page.locator('#nik-error').waitFor();
    expect(await text(page, '#nik-error')).toBe(MESSAGES['nik.district'].en);
    expect(languages).toEqual(['en']);

    // The right NIK, but this person already applied to this programme this period: no reference on the page, the
    // number on file masked (the reference went to it by SMS).
    await page.fill('#nik', NIK);
    await page.click('#submit');
    await page.locator('#duplicate').waitFor();
    expect(await text(page, '#dup-title')).toBe('You have already applied');
    expect(await text(page, '#dup-phone')).toMatch(/^\*{4}\d{4}$/);
    expect(await page.innerText('body')).not.toContain(reference);
    expect(await page.getAttribute('#dup-status', 'href')).toBe('status.html');
    await page.context().close();
  });
});

describe('the staff console', () => {
  it('lets a verifier log in, find the task, open the application, claim it, ask for information and approve', async () => {
    const page = await phonePage();
    await staffLogin(page, 'verifikator.tangerang');
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toContain('jaring.staff');
    expect(await page.evaluate(() => Object.keys(localStorage))).not.toContain('jaring.staff');
    expect(await page.locator('#queue-verification').isChecked()).toBe(true);
    const task = await waitForTask(page, reference);
    expect(await text(page, `.task:has-text("${reference}")`)).toMatch(/Prioritas \d+.*Sisa \d+ hari.*Tidak ada di DTSEN.*Belum diklaim/);
    applicationId = ((await task.getAttribute('data-task-id')) ?? '').replace(/\.verification$/, '');

    await task.getByRole('button', { name: `Buka ${reference}` }).click();
    await page.locator('#detail-title', { hasText: reference }).waitFor();
    const detail = await text(page, '#detail');
    expect(detail).toContain(`${NIK.slice(0, 4)}************`);
    expect(detail).not.toContain(NIK);
    expect(detail).toMatch(/Faktor prioritas.*1 anggota lansia \+10.*2 anak \+10.*Kepala keluarga perempuan \+15/);
    expect(detail).toContain('Sukarasa'); // the village by name, not only its code

    await page.getByRole('button', { name: 'Klaim tugas' }).click();
    await page.locator('#action-message', { hasText: 'Tugas diklaim oleh verifikator.tangerang' }).waitFor();

    await page.fill('#info-text', 'Mohon bawa fotokopi KK ke kantor kelurahan.');
    await page.getByRole('button', { name: 'Kirim permintaan' }).click();
    await page.locator('#action-message', { hasText: 'Permintaan terkirim' }).waitFor();

    // The applicant sees the request while the verifier has still to decide.
    const applicant = await phonePage();
    await applicant.goto(`${stack.url}/status.html?ref=${reference}`);
    await applicant.fill('#nik', NIK);
    await applicant.click('#submit');
    await applicant.locator('#info-request').waitFor();
    expect(await text(applicant, '#info-request')).toMatch(/Yang dibutuhkan kantor dari Anda.*Mohon bawa fotokopi KK ke kantor kelurahan\./);
    await applicant.context().close();

    // The reason is chosen from the verification stage's catalogue codes, never typed; none chosen is stopped
    // before it is sent.
    expect(await page.locator('#reason-code option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)))
      .toEqual(['', ...reasonCodesFor('verification')]);
    await page.locator('#decision-REJECT').check();
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    await page.locator('#reason-error', { hasText: 'pilih dari daftar' }).waitFor();

    await page.locator('#decision-APPROVE').check();
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    await page.locator('#action-message', { hasText: 'Keputusan tersimpan: disetujui' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-360-detail.png'), fullPage: true });

    // Deciding again differently (as from a second tab still showing the form) is refused by the server, and
    // its message is shown.
    await page.locator('#detail').evaluate((d) => d.querySelectorAll('[disabled]').forEach((c) => c.removeAttribute('disabled')));
    await page.locator('#decision-REJECT').check();
    await page.selectOption('#reason-code', 'NOT_AT_ADDRESS');
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    await page.locator('#action-message.error', { hasText: 'Tugas ini sudah diputuskan' }).waitFor();

    await page.click('#logout');
    await page.locator('#login-view').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('jaring.staff'))).toBeNull();
    await page.context().close();
  });

  it('stops showing the verifier\'s request once verification is decided', async () => {
    const page = await phonePage();
    await page.goto(`${stack.url}/status.html?ref=${reference}`);
    await page.fill('#nik', NIK);
    await page.click('#submit');
    await page.locator('#status-badge', { hasText: 'Menunggu persetujuan' }).waitFor();
    expect(await page.locator('#info-request').isHidden()).toBe(true);
    await page.context().close();
  });

  it('lets a verifier reject with a reason from the list, whose explanation the applicant then reads', async () => {
    const api = apiClient(stack.url);
    const body = applicationBody({ districtCode: '36.71.01', birthDate: '1990-07-02', gender: 'M', serial: 4244 });
    const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
    expect(created.status, created.text).toBe(201);
    const rejected = created.json;

    const page = await phonePage();
    await staffLogin(page, 'verifikator.tangerang');
    const task = await waitForTask(page, rejected.reference);
    await task.getByRole('button', { name: `Buka ${rejected.reference}` }).click();
    await page.locator('#detail-title', { hasText: rejected.reference }).waitFor();
    await page.locator('#decision-REJECT').check();
    // Labels in the page's language; choosing one shows what the applicant will read.
    const reason = reasonOf('DOCUMENTS_INCOMPLETE');
    await page.selectOption('#reason-code', { label: reason.label.id });
    expect(await text(page, '#reason-preview')).toContain(reason.explanation.id);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-360-reject.png'), fullPage: true });
    const [sent] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/decision') && r.method() === 'POST'),
      page.getByRole('button', { name: 'Simpan keputusan' }).click(),
    ]);
    expect(sent.postDataJSON()).toEqual({ decision: 'REJECT', reasonCode: 'DOCUMENTS_INCOMPLETE' });
    await page.locator('#action-message', { hasText: 'Keputusan tersimpan: ditolak' }).waitFor();
    await page.context().close();

    const token = await api.login('verifikator.tangerang');
    await api.until('REJECTED', async () =>
      (await api.call<{ status: string }>('GET', `/api/applications/${rejected.applicationId}`, { token })).json.status === 'REJECTED');

    const applicant = await phonePage();
    await applicant.goto(`${stack.url}/status.html?ref=${rejected.reference}`);
    await applicant.fill('#nik', body.nik);
    await applicant.click('#submit');
    await applicant.locator('#status-badge[data-status=REJECTED]', { hasText: 'Tidak disetujui' }).waitFor();
    await applicant.locator('#reason-list li[data-code=DOCUMENTS_INCOMPLETE]').waitFor();
    const reasons = await text(applicant, '#reason-list');
    for (const words of [reason.label.id, reason.explanation.id, reason.nextStep.id]) expect(reasons).toContain(words);
    expect(reasons).not.toContain('DOCUMENTS_INCOMPLETE'); // the applicant reads words, not a code
    expect(await applicant.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await applicant.screenshot({ path: join(SCREENSHOTS, 'status-360-rejected.png'), fullPage: true });
    await applicant.click('#lang');
    await applicant.locator('#reason-list', { hasText: reason.label.en }).waitFor();
    for (const words of [reason.explanation.en, reason.nextStep.en]) expect(await text(applicant, '#reason-list')).toContain(words);
    await applicant.context().close();

    // A code from before the catalogue (older data) is never published: the applicant reads "another reason".
    const dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await DynamoDBDocumentClient.from(dynamo).send(new UpdateCommand({
      TableName: LOCAL_TABLE_NAME, Key: keys.application(rejected.applicationId),
      UpdateExpression: 'SET reasonCodes = :codes', ExpressionAttributeValues: { ':codes': ['DOCUMENTS_INCOMPLETE', 'KODE_LAMA'] },
    }));
    dynamo.destroy();
    const older = await phonePage();
    await older.goto(`${stack.url}/status.html?ref=${rejected.reference}`);
    await older.fill('#nik', body.nik);
    await older.click('#submit');
    await older.locator('#reason-list li', { hasText: reasonOf('OTHER').label.id }).waitFor();
    expect(await text(older, '#reason-list')).toContain(reason.label.id);
    expect(await text(older, '#reason-list')).not.toContain('KODE_LAMA');
    await older.context().close();
  });

  it('lets an approver approve, after which the applicant sees APPROVED', async () => {
    const page = await phonePage();
    await staffLogin(page, 'penyetuju.tangerang');
    expect(await page.locator('#queue-approval').isChecked()).toBe(true);
    const task = await waitForTask(page, reference);
    await task.getByRole('button', { name: `Buka ${reference}` }).click();
    await page.locator('#detail-title', { hasText: reference }).waitFor();
    await page.locator('#decision-APPROVE').check();
    await page.fill('#decision-note', 'Sesuai hasil verifikasi.');
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    await page.locator('#action-message', { hasText: 'Keputusan tersimpan: disetujui' }).waitFor();
    await page.locator('.task', { hasText: reference }).waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-1280.png'), fullPage: true });
    await page.context().close();

    const api = apiClient(stack.url);
    const token = await api.login('penyetuju.tangerang');
    await api.until('APPROVED', async () =>
      (await api.call<{ status: string }>('GET', `/api/applications/${applicationId}`, { token })).json.status === 'APPROVED');

    const applicant = await phonePage();
    await applicant.goto(`${stack.url}/status.html?ref=${reference}`);
    await applicant.fill('#nik', NIK);
    await applicant.click('#submit');
    await applicant.locator('#status-badge[data-status=APPROVED]', { hasText: 'Disetujui' }).waitFor();
    expect(await applicant.locator('#info-request').isHidden()).toBe(true);
    expect(await text(applicant, '#timeline')).toMatch(/^Disetujui.*Menunggu persetujuan.*Menunggu verifikasi.*Sedang diperiksa.*Diterima/);
    await applicant.click('#lang');
    expect(await text(applicant, '#status-badge')).toBe('Approved');
    await applicant.screenshot({ path: join(SCREENSHOTS, 'status-360-approved-en.png'), fullPage: true });

    // Checking too often: the page says how long to wait (the limit is 20 a minute per client).
    await applicant.click('#lang');
    for (let i = 0; i < 45 && !(await applicant.locator('#error-summary', { hasText: 'Terlalu sering' }).count()); i++) {
      await applicant.click('#submit');
      await applicant.locator('#submit:not([disabled])').waitFor();
    }
    expect(await text(applicant, '#error-summary')).toMatch(/Terlalu sering mencoba.*Tunggu \d+ detik/);
    await applicant.context().close();
  });

  it('never put the NIK in a URL, and no page had a script error', () => {
    expect(requested.length).toBeGreaterThan(20);
    expect(requested.filter((url) => url.includes(NIK) || url.includes(WRONG_NIK))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
