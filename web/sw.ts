/**
 * The applicant pages' service worker (Workbox, bundled by web/build.ts into `/sw.js`, so its scope is the whole
 * site). It keeps the form's shell (pages, scripts, styles, manifest: the precache list build.ts writes, each file
 * with its content hash) and the lists the form needs (GET /api/regions, GET /api/programs: answered from the cache at
 * once and refreshed behind, kept 7 days), so a second visit opens with no signal. A submission queued on the phone
 * is sent by Background Sync where the browser has it (phone-store.ts sendQueued; the page also sends on `online` and
 * at its next visit), and the open pages are told the outcome.
 * Only the applicant pages are served from here (their navigations, and the requests of a page that is one): the
 * staff pages share the site, the scope and some scripts (api.js, i18n.js), and must never run a cached script
 * beside a fresh one, nor read a cached programme list after an edit. They, and every other API call, go to the
 * network as if there were no worker.
 */
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, matchPrecache, precache } from 'workbox-precaching';
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
  clients: {
    claim(): Promise<void>;
    get(id: string): Promise<{ url: string } | undefined>;
    matchAll(options: { type: 'window' }): Promise<{ postMessage(message: unknown): void }[]>;
  };
}
const worker = self as unknown as WorkerScope;

/** Lists the form reads at its first paint, put in the cache while the worker installs. */
const LIST_URLS = ['/api/regions', '/api/programs'];
const LISTS_CACHE = 'jaring-lists';

precache(PRECACHE_MANIFEST);
cleanupOutdatedCaches();

const APPLICANT_PAGES = new Set(['/', '/index.html', '/status.html']);
/** The precached file for a path: `/` is the form, and a query (`status.html?ref=...`) does not name another file. */
const precachedPath = (url: URL) => (url.pathname === '/' ? '/index.html' : url.pathname);
const PRECACHED = new Set(PRECACHE_MANIFEST.map((entry) => `/${entry.url}`));
const sameOriginGet = (url: URL, request: Request) => request.method === 'GET' && url.origin === location.origin;

/** Per page (client id): is it an applicant page? Asked once per page, not once per file it loads. */
const applicantClients = new Map<string, Promise<boolean>>();

/** Whether the request is an applicant page's: a navigation to one, or a request made by one. */
function forApplicant({ request, event }: { request: Request; event: unknown }): Promise<boolean> {
  if (request.mode === 'navigate') return Promise.resolve(APPLICANT_PAGES.has(new URL(request.url).pathname));
  const { clientId } = event as { clientId?: string };
  if (!clientId) return Promise.resolve(false);
  let known = applicantClients.get(clientId);
  if (!known) {
    known = worker.clients.get(clientId).then((client) => client !== undefined && APPLICANT_PAGES.has(new URL(client.url).pathname));
    applicantClients.set(clientId, known);
  }
  return known;
}

registerRoute(
  ({ url, request }) => sameOriginGet(url, request) && PRECACHED.has(precachedPath(url)),
  async (options) => ((await forApplicant(options)) && (await matchPrecache(precachedPath(options.url)))) || fetch(options.request),
);

const lists = new StaleWhileRevalidate({ cacheName: LISTS_CACHE, plugins: [new ExpirationPlugin({ maxAgeSeconds: KEEP_DAYS * 86_400, maxEntries: 500 })] });
registerRoute(
  ({ url, request }) => sameOriginGet(url, request) && /^\/api\/(regions|programs)$/.test(url.pathname),
  async (options) => ((await forApplicant(options)) ? lists.handle(options) : fetch(options.request)),
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
