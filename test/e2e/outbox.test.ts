/**
 * The admin's outbox screen in a real browser (issue #11): a provider that refuses every attempt dead-letters an
 * applicant's message, and the admin finds it under "Gagal terkirim" with its reference, attempts, the kind of failure
 * and its text, in either language; axe-core finds nothing, and there is no console error.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { DELIVERY } from '../../shared/use-cases/deliver-notifications.ts';
import { apiClient } from '../support/api.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium, watchedPage } from '../support/chromium.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ scheduledEveryMs: 200, smsRetrySeconds: 1 }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the outbox screen', () => {
  it('shows a dead-lettered message to the admin, in both languages', async () => {
    const api = apiClient(stack.url);
    stack.sms.failNext(Number.MAX_SAFE_INTEGER);
    const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body: applicationBody() });
    expect(created.status).toBe(201);
    const admin = await api.login('admin');
    // Waits of 1, 2, 4 and 8 s between the five attempts.
    await api.until('dead-lettered', async () =>
      (await api.call<{ items: Array<{ applicationId: string }> }>('GET', '/api/notifications?status=DEAD', { token: admin })).json.items.some((m) => m.applicationId === created.json.applicationId), 40_000);
    stack.sms.failNext(0);

    const { page, problems } = await watchedPage(browser);
    await page.goto(`${stack.url}/staff.html`);
    await page.fill('#username', 'admin');
    await page.fill('#password', 'jaring-dev');
    await page.click('#login-submit');
    await page.click('#screen-outbox');
    const row = page.locator(`#outbox-table tr[data-key="${created.json.applicationId}.received"]`);
    await row.waitFor();
    const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
    expect(cells.slice(0, 3)).toEqual([created.json.reference, 'Pendaftaran diterima', String(DELIVERY.maxAttempts)]);
    expect(cells[4]).toBe('InternalServerException');
    expect(cells[5]).toMatch(/^Dinas Sosial: pendaftaran Anda diterima/);
    expect(await axeViolations(page)).toEqual([]);

    await page.selectOption('#outbox-status', 'SENT');
    await page.locator('#outbox-state', { hasText: 'Tidak ada pesan dengan status ini.' }).waitFor();
    await page.click('#lang');
    await page.locator('#outbox-title', { hasText: 'Texts to applicants' }).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
