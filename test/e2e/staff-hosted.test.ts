/**
 * The console's hosted sign-in in a real browser, as on AWS (Cognito's managed login) but against the local stand-in
 * (`staffSignIn: 'hosted'`): the officer is sent to the managed login's page on another origin, signs in there, comes
 * back with a code the console exchanges (PKCE) for its token, sees the queue, keeps the session over a reload and
 * signs out through the managed login's logout. A return the tab did not start is refused in words.
 */
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient } from '../support/api.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium, watchedPage } from '../support/chromium.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let browser: Browser;
let reference = '';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ staffSignIn: 'hosted' }), launchChromium()]);
  const created = await apiClient(stack.url).call<{ reference: string }>('POST', '/api/applications', { body: applicationBody({ districtCode: '36.71.01', serial: 5151 }) });
  expect(created.status, created.text).toBe(201);
  reference = created.json.reference;
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the console signing in at the managed login', () => {
  it('takes the officer there and back, lands them on their queue, and signs them out there', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${stack.url}/staff.html`);
    await page.locator('#hosted-sign-in').waitFor();
    expect(await page.locator('#login').isHidden()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.click('#hosted-submit');
    await page.waitForURL(/\/oauth2\/authorize\?/);
    const authorize = new URL(page.url());
    expect(authorize.origin).not.toBe(stack.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22}$/);

    await page.fill('#username', 'verifikator.tangerang');
    await page.fill('#password', 'jaring-dev');
    await page.click('#sign-in');
    await page.locator('#work-view').waitFor();
    // The code has left the address bar, and the tab keeps no verifier once it is used.
    expect(page.url()).toBe(`${stack.url}/staff.html`);
    expect(await page.evaluate(() => sessionStorage.getItem('jaring.staff.signIn'))).toBeNull();
    await page.locator('#who', { hasText: 'verifikator.tangerang' }).waitFor();
    const task = page.locator('.task', { hasText: reference });
    for (let i = 0; i < 60 && !(await task.count()); i++) {
      await page.waitForTimeout(250);
      await page.click('#reload');
    }
    await task.waitFor();

    // A reload keeps the session this tab holds.
    await page.reload();
    await page.locator('#work-view').waitFor();

    await page.click('#logout');
    await page.locator('#hosted-sign-in').waitFor();
    expect(page.url()).toBe(`${stack.url}/staff.html`);
    expect(await page.evaluate(() => sessionStorage.getItem('jaring.staff'))).toBeNull();
    expect(await page.locator('#work-view').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('refuses, in words, a return this tab did not start, and lets the officer sign in again', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${stack.url}/staff.html?code=a-code-from-elsewhere&state=not-ours`);
    await page.locator('#login-note', { hasText: 'tidak dimulai dari halaman ini' }).waitFor();
    expect(page.url()).toBe(`${stack.url}/staff.html`);
    await page.click('#lang');
    await page.click('#hosted-submit');
    await page.waitForURL(/\/oauth2\/authorize\?/);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(problems).toEqual([]);
  });
});
