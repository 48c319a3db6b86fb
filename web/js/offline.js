/**
 * The applicant pages offline: registers the service worker (/sw.js, built by web/build.ts, scope the whole site),
 * asks it for a Background Sync when a submission waits, passes on what it reports, and says on the page when the
 * phone has no signal. Without service workers (an old browser, a private window) the pages work online as before.
 */
import { $ } from './dom.js';
import { SYNC_TAG } from './phone-store.js';

const supported = 'serviceWorker' in navigator;

/** Registers the worker; `onResult` hears each send it made by Background Sync. */
export function startOffline(onResult) {
  const note = $('offline-note');
  const show = () => {
    if (note) note.hidden = navigator.onLine;
  };
  window.addEventListener('online', show);
  window.addEventListener('offline', show);
  show();
  if (!supported) return;
  // updateViaCache 'none': the worker's own script is always asked of the server, never of the HTTP cache.
  navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch(() => undefined);
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type === SYNC_TAG && onResult) void onResult(event.data.result);
  });
}

/** Background Sync where the browser has it; elsewhere the page's `online` event and the next visit send instead. */
export async function requestSync() {
  if (!supported) return;
  // Not `ready`, which never settles for a page without a worker (refused, or failed to install): the page's own
  // retry would then wait on it for ever.
  const registration = await navigator.serviceWorker.getRegistration();
  await registration?.sync?.register(SYNC_TAG).catch(() => undefined);
}
