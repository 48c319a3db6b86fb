/**
 * The office dashboard in a real browser (Debian's chromium through playwright-core) against the whole local stack
 * (issue #10 part 3): after a paid and a failed payment and a few applications, the head of office (viewer) lands on
 * it, and every number its tables show equals GET /api/reports/summary read in the same test; the charts are drawn,
 * a table's CSV holds its rows, axe-core finds nothing, and there is no console error or Content-Security-Policy
 * violation. An admin reaches it from the screen switch, chooses the city, and goes back to the queues.
 */
import { readFile } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, watchedPage } from '../support/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import type { OfficeReport } from '../../shared/use-cases/office-report.ts';
import type { ApiClient } from '../support/api.ts';
import { axeViolations } from '../support/axe.ts';
import { officeWithFigures } from '../support/office.ts';
import { MAKER, payoutSession } from '../support/sent-batch.ts';

const HEAD = 'kepala.tangerang';

let stack: LocalStack;
let browser: Browser;
let api: ApiClient;
let report: OfficeReport;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  let deps;
  [{ stack, api, deps }, browser] = await Promise.all([
    payoutSession(tokens, ['verifikator.tangerang', 'penyetuju.tangerang', 'admin', MAKER, HEAD]),
    launchChromium(),
  ]);
  await officeWithFigures(deps, api, tokens);
  const r = await api.call<OfficeReport>('GET', '/api/reports/summary', { token: tokens[HEAD] });
  expect(r.status, r.text).toBe(200);
  report = r.json;
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A fresh profile, logged in, that keeps every console error, script error and refused request of the page. */
async function signedIn(username: string) {
  const { page, problems } = await watchedPage(browser, { acceptDownloads: true });
  // The chart library under the strict policy: anything it tried that the policy blocked is a problem too.
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`blocked: ${e.violatedDirective} ${e.blockedURI}`)));
  await page.goto(`${stack.url}/staff.html`);
  await page.fill('#username', username);
  await page.fill('#password', 'jaring-dev');
  await page.click('#login-submit');
  return { page, problems };
}

const figuresShown = (page: Page) => page.locator('#dashboard-status', { hasText: /^Angka per|^Figures as of/ }).waitFor();

/** A table's rows by their key: the words of the first cell and every other cell's number (digits only). */
const tableRows = (page: Page, id: string): Promise<Record<string, string[]>> => page.locator(`#${id}-table tbody tr`).evaluateAll((rows) => Object.fromEntries(rows.map((row) => {
  const cells = Array.from(row.children, (c) => (c as HTMLElement).innerText.trim());
  return [(row as HTMLElement).dataset.key, cells];
})));
const digits = (cell: string | undefined) => Number((cell ?? '').replace(/\D/g, ''));

function sumBy(field: 'status' | 'programId' | 'districtCode') {
  const sums: Record<string, number> = {};
  for (const cell of report.applications) sums[cell[field]] = (sums[cell[field]] ?? 0) + cell.count;
  return sums;
}

/** The figures every dashboard shows must be the report's own numbers. */
async function expectReportShown(page: Page) {
  const statuses = await tableRows(page, 'dash-status');
  const byStatus = sumBy('status');
  expect(Object.keys(statuses)).toEqual(['SUBMITTED', 'SCREENING', 'PENDING_VERIFICATION', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN']);
  for (const [status, cells] of Object.entries(statuses)) expect(digits(cells[1]), status).toBe(byStatus[status] ?? 0);
  for (const [id, field] of [['dash-program', 'programId'], ['dash-district', 'districtCode']] as const) {
    const rows = await tableRows(page, id);
    expect(Object.fromEntries(Object.entries(rows).map(([key, cells]) => [key, digits(cells[1])]))).toEqual(sumBy(field));
  }
  const stages = await tableRows(page, 'dash-stages');
  expect(Object.keys(stages)).toEqual(report.stageTimes.map((s) => s.status));
  for (const s of report.stageTimes) {
    expect(digits(stages[s.status]![1]), s.status).toBe(s.count);
    if (s.medianMs === undefined) expect(stages[s.status]![2]).toBe('belum ada yang selesai');
  }
  const money = await tableRows(page, 'dash-money');
  expect(Object.keys(money)).toEqual(report.periods.map((p) => `${p.programId}|${p.period}`));
  for (const p of report.periods) {
    const expected = [p.scheduled.count, p.scheduled.amount, p.paid.count, p.paid.amount, p.failed.count, p.failed.amount];
    expect(money[`${p.programId}|${p.period}`]!.slice(2).map(digits)).toEqual(expected);
  }
  const quotas = await tableRows(page, 'dash-quota');
  expect(Object.keys(quotas)).toEqual(report.quotas.map((q) => `${q.programId}|${q.period}|${q.districtCode}`));
  for (const q of report.quotas) expect(quotas[`${q.programId}|${q.period}|${q.districtCode}`]!.slice(3, 5).map(digits)).toEqual([q.taken, q.limit]);
}

describe('the office dashboard', () => {
  it('shows the head of office the report\'s own numbers, as charts, tables and CSV, with nothing for axe to find', async () => {
    // The figures this test set up are there to be shown.
    expect(report.periods.some((p) => p.paid.count === 1 && p.failed.count === 1)).toBe(true);
    expect(report.quotas.some((q) => q.taken === 1)).toBe(true);

    const { page, problems } = await signedIn(HEAD);
    await page.locator('#dashboard-view').waitFor();
    await figuresShown(page);
    expect(await page.locator('#work-view').isHidden()).toBe(true);
    expect(await page.locator('#screens').isHidden()).toBe(true); // nothing to switch to
    expect(await page.innerText('#dashboard-city')).toBe('Wilayah: Kota Tangerang');
    await expectReportShown(page);
    // The programme and district words, never their codes.
    expect(Object.values(await tableRows(page, 'dash-program')).map((cells) => cells[0])).toContain('Bantuan Sembako');
    expect(await page.innerText('#dash-district-table')).not.toMatch(/36\.71/);

    // Each chart is drawn by uPlot, hidden from screen readers, and summed up in words.
    for (const id of ['dash-status', 'dash-program', 'dash-district', 'dash-stages', 'dash-money']) {
      await page.locator(`#${id} .chart canvas`).first().waitFor();
      expect(await page.getAttribute(`#${id} .chart`, 'aria-hidden')).toBe('true');
      expect(await page.getAttribute(`#${id}-table`, 'aria-describedby')).toBe(`${id}-summary`);
      expect((await page.innerText(`#${id}-summary`)).length).toBeGreaterThan(20);
    }
    expect(await page.locator('#dash-quota meter').count()).toBe(report.quotas.length);

    // The CSV of a table holds the table's rows; a formula never reaches a spreadsheet as one.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dash-money-csv')]);
    expect(download.suggestedFilename()).toBe('dasbor-uang-bantuan-36.71.csv');
    const lines = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Program,Periode,Dijadwalkan (penerima),Dijadwalkan (Rp),Dibayar (penerima),Dibayar (Rp),Gagal (penerima),Gagal (Rp)');
    const shownRows = Object.values(await tableRows(page, 'dash-money'));
    expect(lines.slice(1)).toEqual(shownRows.map((cells) => [cells[0], cells[1], ...cells.slice(2).map(digits)].join(',')));
    // The page's own module, as the button uses it (a string, so the test's bundler leaves the import alone).
    const escaped = await page.evaluate(`import('/js/dashboard-tables.js').then((m) => m.csvOf([['=SUM(A1)', '+1', '-1', '@x', 'a,b', 'say "hi"', 'plain']]))`);
    expect(escaped).toBe('"\'=SUM(A1)","\'+1","\'-1","\'@x","a,b","say ""hi""",plain\r\n');

    expect(await axeViolations(page)).toEqual([]);
    await page.click('#lang');
    expect(await page.innerText('#dashboard-title')).toBe('Office dashboard');
    await figuresShown(page);
    expect((await tableRows(page, 'dash-status')).APPROVED![0]).toBe('Approved');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('is a second screen for an admin, who chooses the city and goes back to the queues as they were', async () => {
    const { page, problems } = await signedIn('admin');
    await page.locator('#list-status', { hasText: /ditampilkan|Tidak ada/ }).waitFor();
    expect(await page.getAttribute('#screen-work', 'aria-current')).toBe('true');
    await page.click('#screen-dashboard');
    expect(await page.locator('#work-view').isHidden()).toBe(true);
    await page.locator('#dashboard-province option[value="36"]').waitFor({ state: 'attached' });
    await page.selectOption('#dashboard-province', '36');
    await page.locator('#dashboard-regency option[value="36.71"]').waitFor({ state: 'attached' });
    await page.selectOption('#dashboard-regency', '36.71');
    await page.click('#dashboard-show');
    await figuresShown(page);
    await expectReportShown(page);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('#screen-work');
    expect(await page.locator('#dashboard-view').isHidden()).toBe(true);
    expect(await page.locator('#work-view').isVisible()).toBe(true);
    expect(await page.locator('#queue-approval').isChecked()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
