/**
 * The applicant pages' service worker (Workbox, bundled by web/build.ts into `/sw.js`, so its scope is the whole
 * site). It keeps the form's shell (pages, scripts, styles, manifest: the precache list build.ts writes, each file
 * with its content hash) and the lists the form needs (GET /api/regions, GET /api/programs: answered from the cache at
 * once and refreshed behind, kept 7 days), so a second visit opens with no signal. A submission queued on the phone
 * is sent by Background Sync where the browser has it (phone-store.ts sendQueued; the page also sends on `online` and
 * at its next visit), and the open pages are told the outcome.
 * Staff pages and every other API call are not handled here: they go to the network as if there were no worker.
 */
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { StaleWhileRevalidate } from 'workbox-strategies';
import { KEEP_DAYS, sendQueued, SYNC_TAG } from './phone-store.ts';

/** Replaced by web/build.ts: the shell's files and their revisions. */
declare const PRECACHE_MANIFEST: { url: string; revision: string }[];

/** The few parts of the worker's global scope used here (the project's TypeScript has the DOM library, not the worker's). */
interface WaitUntil { waitUntil(work: Promise<unknown>): void }
interface SyncEvent extends WaitUntil { tag: string }
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: WaitUntil) => void): void;
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; matchAll(options: { type: 'window' }): Promise<{ postMessage(message: unknown): void }[]> };
}
const worker = self as unknown as WorkerScope;

/** Lists the form reads at its first paint, put in the cache while the worker installs. */
const LIST_URLS = ['/api/regions', '/api/programs'];
const LISTS_CACHE = 'jaring-lists';

precacheAndRoute(PRECACHE_MANIFEST, { ignoreURLParametersMatching: [/.*/], directoryIndex: 'index.html' });
cleanupOutdatedCaches();

registerRoute(
  ({ url, request }) => request.method === 'GET' && url.origin === location.origin && /^\/api\/(regions|programs)$/.test(url.pathname),
  new StaleWhileRevalidate({ cacheName: LISTS_CACHE, plugins: [new ExpirationPlugin({ maxAgeSeconds: KEEP_DAYS * 86_400, maxEntries: 500 })] }),
);

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(LISTS_CACHE).then((cache) => cache.addAll(LIST_URLS)).catch(() => undefined).then(() => worker.skipWaiting()));
});
// The page that installed the worker is served by it from now on, so the lists it asks for next are kept too.
worker.addEventListener('activate', (event) => event.waitUntil(worker.clients.claim()));

worker.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(sendQueued().then(async (result) => {
    for (const client of await worker.clients.matchAll({ type: 'window' })) client.postMessage({ type: SYNC_TAG, result });
    // Still no answer: the browser tries the sync again later.
    if (result.state === 'waiting' || result.state === 'failed') throw new Error('the submission is still waiting for a connection');
  }));
});
