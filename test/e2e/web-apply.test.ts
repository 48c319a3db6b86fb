/**
 * The applicant's pages in a real browser (Debian's chromium through playwright-core) against the whole stack in
 * memory, at phone width: an application in Bahasa Indonesia and its confirmation, the status page found with a
 * reference typed any way, the wording cases of issue #11 (a wrong birth date blamed on the date, the bank and
 * holder's name, each programme's guide), the server's messages in English, the 409 Duplicate, and axe-core on
 * every applicant view. Screenshots go to a temporary folder for a person to look at; nothing depends on them.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { PROGRAM_GUIDES } from '../../shared/domain/program-guides.ts';
import { MESSAGES } from '../../shared/schemas/messages.ts';
import { BIRTH_DATE, fillApplication, formReady, phonePage as newPhonePage, PHONE, type Seen, text } from '../support/applicant.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { apiClient } from '../support/api.ts';
import { applicationBody, nikFor } from '../support/fixtures.ts';

const SCREENSHOTS = join(tmpdir(), 'jaring-e2e-screenshots');
const NIK = nikFor('36.71.01', BIRTH_DATE, 'F', 4242);
const UNKNOWN_DISTRICT_NIK = nikFor('36.71.99', BIRTH_DATE, 'F', 4243);

let stack: LocalStack;
let browser: Browser;
const seen: Seen = { requested: [], pageErrors: [] };

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [stack, browser] = await Promise.all([startLocalStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const phonePage = (): Promise<Page> => newPhonePage(browser, seen);

async function openForm(page: Page) {
  await page.goto(stack.url);
  await formReady(page);
}

let reference = '';

describe('the applicant form (Bahasa Indonesia, 360 px)', () => {
  it('shows each programme\'s guide, takes an application, and names the programme and what happens next', async () => {
    const page = await phonePage();
    await openForm(page);
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await text(page, 'h1')).toBe('Daftar bantuan sosial');
    // Who it is for, what it gives and what to prepare, before choosing.
    const guide = PROGRAM_GUIDES.sembako!;
    const label = await text(page, 'label[for=program-sembako]');
    expect(label).toMatch(/Bantuan Sembako.*Rp.*200\.000 per bulan.*Untuk siapa/);
    expect(label).toContain(guide.forWhom.id);
    // What it gives and the documents, one tap away, and read to a screen reader with the choice.
    await page.click('#program-sembako-guide summary');
    expect(await page.locator('#program-sembako-guide dl').isVisible()).toBe(true);
    for (const words of [guide.gives.id, ...guide.documents.map((d) => d.id)]) expect(await text(page, '#program-sembako-guide')).toContain(words);
    expect(await page.getAttribute('#program-sembako', 'aria-describedby')).toContain('program-sembako-guide');
    expect(await axeViolations(page)).toEqual([]);

    const onBantenClock = page.waitForResponse((r) => r.url().endsWith('/api/programs?provinceCode=36'));
    await fillApplication(page, NIK, { birthDate: '17/3/1984' });
    expect((await onBantenClock).status()).toBe(200);
    // The holder's name follows the applicant's; the date reads back day first.
    expect(await page.inputValue('#accountName')).toBe('Siti Aminah');
    await page.locator('#birthDate').blur();
    expect(await page.inputValue('#birthDate')).toBe('17-03-1984');
    expect(await page.isChecked('#program-sembako')).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'form-360-full.png'), fullPage: true });

    const [posted] = await Promise.all([page.waitForRequest((r) => r.url().endsWith('/api/applications')), page.click('#submit')]);
    expect(posted.postDataJSON()).toMatchObject({ birthDate: BIRTH_DATE, consent: true, payout: { bankCode: '002', accountName: 'Siti Aminah' } });
    expect(posted.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await page.locator('#done').waitFor();
    reference = await text(page, '#done-reference');
    expect(reference).toMatch(/^JRG-\d{4}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(await text(page, '#done-program')).toBe('Bantuan Sembako');
    expect(await text(page, '#done-next')).toMatch(/beberapa menit.*10 hari.*KTP.*5 hari/);
    expect(await page.inputValue('#nik')).toBe(''); // not left on a shared phone's screen
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'done-360.png') });

    // The status page finds it with the reference typed in small letters and without dashes.
    await page.goto(`${stack.url}/status.html`);
    await page.fill('#reference', reference.toLowerCase().replace(/-/g, ' '));
    await page.fill('#nik', NIK);
    await page.click('#submit');
    await page.locator('#result:not([hidden])').waitFor();
    expect(await text(page, '#r-reference')).toBe(reference);
    expect(await text(page, '#r-program')).toBe('Bantuan Sembako');
    // Before a decision the applicant may withdraw; the button asks once more.
    expect(await page.locator('#withdraw').isVisible()).toBe(true);
    await page.click('#withdraw-start');
    await page.locator('#withdraw-confirm').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.click('#withdraw-no');
    await page.screenshot({ path: join(SCREENSHOTS, 'status-360.png'), fullPage: true });
    await page.context().close();
  });

  it('normalises a reference typed without dashes on the server too', async () => {
    const response = await fetch(`${stack.url}/api/status-check`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reference: reference.replace(/-/g, '').toLowerCase(), nik: NIK }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { reference: string }).reference).toBe(reference);
  });

  it('blames a wrong birth date on the date, marks the NIK too, and says so next to the button', async () => {
    const page = await phonePage();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await openForm(page);
    await fillApplication(page, NIK, { birthDate: '18-03-1984' });
    await page.click('#submit');
    await page.locator('#birthDate-error:not([hidden])').waitFor();
    expect(posts).toEqual([]); // caught on the phone with shared/'s rule and words
    expect(await text(page, '#birthDate-error')).toBe(MESSAGES['nik.birth.day'].id);
    expect(await text(page, '#nik-error')).toBe(MESSAGES['nik.birth.check'].id);
    expect(await page.getAttribute('#birthDate', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#nik', 'aria-invalid')).toBe('true');
    // The summary sits by the button, takes the focus, and its links lead to the fields.
    const gap = await page.evaluate(() => document.getElementById('submit')!.getBoundingClientRect().top - document.getElementById('error-summary')!.getBoundingClientRect().bottom);
    expect(gap).toBeLessThan(100);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await page.click('#error-summary a >> nth=1');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('birthDate');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'form-360-error.png') });

    // The +40 for women: a man's date part under "Perempuan" is blamed on the sex.
    await page.fill('#birthDate', '17-03-1984');
    await page.locator('#gender-M').check();
    await page.click('#submit');
    await page.locator('#gender-error:not([hidden])').waitFor();
    expect(await text(page, '#gender-error')).toBe(MESSAGES['nik.birth.gender'].id);
    await page.context().close();
  });

  it('keeps the programme list of the province picked when the first, province-less list answers last', async () => {
    const page = await phonePage();
    let releaseFirst = () => {};
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstAnswered = () => {};
    const firstDone = new Promise<void>((resolve) => (firstAnswered = resolve));
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
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(await text(page, 'label[for=program-sembako]')).not.toContain('2000');
    await page.context().close();
  });

  it('switches to English, gets English messages from the server, and explains a duplicate', async () => {
    const page = await phonePage();
    await openForm(page);
    await page.click('#lang');
    await page.reload();
    await formReady(page);
    expect(await text(page, 'label[for=fullName]')).toBe('Full name (as on your ID card)');
    expect(await text(page, 'label[for=program-sembako]')).toMatch(/Food aid \(staples\).*200\.000 a month.*Who it is for/);

    // Only the server knows every district: its message comes back in English, by the field and the button.
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/applications')) keys.push(r.headers()['idempotency-key'] ?? '');
    });
    await fillApplication(page, UNKNOWN_DISTRICT_NIK);
    await page.click('#submit');
    await page.locator('#nik-error:not([hidden])').waitFor();
    expect(await text(page, '#nik-error')).toBe(MESSAGES['nik.district'].en);

    // This person already applied to this programme this period: said plainly, no reference on the page, the number
    // on file masked (the reference went to it by SMS).
    await page.fill('#nik', NIK);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/applications')), page.click('#submit')]);
    expect(answer.status()).toBe(409);
    // The corrected body went under a new Idempotency-Key: one key names one body.
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    const body = (await answer.json()) as { maskedPhone?: string; reference?: string };
    expect(body.reference).toBeUndefined();
    expect(body.maskedPhone).toMatch(/^\*{4}\d{4}$/);
    await page.locator('#duplicate').waitFor();
    expect(await text(page, '#dup-title')).toBe('You have already applied');
    expect(await text(page, '#dup-phone')).toContain(body.maskedPhone);
    expect(await page.innerText('body')).not.toContain(reference);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  // After the duplicate (a withdrawn application no longer blocks the NIK).
  it('withdraws the application from the status page: it reads WITHDRAWN, its task leaves the queue, the NIK may apply again', async () => {
    const api = apiClient(stack.url);
    const page = await phonePage();
    await page.goto(`${stack.url}/status.html?ref=${reference}`);
    await page.fill('#nik', NIK);
    await page.click('#submit');
    await page.locator('#result:not([hidden])').waitFor();
    await page.click('#withdraw-start');
    await page.click('#withdraw-yes');
    await page.locator('#withdraw-message', { hasText: 'Permohonan Anda sudah dibatalkan.' }).waitFor();
    await page.locator('#status-badge', { hasText: 'Dibatalkan' }).waitFor();
    expect(await page.locator('#withdraw').isHidden()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();

    const token = await api.login('verifikator.tangerang');
    const queue = await api.call<{ items: { reference: string }[] }>('GET', '/api/tasks?kind=verification&limit=100', { token });
    expect(queue.json.items.map((task) => task.reference)).not.toContain(reference);
    const body = applicationBody({ serial: 4242 });
    expect(body.nik).toBe(NIK);
    const again = await api.call<{ reference: string }>('POST', '/api/applications', { body });
    expect(again.status, again.text).toBe(201);
    expect(again.json.reference).not.toBe(reference);
  });

  it('never put the NIK in a URL, no page had a script error, and nothing overflows a phone', async () => {
    const page = await phonePage();
    await openForm(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.context().close();
    expect(seen.requested.length).toBeGreaterThan(20);
    expect(seen.requested.filter((url) => url.includes(NIK))).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
  });
});
