/**
 * The staff console's queue and search in a real browser against the whole stack in memory: a verifier's queue with
 * the server's total, filters, days left and the priority's reasons; claim keeps the keyboard focus, a decision
 * offers the next task; the audited full NIK; an admin's search by reference and its "more" page; banks by name.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';


let stack: LocalStack;
let browser: Browser;
let api: ApiClient;
const problems: string[] = [];
/** 12 in Tangerang district (36.71.01), one in Jatiuwung (36.71.02), the first overdue. */
const apps: { applicationId: string; reference: string; nik: string }[] = [];

async function submit(districtCode: string) {
  const body = applicationBody({ districtCode });
  body.household = { ...body.household, children: 2, elderly: 1 } as typeof body.household;
  const r = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
  if (r.status !== 201) throw new Error(`submit -> ${r.status} ${r.text}`);
  apps.push({ ...r.json, nik: body.nik });
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack(), launchChromium()]);
  api = apiClient(stack.url);
  await submit('36.71.02');
  for (let i = 0; i < 12; i++) await submit('36.71.01');
  const token = await api.login('verifikator.tangerang');
  for (const a of apps) await api.findTask(token, 'verification', a.applicationId);
  const dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await DynamoDBDocumentClient.from(dynamo).send(new UpdateCommand({
    TableName: LOCAL_TABLE_NAME, Key: keys.task(`${apps[0]!.applicationId}.verification`),
    UpdateExpression: 'SET dueAt = :past', ExpressionAttributeValues: { ':past': new Date(Date.now() - 3 * 86_400_000 - 60_000).toISOString() },
  }));
  dynamo.destroy();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function staffPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
  });
  await page.goto(`${stack.url}/staff.html`);
  await page.fill('#username', username);
  await page.fill('#password', 'jaring-dev');
  await page.click('#login-submit');
  await page.locator('#work-view').waitFor();
  return page;
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();
const listed = (page: Page) => page.locator('#list-status', { hasNotText: /Memuat/ }).waitFor();

describe('the verifier\'s queue', () => {
  it('shows the total, days left and the priority\'s reasons, and filters by district, overdue and reference', async () => {
    const page = await staffPage('verifikator.tangerang');
    await page.locator('#list-status', { hasText: 'dari 13 tugas' }).waitFor();
    const late = page.locator(`.task[data-task-id="${apps[0]!.applicationId}.verification"]`);
    await late.waitFor();
    expect(await late.textContent()).toMatch(/1 anggota lansia \+10.*2 anak \+10.*Lewat tenggat 3 hari.*Lewat tenggat/);
    expect(await text(page, `.task[data-task-id="${apps[1]!.applicationId}.verification"]`)).toMatch(/Prioritas 20.*Sisa \d+ hari/);

    await page.selectOption('#q-district', '36.71.02');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.locator('#list-status', { hasText: '1 dari 1 tugas' }).waitFor();
    expect(await page.locator('#tasks .task').count()).toBe(1);

    await page.selectOption('#q-district', '');
    await page.locator('#q-overdue').check();
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.locator('#list-status', { hasText: '1 dari 1 tugas ditampilkan, prioritas tertinggi' }).waitFor();
    await late.waitFor();

    await page.locator('#q-overdue').uncheck();
    await page.fill('#q-reference', apps[5]!.reference.toLowerCase());
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.locator('#list-status', { hasText: '1 dari 1 tugas' }).waitFor();
    expect(await text(page, '#tasks')).toContain(apps[5]!.reference);
    await page.context().close();
  });

  it('keeps the focus on the claim, offers the next task after a decision, and shows banks and actors in words', async () => {
    const page = await staffPage('verifikator.tangerang');
    await listed(page);
    const first = page.locator('#tasks .task').first();
    const firstId = await first.getAttribute('data-task-id');
    await first.getByRole('button', { name: /^Buka / }).click();
    await page.locator('#detail-title').waitFor();
    const detail = await text(page, '#detail');
    expect(detail).toContain('BRI (Bank Rakyat Indonesia), rekening ****4567');
    expect(detail).toMatch(/Diterima oleh pemohon/);
    expect(detail).toMatch(/oleh sistem/);

    await page.getByRole('button', { name: 'Klaim tugas' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#action-message', { hasText: 'Tugas diklaim' }).waitFor();
    await page.locator(`.task[data-task-id="${firstId}"]`, { hasText: 'Diklaim: verifikator.tangerang' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Klaim tugas');

    await page.locator('#decision-APPROVE').check();
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    const next = page.locator('#next-task');
    await next.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('next-task');
    const nextReference = (await next.textContent())!.split(': ')[1]!;
    await next.click();
    await page.locator('#detail-title', { hasText: nextReference }).waitFor();
    expect(await page.locator(`.task[data-task-id="${firstId}"]`).count()).toBe(0);
    await page.context().close();
  });

  it('shows the full NIK only after the click, says it is recorded, and the audit trail has it', async () => {
    const page = await staffPage('verifikator.tangerang');
    const target = apps[1]!;
    await page.fill('#q-reference', target.reference);
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.getByRole('button', { name: `Buka ${target.reference}` }).click();
    await page.locator('#detail-title', { hasText: target.reference }).waitFor();
    expect(await text(page, '#detail')).not.toContain(target.nik);
    expect(await text(page, '#nik-note')).toContain('tercatat di riwayat audit');
    await page.click('#reveal-nik');
    await page.locator('#nik-value', { hasText: target.nik }).waitFor();
    expect(await text(page, '#nik-note')).toMatch(/Tercatat di riwayat audit atas nama Anda/);
    const token = await api.login('verifikator.tangerang');
    const audit = await api.call<{ events: { action: string; actor: string }[] }>('GET', `/api/applications/${target.applicationId}/audit`, { token });
    expect(audit.json.events).toContainEqual(expect.objectContaining({ action: 'NIK_VIEWED', actor: 'verifikator.tangerang' }));
    await page.context().close();
  });
});

describe('the admin\'s search', () => {
  it('names a city, finds one reference, and pages with "more" up to the total', async () => {
    const page = await staffPage('admin');
    await page.click('#show-search');
    expect(await page.inputValue('#s-city')).toBe('36.71');
    await page.fill('#s-reference', apps[3]!.reference);
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.locator('#search-status', { hasText: '1 dari 1 permohonan' }).waitFor();
    expect(await text(page, '#search-results')).toContain(apps[3]!.reference);

    await page.fill('#s-reference', '');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.locator('#search-status', { hasText: '10 dari 13 permohonan' }).waitFor();
    await page.click('#search-more');
    await page.locator('#search-status', { hasText: '13 dari 13 permohonan' }).waitFor();
    expect(await page.locator('#search-more').isHidden()).toBe(true);
    expect(await text(page, '#search-results')).toMatch(/Verifikasi: (Sisa \d+ hari|Lewat tenggat)/);
    await page.context().close();
  });

  it('had no script or console error', () => {
    expect(problems).toEqual([]);
  });
});
