/**
 * What the queue's filters and the search screen share: their selects filled from the server's lists (programmes,
 * a city's districts) and the shared tables (statuses, screening flags), and a form read as the search's query.
 */
import { programs, regions } from './api.js';
import { el } from './dom.js';
import { programName, regionName, t } from './i18n.js';
import { APPLICATION_STATUSES, FLAG_CODES } from './shared.js';
import { flagLabel } from './staff-strings.js';

/** Refills a select after its first option ("Semua"), keeping the choice when it is still offered. */
function refill(select, options) {
  const chosen = select.value;
  select.replaceChildren(select.options[0], ...options.map(([value, label]) => el('option', { value }, label)));
  select.value = options.some(([value]) => value === chosen) ? chosen : '';
}

export async function fillPrograms(select) {
  const r = await programs();
  refill(select, r.ok ? r.data.map((p) => [p.id, programName(p)]) : []);
}

/** The districts of a city (a code like 36.71); none while the code is not a city's. */
export async function fillDistricts(select, city) {
  const r = /^\d{2}\.\d{2}$/.test(city) ? await regions(city) : undefined;
  refill(select, r?.ok ? r.data.map((d) => [d.code, regionName(d.name)]) : []);
}

export const fillFlags = (select) => refill(select, FLAG_CODES.map((code) => [code, flagLabel(code)]));

export const fillStatuses = (select) => refill(select, APPLICATION_STATUSES.map((s) => [s, t(`status.${s}`)]));

/**
 * The filled-in fields of a form as the search's query. The server takes a reference alone (one application), so
 * the other filters are left out when one is given.
 */
export function searchQuery(form) {
  const query = new URLSearchParams();
  for (const field of form.elements) {
    if (!field.name || field.disabled || field.name === 'sort' || (field.type === 'checkbox' && !field.checked)) continue;
    const value = field.value.trim();
    if (value) query.set(field.name, field.name === 'reference' ? value.toUpperCase() : value);
  }
  const reference = query.get('reference');
  return reference ? new URLSearchParams({ reference }) : query;
}

/** A refused search in the officer's words: the server's message and the fields it names. */
export const refusalText = (result, message) =>
  [message, ...(Array.isArray(result.data?.issues) ? result.data.issues.map((i) => i.message) : [])].join(' ');
