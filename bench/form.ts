/**
 * `npm run bench -- form`: the applicant's form on a cheap phone's connection. Debian's chromium with Slow-3G
 * emulation (400 ms latency, 400 kbps each way: CDP Network.emulateNetworkConditions) and 4x CPU throttling
 * (Emulation.setCPUThrottlingRate), against the local stack: the time from navigation to a usable form (the
 * programmes and provinces listed and a draft back: apply.js sets `data-ready`), cold (a fresh profile) and warm
 * (the service worker installed), side by side in one run, and the bytes the page took from the network. Also the
 * gzipped JavaScript of the applicant pages (the limit: 150 KB). A Markdown table on stdout.
 */
import { gzipSync } from 'node:zlib';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startLocalStack } from '../local/stack.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { APPLICANT_PAGES, buildPageFiles, filesOfPages, SERVICE_WORKER_PATH } from '../web/build.ts';
import { readFileSync } from 'node:fs';

const ROUNDS = Number(process.env.BENCH_FORM_ROUNDS ?? 3);
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const CPU_SLOWDOWN = 4;
const TARGET_COLD_MS = 5_000;
const TARGET_WARM_MS = 1_000;

/** The page's CDP session, throttled, counting the bytes that came over the network (not from the worker). */
async function throttled(page: Page): Promise<{ session: CDPSession; bytes: () => number; reset: () => void }> {
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  await session.send('Network.emulateNetworkConditions', SLOW_3G);
  await session.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const fromWorker = new Set<string>();
  let total = 0;
  session.on('Network.responseReceived', (e) => {
    if (e.response.fromServiceWorker) fromWorker.add(e.requestId);
  });
  session.on('Network.loadingFinished', (e) => {
    if (!fromWorker.has(e.requestId)) total += e.encodedDataLength;
  });
  return { session, bytes: () => total, reset: () => (total = 0) };
}

/**
 * Milliseconds from navigation to a usable form on the page's own clock (its time origin to the `jaring-form-ready`
 * mark apply.js sets), and as this process saw it (goto to the marked form, through the DevTools protocol).
 */
async function timeToForm(page: Page, url: string): Promise<{ page: number; seen: number }> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
  await page.locator('#apply[data-ready=true]').waitFor({ timeout: 60_000 });
  const seen = performance.now() - started;
  return { page: await page.evaluate(() => performance.getEntriesByName('jaring-form-ready')[0]?.startTime ?? NaN), seen };
}

async function workerInControl(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const stack = await startLocalStack();
const browser = await launchChromium();
const cold: { page: number; seen: number }[] = [];
const warm: { page: number; seen: number }[] = [];
const coldBytes: number[] = [];
const warmBytes: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'id-ID' });
    const page = await context.newPage();
    const meter = await throttled(page);
    cold.push(await timeToForm(page, stack.url));
    coldBytes.push(meter.bytes());
    await workerInControl(page);
    await page.waitForTimeout(1_000); // the worker's install (precache) finishes
    meter.reset();
    warm.push(await timeToForm(page, stack.url));
    warmBytes.push(meter.bytes());
    await context.close();
  }
} finally {
  await browser.close();
  await stack.close();
}

const built = buildPageFiles();
const served = (path: string) => built[path] ?? readFileSync(new URL(`../web/${path}`, import.meta.url));
const scripts = filesOfPages(APPLICANT_PAGES, built).filter((path) => path.endsWith('.js'));
const pageJs = scripts.reduce((sum, path) => sum + gzipSync(served(path)).length, 0);
const workerJs = gzipSync(built[SERVICE_WORKER_PATH] ?? '').length;

const of = (runs: { page: number; seen: number }[], clock: 'page' | 'seen') => runs.map((r) => r[clock]);
const rows = [
  ['Usable form, cold (no worker), page clock', seconds(median(of(cold, 'page'))), `<= ${seconds(TARGET_COLD_MS)}`, of(cold, 'page').map(seconds).join(', ')],
  ['Usable form, warm (service worker), page clock', seconds(median(of(warm, 'page'))), `<= ${seconds(TARGET_WARM_MS)}`, of(warm, 'page').map(seconds).join(', ')],
  ['Usable form, cold / warm, seen by the bench', `${seconds(median(of(cold, 'seen')))} / ${seconds(median(of(warm, 'seen')))}`, '', ''],
  ['Warm / cold (page clock)', `${(median(of(warm, 'page')) / median(of(cold, 'page'))).toFixed(2)}`, '', ''],
  ['Bytes from the network until usable, cold', kb(median(coldBytes)), '', coldBytes.map(kb).join(', ')],
  ['Bytes from the network until usable, warm', kb(median(warmBytes)), '', warmBytes.map(kb).join(', ')],
  [`Applicant pages' JavaScript, gzipped (${scripts.length} files)`, kb(pageJs), '<= 150.0 KB', ''],
  ['Service worker (sw.js), gzipped', kb(workerJs), '', ''],
];
console.log(`\nApplicant form, Slow-3G (400 ms, 400 kbps) and ${CPU_SLOWDOWN}x CPU, ${ROUNDS} rounds (median)\n`);
console.log('| measure | median | target | each round |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
