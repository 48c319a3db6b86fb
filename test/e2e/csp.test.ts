/**
 * The pages under their Content-Security-Policy in a real browser (issue #8, defect 10): nothing they do at load, nor
 * signing in to the staff console, is blocked by it. A violation does not throw in the page, so the browser's
 * `securitypolicyviolation` events are collected instead.
 */
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';


let stack: LocalStack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A page that records every CSP violation, from before its first script runs. */
async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const page = await (await browser.newContext({ locale: 'id-ID' })).newPage();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations) };
}

describe('pages under their Content-Security-Policy', () => {
  it.each(['/', '/status.html', '/staff.html'])('%s loads with nothing blocked', async (path) => {
    const { page, violations } = await watchedPage();
    const response = await page.goto(stack.url + path, { waitUntil: 'networkidle' });
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await violations()).toEqual([]);
  });

  it('the staff console signs in and shows the work view with nothing blocked', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${stack.url}/staff.html`, { waitUntil: 'networkidle' });
    await page.fill('#username', 'verifikator.tangerang');
    await page.fill('#password', 'jaring-dev');
    await page.click('#login-submit');
    await page.locator('#login-view').waitFor({ state: 'hidden' });
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual([]);
  });

  it('an injected inline script is blocked (the policy is in force, not only sent)', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${stack.url}/status.html`, { waitUntil: 'networkidle' });
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
    });
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect((await violations()).some((v) => v.startsWith('script-src'))).toBe(true);
  });
});
