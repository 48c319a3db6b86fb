/**
 * The staff console in a real browser (Debian's chromium through playwright-core) against the whole stack in
 * memory, at phone width: two officers take an application through verification and approval, a verifier asks for
 * information and rejects another with a reason from the list, and the applicant reads each step on the status page.
 * The applicant's own form is in web-apply.test.ts, offline in web-offline.test.ts.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { REJECTION_REASONS, reasonCodesFor } from '../../shared/domain/reason-codes.ts';
import { apiClient } from '../support/api.ts';
import { phonePage as newPhonePage, PHONE, type Seen, text } from '../support/applicant.ts';
import { launchChromium } from '../support/chromium.ts';
import { applicationBody } from '../support/fixtures.ts';

const SCREENSHOTS = join(tmpdir(), 'jaring-e2e-screenshots');
/** Elderly 1, children 2, a woman at its head: the priority factors the verifier reads. */
const BODY = applicationBody({ districtCode: '36.71.01', birthDate: '1984-03-17', gender: 'F', serial: 4242 });
const NIK = BODY.nik;
const reasonOf = (code: string) => REJECTION_REASONS.find((r) => r.code === code)!;

let stack: LocalStack;
let browser: Browser;
const seen: Seen = { requested: [], pageErrors: [] };
let reference = '';
let applicationId = '';

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [stack, browser] = await Promise.all([startLocalStack(), launchChromium()]);
  const created = await apiClient(stack.url).call<{ applicationId: string; reference: string }>('POST', '/api/applications', {
    body: { ...BODY, household: { ...BODY.household, elderly: 1, children: 2, femaleHeaded: true } },
  });
  expect(created.status, created.text).toBe(201);
  ({ reference, applicationId } = created.json);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const phonePage = (): Promise<Page> => newPhonePage(browser, seen);

async function staffLogin(page: Page, username: string) {
  await page.goto(`${stack.url}/staff.html`);
  await page.fill('#username', username);
  await page.fill('#password', 'jaring-dev');
  await page.click('#login-submit');
  await page.locator('#work-view').waitFor();
}

/** The workflow opens tasks asynchronously: reload the queue until the application's task is listed. */
async function waitForTask(page: Page, ref: string) {
  const task = page.locator('.task', { hasText: ref });
  for (let i = 0; i < 60 && !(await task.count()); i++) {
    await page.waitForTimeout(250);
    await page.click('#reload');
    await page.locator('#list-status', { hasNotText: /Memuat|Loading/ }).waitFor();
  }
  return task;
}

/** The status page, as the applicant checks it. */
async function applicantStatus(ref: string, nik: string): Promise<Page> {
  const page = await phonePage();
  await page.goto(`${stack.url}/status.html?ref=${ref}`);
  await page.fill('#nik', nik);
  await page.click('#submit');
  return page;
}

describe('the staff console', () => {
  it('lets a verifier log in, find the task, open the application, claim it, ask for information and approve', async () => {
    const page = await phonePage();
    await staffLogin(page, 'verifikator.tangerang');
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toContain('jaring.staff');
    expect(await page.evaluate(() => Object.keys(localStorage))).not.toContain('jaring.staff');
    expect(await page.locator('#queue-verification').isChecked()).toBe(true);
    const task = await waitForTask(page, reference);
    expect(await text(page, `.task:has-text("${reference}")`)).toMatch(/Prioritas \d+.*Sisa \d+ hari.*Tidak ada di DTSEN.*Belum diklaim/);
    expect(await task.getAttribute('data-task-id')).toBe(`${applicationId}.verification`);

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
    const applicant = await applicantStatus(reference, NIK);
    await applicant.locator('#info-request').waitFor();
    expect(await text(applicant, '#info-request')).toMatch(/Yang dibutuhkan kantor dari Anda.*Mohon bawa fotokopi KK ke kantor kelurahan\./);
    // What to bring: the programme's documents, beside the officer's words.
    expect(await text(applicant, '#info-documents')).toMatch(/KTP.*Kartu Keluarga/);
    expect(await applicant.locator('#withdraw').isVisible()).toBe(true);
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
    const page = await applicantStatus(reference, NIK);
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

    const applicant = await applicantStatus(rejected.reference, body.nik);
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
    const older = await applicantStatus(rejected.reference, body.nik);
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

    const applicant = await applicantStatus(reference, NIK);
    await applicant.locator('#status-badge[data-status=APPROVED]', { hasText: 'Disetujui' }).waitFor();
    expect(await applicant.locator('#info-request').isHidden()).toBe(true);
    // A final decision: no withdraw button; each payment scheduled by the enrolment is listed.
    expect(await applicant.locator('#withdraw').isHidden()).toBe(true);
    await applicant.locator('#payment-list li', { hasText: 'dijadwalkan' }).first().waitFor();
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
    expect(seen.requested.length).toBeGreaterThan(20);
    expect(seen.requested.filter((url) => url.includes(NIK))).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
  });
});
