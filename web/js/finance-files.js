/**
 * Files to and from the finance API: the payment file and invitations come with the staff token, so a plain link
 * cannot fetch them; they are fetched, kept as a blob and saved through a temporary `<a download>`. A payment file
 * too large for an API answer comes as a 303 to a short-lived link of the file store, which fetch follows without
 * the token (the link is signed); the store sends and exposes the same Content-Disposition, so the name is kept. The
 * bank's result file goes up as it is (text/csv). Never throws: failures come back as `{ ok: false, status, data }`, the
 * shape `api()` answers with, so `failureMessage` words them.
 */
import { jsonOf, unreached } from './api.js';
import { lang, t } from './i18n.js';

const TIMEOUT_MS = 120_000;

/**
 * @param {string} method
 * @param {string} path
 * @param {{ token?: string, body?: Blob | string, contentType?: string, accept?: string }} options
 * @returns {Promise<{ status: number, ok: boolean, data: any, blob?: Blob, headers?: Headers }>}
 */
export async function rawRequest(method, path, options) {
  const headers = { accept: options.accept ?? 'application/json', 'accept-language': lang() === 'en' ? 'en' : 'id' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(path, { method, headers, body: options.body, signal: controller.signal, credentials: 'same-origin' });
    const type = response.headers.get('content-type') ?? '';
    if (response.ok && !type.startsWith('application/json')) {
      return { status: response.status, ok: true, data: {}, blob: await response.blob(), headers: response.headers };
    }
    return { status: response.status, ok: response.ok, data: await jsonOf(response), headers: response.headers };
  } catch (error) {
    return { status: 0, ok: false, data: unreached(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The file name the server gives (`content-disposition`), or `fallback`. */
function fileName(headers, fallback) {
  const disposition = headers?.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

/** Hands a blob to the browser as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns; the URL is released a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetches `path` with the token and saves it; the result says how it went (and `name` when it was saved). */
export async function download(path, token, fallbackName, accept) {
  const result = await rawRequest('GET', path, { token, accept });
  if (!result.ok || !result.blob) return result.ok ? { ...result, ok: false, data: { message: t('error.server') } } : result;
  const name = fileName(result.headers, fallbackName);
  saveBlob(result.blob, name);
  return { ...result, name };
}

/** Sends the bank's result file as it is. */
export const uploadResults = (path, token, file) =>
  rawRequest('POST', path, { token, body: file, contentType: 'text/csv' });
