/**
 * The applicant's form without a signal, in a real browser (Debian's chromium) against the whole stack in memory,
 * with its service worker running: it is installable, a second visit opens with no connection, a draft survives a
 * reload and a closed page and expires after 7 days, a submission made offline waits, says so, and is sent exactly
 * once when the network returns, leaving only its reference on the phone; "Hapus data saya dari HP ini" removes what
 * is kept; a submission whose answer was lost on the way back is sent again under its key and gets the same reference.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { BIRTH_DATE, fillApplication, formReady, phonePage, type Seen, text, TYPED_BIRTH_DATE } from '../support/applicant.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { nikFor } from '../support/fixtures.ts';
import { countItems } from '../support/table.ts';

let stack: LocalStack;
let browser: Browser;
const seen: Seen = { requested: [], pageErrors: [] };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A phone whose service worker has installed and taken the page over (so the lists it asks next are kept). */
async function installedPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const page = await phonePage(browser, seen, { serviceWorkers: 'allow' });
  const context = page.context();
  await page.goto(stack.url);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
  await formReady(page);
  return { context, page };
}

const applications = async () => (await countItems(stack.dynamoUrl))['APP:APP'] ?? 0;

describe('the applicant form offline', () => {
  it('serves the worker and the manifest with their types, the worker never long-cached', async () => {
    const worker = await fetch(`${stack.url}/sw.js`);
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(await worker.text()).toContain('index.html');
    const manifest = await fetch(`${stack.url}/manifest.json`);
    expect(manifest.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await manifest.json()) as { start_url: string }).start_url).toBe('./');
  });

  it('is installable: the browser finds nothing wrong with the manifest, icons and worker', async () => {
    const { context, page } = await installedPhone();
    const devtools = await context.newCDPSession(page);
    const { installabilityErrors } = (await devtools.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    // A test profile is incognito, where no browser installs apps; that is the only objection allowed.
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    await context.close();
  });

  it('serves the applicant pages from its cache, and the staff console, which shares the site, from the network', async () => {
    const { context, page } = await installedPhone();
    // What the worker itself asks of the network; a file it answers from its cache is not among them.
    const fetchedByWorker: string[] = [];
    context.on('request', (r) => {
      if (r.serviceWorker()) fetchedByWorker.push(new URL(r.url()).pathname);
    });
    const answeredByWorker: string[] = [];
    context.on('response', (r) => {
      if (r.fromServiceWorker()) answeredByWorker.push(new URL(r.url()).pathname);
    });
    await page.reload();
    await formReady(page);
    expect(answeredByWorker).toContain('/js/api.js');
    expect(fetchedByWorker.filter((path) => path.startsWith('/js/'))).toEqual([]);
    const staffPage = await context.newPage();
    await staffPage.goto(`${stack.url}/staff.html`);
    await staffPage.locator('#login-view').waitFor();
    // The staff console's copy of the files it shares with the applicant pages comes from the server, never from the
    // applicant's cache (staff.html itself is no file of the worker's: the browser fetches it as without one).
    expect(fetchedByWorker).toEqual(expect.arrayContaining(['/css/app.css', '/js/i18n.js', '/js/dom.js']));
    await context.close();
  });

  it('opens a second visit with no signal, lists included, and keeps the draft through a reload and a closed page', async () => {
    const { context, page } = await installedPhone();
    await page.locator('#program-sembako').check();
    await page.fill('#fullName', 'Siti Aminah');
    await page.fill('#birthDate', TYPED_BIRTH_DATE);
    await page.selectOption('#province', { label: 'Banten' });
    await page.selectOption('#regency', { label: 'Kota Tangerang' });
    await page.selectOption('#district', { label: 'Tangerang' });
    await page.selectOption('#village', { label: 'Sukarasa' });
    await page.waitForTimeout(600); // the draft is saved a moment after the last keystroke

    await context.setOffline(true);
    await page.reload();
    await formReady(page);
    expect(await page.locator('#offline-note').isVisible()).toBe(true);
    expect(await page.inputValue('#fullName')).toBe('Siti Aminah');
    expect(await page.inputValue('#birthDate')).toBe(TYPED_BIRTH_DATE);
    expect(await page.isChecked('#program-sembako')).toBe(true);
    expect(await page.locator('#village option:checked').textContent()).toBe('Sukarasa');

    // The browser closed (the page gone) and opened again, still offline.
    await page.close();
    const again = await context.newPage();
    await again.goto(stack.url);
    await formReady(again);
    expect(await again.inputValue('#fullName')).toBe('Siti Aminah');
    expect(await again.locator('#district option:checked').textContent()).toBe('Tangerang');

    // A week later the draft is gone: phones are shared.
    await again.clock.setFixedTime(Date.now() + 8 * 86_400_000);
    await again.reload();
    await formReady(again);
    expect(await again.inputValue('#fullName')).toBe('');
    await context.close();
  });

  it('queues a submission made offline, says it waits, and sends it once when the network returns', async () => {
    const { context, page } = await installedPhone();
    const nik = nikFor('36.71.01', BIRTH_DATE, 'F', 5151);
    const before = await applications();
    await fillApplication(page, nik);
    await context.setOffline(true);
    await page.click('#submit');
    await page.locator('#waiting').waitFor();
    expect(await text(page, '#waiting-title')).toBe('Permohonan Anda menunggu sinyal');
    expect(await axeViolations(page)).toEqual([]);
    // Still waiting after a reload without signal: the page says so again, nothing reached the server.
    await page.reload();
    await page.locator('#waiting').waitFor();
    expect(await applications()).toBe(before);

    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/applications')) posts.push(r.headers()['idempotency-key'] ?? '');
    });
    await context.setOffline(false);
    await page.locator('#done').waitFor({ timeout: 20_000 });
    const reference = await text(page, '#done-reference');
    expect(reference).toMatch(/^JRG-/);
    expect(await text(page, '#done-program')).toBe('Bantuan Sembako');
    expect(await applications()).toBe(before + 1);
    expect(new Set(posts).size).toBeLessThanOrEqual(1); // every attempt carried the one key of the draft

    // Nothing is left but the reference: the next visit offers it, the form is empty.
    await page.goto(stack.url);
    await formReady(page);
    expect(await text(page, '#last-sent-link')).toBe(reference);
    expect(await page.inputValue('#nik')).toBe('');
    expect(await page.locator('#waiting').isHidden()).toBe(true);
    expect(await applications()).toBe(before + 1);

    // Removing my data forgets the reference too.
    await page.click('#remove-data');
    await page.locator('#remove-status', { hasText: 'sudah dihapus' }).waitFor();
    await page.reload();
    await formReady(page);
    expect(await page.locator('#last-sent').isHidden()).toBe(true);
    await context.close();
  });

  it('sends again, under the same key, a submission whose answer was lost, and gets the first reference', async () => {
    // Without the worker, so every send is the page's own request (the key, not the worker, makes it once).
    const page = await phonePage(browser, seen);
    const context = page.context();
    await page.goto(stack.url);
    await formReady(page);
    const nik = nikFor('36.71.01', BIRTH_DATE, 'F', 5252);
    const before = await applications();
    await fillApplication(page, nik);
    // The server takes the first send and answers; the answer never reaches the phone (the signal dropped).
    const keys: string[] = [];
    let firstAnswer: { reference?: string } | undefined;
    await page.route('**/api/applications', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (firstAnswer) return route.continue();
      firstAnswer = (await (await route.fetch()).json()) as { reference?: string };
      await route.abort('internetdisconnected');
    });
    await page.click('#submit');
    await page.locator('#waiting').waitFor();
    expect(firstAnswer?.reference).toMatch(/^JRG-/);
    expect(await applications()).toBe(before + 1);

    await page.click('#wait-retry');
    await page.locator('#done').waitFor({ timeout: 20_000 });
    expect(await text(page, '#done-reference')).toBe(firstAnswer?.reference);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    expect(await applications()).toBe(before + 1);
    await context.close();
  });

  it('had no script error in any page', () => {
    expect(seen.pageErrors).toEqual([]);
  });
});
