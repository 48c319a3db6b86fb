/**
 * The application search screen, for whoever may search (`application.list`): any status, programme, period,
 * district or flag, or one reference, with the server's total and a "more" page at a time. An officer who works
 * everywhere (an admin) names the city: the server reads one city's index, never the whole table.
 */
import { failureMessage, programs, regions } from './api.js';
import { $, el } from './dom.js';
import { formatDate, formatPeriod, programName, regionName, t } from './i18n.js';
import { fillDistricts, fillFlags, fillPrograms, fillStatuses, refusalText, searchQuery } from './staff-filters.js';
import { daysLeft } from './staff-rows.js';
import { staffApi } from './staff-session.js';
import { flagLabel } from './staff-strings.js';

/** The pilot's first city: where an admin's search starts. */
const DEFAULT_CITY = '36.71';
/** Results per page: a screenful to scan before asking for more. */
const PAGE = 10;

let me;
let found = [];
let total = 0;
let nextCursor = null;
let query = new URLSearchParams();
let request = 0;
let searched = false;
let programIndex = new Map();
let districtIndex = new Map();

function showScreen(search) {
  $('queue-screen').hidden = search;
  $('search-screen').hidden = !search;
  $('show-queue').setAttribute('aria-pressed', String(!search));
  $('show-search').setAttribute('aria-pressed', String(search));
}

/** Offers the search beside the queues to an officer whose actions include it. */
export function offerSearch(caller) {
  me = caller;
  const offered = me.actions.includes('application.list');
  $('work-screens').hidden = !offered;
  showScreen(false);
  if (!offered) return;
  $('s-city').value = me.regions[0]?.slice(0, 5) ?? DEFAULT_CITY;
  fillStatuses($('s-status'));
  fillFlags($('s-flag'));
  void fillPrograms($('s-program'));
  void fillDistricts($('s-district'), $('s-city').value);
  // The cities of the city's province, to pick from as the code is typed.
  void regions($('s-city').value.slice(0, 2)).then((r) => {
    if (r.ok) $('s-cities').replaceChildren(...r.data.map((c) => el('option', { value: c.code }, regionName(c.name))));
  });
}

export function closeSearch() {
  me = undefined;
  found = [];
  searched = false;
  request++;
  $('search-form').reset();
  $('search-results').replaceChildren();
  $('search-status').textContent = '';
  $('search-more').hidden = true;
  $('work-screens').hidden = true;
  showScreen(false);
}

async function search(append) {
  if (!me) return;
  const mine = ++request;
  $('search-status').textContent = t('search.loading');
  $('search-more').hidden = true;
  if (!append) query = searchQuery($('search-form'));
  const params = new URLSearchParams({ ...Object.fromEntries(query), limit: String(PAGE), ...(append && nextCursor ? { cursor: nextCursor } : {}) });
  const r = await staffApi('GET', `/api/applications?${params}`);
  if (!me || mine !== request) return;
  if (!r.ok) {
    $('search-status').textContent = t('search.failed', { message: refusalText(r, failureMessage(r)) });
    return;
  }
  searched = true;
  found = append ? [...found, ...r.data.items] : r.data.items;
  total = r.data.total;
  nextCursor = r.data.nextCursor;
  const list = await programs();
  if (list.ok) programIndex = new Map(list.data.map((p) => [p.id, p]));
  const cities = [...new Set(found.map((a) => a.address.regencyCode))];
  await Promise.all(cities.map(async (city) => {
    const d = await regions(city);
    if (d.ok) for (const x of d.data) districtIndex.set(x.code, regionName(x.name));
  }));
  if (mine === request) renderResults();
}

function renderResults() {
  $('search-status').textContent = found.length ? t('search.count', { n: found.length, total }) : t('search.none');
  const now = Date.now();
  $('search-results').replaceChildren(...found.map((a) => el('li', { class: 'task', 'data-application-id': a.applicationId },
    el('div', { class: 'task-head' },
      el('span', { class: 'task-ref' }, a.reference),
      el('span', { class: 'status-badge', 'data-status': a.status }, t(`status.${a.status}`))),
    el('p', { class: 'task-meta' }, [
      programName(programIndex.get(a.programId)) || a.programId, formatPeriod(a.period),
      districtIndex.get(a.address.districtCode) ?? a.address.districtCode, t('task.created', { date: formatDate(a.createdAt) }),
    ].join(' · ')),
    a.task ? el('p', { class: Date.parse(a.task.dueAt) < now ? 'due overdue' : 'due' }, `${t(`queue.${a.task.kind}`)}: ${daysLeft(a.task.dueAt, now)}`) : null,
    a.screening?.flags?.length ? el('ul', { class: 'tags' }, ...a.screening.flags.map((f) => el('li', { class: 'tag flag' }, flagLabel(f.code)))) : null)));
  $('search-more').hidden = !nextCursor;
}

/** Draws the screen again in the page's new language. */
export function redrawSearch() {
  if (!me || $('work-screens').hidden) return;
  fillStatuses($('s-status'));
  fillFlags($('s-flag'));
  void fillPrograms($('s-program'));
  if (searched) renderResults();
}

$('show-queue').addEventListener('click', () => showScreen(false));
$('show-search').addEventListener('click', () => {
  showScreen(true);
  $('s-reference').focus();
});
$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void search(false);
});
$('search-more').addEventListener('click', () => void search(true));
$('s-city').addEventListener('change', () => void fillDistricts($('s-district'), $('s-city').value.trim()));
