/**
 * One way to call the API: JSON in and out, the chosen language as Accept-Language, an optional staff token, and
 * a timeout so a stalled mobile connection ends in a message instead of a spinner forever. Never throws: network
 * failures come back as `{ status: 0, data: { error: 'Network' | 'Timeout', message } }`.
 */
import { lang, t } from './i18n.js';

const TIMEOUT_MS = 30_000;

/** A response's JSON body; one that is not JSON (a proxy's error page) is worded as a server error. */
export async function jsonOf(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { error: 'BadResponse', message: t('error.server') };
  }
}

/** Why a request got no answer at all: it timed out, or the network failed. */
export function unreached(error) {
  const timedOut = error instanceof DOMException && error.name === 'AbortError';
  return { error: timedOut ? 'Timeout' : 'Network', message: t(timedOut ? 'error.timeout' : 'error.network') };
}

/**
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, form?: Record<string, string>, token?: string }} [options] `form` is sent as a form post
 *   (the OAuth token endpoint's format), `body` as JSON.
 * @returns {Promise<{ status: number, ok: boolean, data: any, retryAfter: number | undefined }>}
 */
export async function api(method, path, options = {}) {
  const headers = { accept: 'application/json', 'accept-language': lang() === 'en' ? 'en' : 'id' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: options.form !== undefined ? new URLSearchParams(options.form).toString() : options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      credentials: 'same-origin',
    });
    const data = await jsonOf(response);
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    return { status: response.status, ok: response.ok, data, retryAfter };
  } catch (error) {
    return {
      status: 0,
      ok: false,
      data: unreached(error),
      retryAfter: undefined,
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The server words its refusals in both languages in one string, Bahasa Indonesia first ("Pemisahan tugas: ... /
 * Segregation of duties: ..."): the page shows the reader's half. A message without exactly one " / " is shown whole.
 */
export function inReadersLanguage(message) {
  const halves = message.split(' / ');
  return halves.length === 2 ? halves[lang() === 'en' ? 1 : 0] : message;
}

/** A message for a failed call that the page has no better words for. */
export function failureMessage(result) {
  if (result.status === 0) return result.data.message;
  if (result.status === 429) return t('error.tooMany', { seconds: result.retryAfter ?? result.data?.retryAfterSeconds ?? 60 });
  if (result.status === 503 && result.retryAfter) return t('error.busy', { seconds: result.retryAfter });
  if (result.status >= 500) return t('error.server');
  return result.data?.message ? inReadersLanguage(result.data.message) : t('error.server');
}

/** Regions are fetched once per page and parent (the server lets the browser cache them for a day too). */
const regionCache = new Map();
export function regions(parent) {
  const key = parent ?? '';
  if (!regionCache.has(key)) {
    const pending = api('GET', parent ? `/api/regions?parent=${encodeURIComponent(parent)}` : '/api/regions').then((r) => {
      if (!r.ok) regionCache.delete(key); // try again next time
      return r;
    });
    regionCache.set(key, pending);
  }
  return regionCache.get(key);
}

const programLists = new Map();
/**
 * The programme list, fetched once per page and province: whether intake is open, and the period, follow the
 * clock of the applicant's province (WIB, WITA or WIT; WIB before a province is chosen).
 */
export function programs(provinceCode = '') {
  if (!programLists.has(provinceCode)) {
    const query = provinceCode ? `?provinceCode=${encodeURIComponent(provinceCode)}` : '';
    programLists.set(provinceCode, api('GET', `/api/programs${query}`).then((r) => {
      if (!r.ok) programLists.delete(provinceCode);
      return r;
    }));
  }
  return programLists.get(provinceCode);
}

let reasonsPromise;
/** The rejection reason catalogue (code, stages, label, explanation, next step), fetched once per page. */
export function reasonCatalogue() {
  reasonsPromise ??= api('GET', '/api/reason-codes').then((r) => {
    if (!r.ok) reasonsPromise = undefined;
    return r;
  });
  return reasonsPromise;
}
