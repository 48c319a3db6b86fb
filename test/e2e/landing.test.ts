/**
 * Where each officer lands in the staff console, in a real browser (Debian's chromium through playwright-core): the
 * screens come from the actions GET /api/me gives (the server's policy), so the verifier sees the verification
 * queue, the approver the approval queue (and the verification one, whose overdue tasks escalate to approvers), the
 * finance officer the payout pages and the admin both queues; the head of office (viewer) the office dashboard,
 * which the others who may read reports get as a second screen. No landing asks for anything the officer may not do
 * (no 4xx, so no console error), axe-core finds nothing wrong with any of them, and an account without a role is told
 * so in plain words, in the page's language.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, watchedPage } from '../support/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { axeViolations } from '../support/axe.ts';
import { signInOfficer } from '../support/officers.ts';


let dataDir: string;
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  // A data folder, so an officer the seeded accounts do not cover can be signed in with the local key.
  dataDir = mkdtempSync(join(tmpdir(), 'jaring-landing-'));
  [stack, browser] = await Promise.all([startLocalStack({ dataDir }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function logIn(page: Page, username: string) {
  await page.goto(`${stack.url}/staff.html`);
  await page.fill('#username', username);
  await page.fill('#password', 'jaring-dev');
  await page.click('#login-submit');
}

const text = async (page: Page, selector: string) => (await page.innerText(selector)).replace(/\s+/g, ' ').trim();
const offeredQueues = (page: Page) => page.locator('#queues input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

describe('landing by role', () => {
  it.each([
    ['verifikator.tangerang', ['verification'], 'verification', false],
    ['penyetuju.tangerang', ['verification', 'approval'], 'approval', true],
    ['admin', ['verification', 'approval'], 'approval', true],
  ])('lands %s on the queues %j, in %s (the dashboard beside them: %s)', async (username, queues, current, dashboard) => {
    const { page, problems } = await watchedPage(browser);
    await logIn(page, username);
    await page.locator('#work-view').waitFor();
    await page.locator('#list-status', { hasText: /ditampilkan|Tidak ada/ }).waitFor();
    expect(await offeredQueues(page)).toEqual(queues);
    expect(await page.locator(`#queue-${current}`).isChecked()).toBe(true);
    expect(await text(page, '#who')).toContain(username);
    expect(await page.locator('#finance-view').isHidden()).toBe(true);
    expect(await page.locator('#screens').isVisible()).toBe(dashboard);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lands the head of office on the office dashboard, with no queue or payout', async () => {
    const { page, problems } = await watchedPage(browser);
    await logIn(page, 'kepala.tangerang');
    await page.locator('#dashboard-status', { hasText: /^Angka per/ }).waitFor();
    expect(await text(page, '#dashboard-title')).toBe('Dasbor kantor');
    expect(await page.locator('#work-view').isHidden()).toBe(true);
    expect(await page.locator('#finance-view').isHidden()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lands a finance officer on the payout pages, never on a queue', async () => {
    const { page, problems } = await watchedPage(browser);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await logIn(page, 'keuangan.tangerang');
    await page.locator('#finance-view').waitFor();
    await page.locator('#batch-list-status', { hasText: /ditampilkan|Belum ada/ }).waitFor();
    expect(await text(page, '#finance-title')).toBe('Pembayaran bantuan');
    expect(await page.locator('#work-view').isHidden()).toBe(true);
    expect(asked.filter((p) => p.startsWith('/api/tasks'))).toEqual([]);
    expect(await page.locator('#screens').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('#lang');
    expect(await text(page, '#finance-title')).toBe('Aid payouts');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('tells an officer without a role, in plain words, that the console has no work for them yet', async () => {
    const token = await signInOfficer(dataDir, { username: 'baru.tangerang', roles: [], regions: ['36.71'] });
    const { page, problems } = await watchedPage(browser);
    await page.addInitScript((saved) => sessionStorage.setItem('jaring.staff', saved),
      JSON.stringify({ token, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
    await page.goto(`${stack.url}/staff.html`);
    await page.locator('#work-note').waitFor();
    expect(await text(page, '#work-note')).toMatch(/^Akun Anda belum mendapat pekerjaan di konsol ini/);
    expect(await page.locator('#queue-toolbar').isHidden()).toBe(true);
    await page.click('#lang');
    expect(await text(page, '#work-note')).toMatch(/^Your account has no work in this console yet/);
    expect(await text(page, '#work-note')).not.toMatch(/tasks\.list|needs the role/);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
