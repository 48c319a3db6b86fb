/**
 * The applicant's pages in the browser tests: a phone-sized profile, the form filled in as a person would (the birth
 * date typed day first), and the text of an element as a person reads it.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

export const PHONE = { width: 360, height: 800 };
export const BIRTH_DATE = '1984-03-17';
/** The birth date as the form reads and writes it. */
export const TYPED_BIRTH_DATE = '17-03-1984';

/** What a test's pages asked for and which script errors they had: the NIK must be in no URL, and no page may fail. */
export interface Seen { requested: string[]; pageErrors: string[] }

/**
 * A fresh phone-sized profile in Bahasa Indonesia, its requests and script errors written into `seen`. Service
 * workers are blocked unless asked for: a test that routes requests (page.route) must see them, and a worker would
 * answer some from its cache.
 */
export async function phonePage(browser: Browser, seen: Seen, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID', serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  page.on('request', (request) => seen.requested.push(request.url()));
  page.on('pageerror', (error) => seen.pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

/** Waits until the form's lists are loaded and a saved draft is back (apply.js sets `data-ready`). */
export const formReady = (page: Page) => page.locator('#apply[data-ready=true]').waitFor();

export async function fillApplication(page: Page, nik: string, o: { birthDate?: string; programId?: string } = {}) {
  await page.locator(`#program-${o.programId ?? 'sembako'}`).check();
  await page.fill('#nik', nik);
  await page.fill('#kk', '3671010101004242');
  await page.fill('#fullName', 'Siti Aminah');
  await page.fill('#birthDate', o.birthDate ?? TYPED_BIRTH_DATE);
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
  await page.selectOption('#bank', { label: 'BRI (Bank Rakyat Indonesia)' });
  await page.fill('#accountNumber', '123401234567');
  await page.locator('#consent').check();
  await page.locator('#truthful').check();
}

export const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();
