/**
 * The task queues: one per application stage of the human-task stage table that the server lets the officer list
 * (a payout batch's approval is worked in the finance console, finance.js), a page at a time, with the server's
 * total. Unfiltered and by priority it is GET /api/tasks (the queue's own order); any filter, the other order, or
 * an officer who works everywhere (who names a city) reads the search, GET /api/applications, in the stage's
 * waiting status. Opening a task hands it to the detail panel (staff-task.js).
 */
import { failureMessage, programs, regions } from './api.js';
import { $, el } from './dom.js';
import { programName, regionName, t } from './i18n.js';
import { TASK_KINDS, TASK_STAGES } from './shared.js';
import { fillDistricts, fillFlags, fillPrograms, refusalText, searchQuery } from './staff-filters.js';
import { rowItem, searchRow, taskRow } from './staff-rows.js';
import { closeSearch, offerSearch, redrawSearch } from './staff-search.js';
import { staffApi } from './staff-session.js';
import { closeTask, openTask, redrawTask, shownTask } from './staff-task.js';

const QUEUE_KEY = 'jaring.staff.queue';
const PAGE = 25;

/** The queues `actions` (the caller's, from GET /api/me) may list, in stage table order. */
export const queuesFor = (actions) =>
  TASK_KINDS.filter((k) => TASK_STAGES[k].subject === 'application' && actions.includes(`tasks.list.${k}`));

/** @type {{ actions: string[], regions: string[] } | undefined} */
let me;
/** @type {string[]} */
let queues = [];
let queue = '';
let nextCursor = null;
/** @type {any[]} */
let rows = [];
/** The server's count of the queue as filtered; the order the rows come in. */
let total = 0;
let byPriority = true;
let programIndex = new Map();
let districtIndex = new Map();
let listRequest = 0;

/** An officer with no regions of their own works everywhere (an admin): they name the city whose queue they read. */
const namesCity = () => me.regions.length === 0;

function renderQueues() {
  $('queues').replaceChildren(...queues.map((q) => el('div', { class: 'choice' },
    el('input', { type: 'radio', name: 'queue', id: `queue-${q}`, value: q, checked: q === queue }),
    el('label', { for: `queue-${q}` }, t(`queue.${q}`)))));
  for (const radio of $('queues').querySelectorAll('input')) {
    radio.addEventListener('change', () => {
      queue = radio.value;
      try {
        sessionStorage.setItem(QUEUE_KEY, queue);
      } catch {
        // not remembered
      }
      void loadTasks(false);
    });
  }
}

/** The city whose districts the filter offers: the one named, else the officer's first region's. */
const filterCity = () => (namesCity() ? $('q-city').value.trim() : me.regions[0]?.slice(0, 5) ?? '');

/** Shows the queues `offered` to the caller, starting in the one last chosen in this tab, else where their own work is. */
export async function showQueues(caller, offered) {
  me = caller;
  queues = offered;
  let saved;
  try {
    saved = sessionStorage.getItem(QUEUE_KEY);
  } catch {
    saved = null;
  }
  // Their own work: the first stage they decide, else the first whose overdue tasks escalate to them.
  const own = (prefix) => queues.find((k) => me.actions.includes(`${prefix}${k}`));
  queue = queues.includes(saved ?? '') ? saved : own('task.work.') ?? own('task.work.escalated-') ?? queues[0];
  $('queue-toolbar').hidden = false;
  $('q-city-field').hidden = !namesCity();
  $('q-city').disabled = !namesCity();
  $('q-sort').closest('.field').hidden = namesCity(); // the search's order only: no priority order to choose
  renderQueues();
  offerSearch(me);
  fillFlags($('q-flag'));
  await Promise.all([fillPrograms($('q-program')), fillDistricts($('q-district'), filterCity())]);
  await loadTasks(false);
}

/** Leaves the queues; the next officer on this computer starts in their own. */
export function closeQueues() {
  me = undefined;
  rows = [];
  nextCursor = null;
  listRequest++;
  closeTask();
  closeSearch();
  $('tasks').replaceChildren();
  $('queues').replaceChildren();
  $('queue-filters').reset();
  try {
    sessionStorage.removeItem(QUEUE_KEY);
  } catch {
    // nothing kept
  }
}

/** District names for the codes in the list (the regions are cached per page and by the browser). */
async function districtNames(codes) {
  const names = new Map();
  const regencies = [...new Set(codes.map((c) => c.slice(0, 5)))];
  await Promise.all(regencies.map(async (regency) => {
    const r = await regions(regency);
    if (r.ok) for (const d of r.data) names.set(d.code, regionName(d.name));
  }));
  return names;
}

/** One page of the queue, from the task list or from the search; `{ failed }` with the words when refused. */
async function readPage(append) {
  const query = searchQuery($('queue-filters'));
  const waiting = TASK_STAGES[queue].waitsIn;
  const cursor = append && nextCursor ? { cursor: nextCursor } : {};
  const filtered = [...query.keys()].some((k) => k !== 'regencyCode');
  if (!namesCity() && $('q-sort').value === 'priority' && !filtered) {
    const [page, count] = await Promise.all([
      staffApi('GET', `/api/tasks?${new URLSearchParams({ kind: queue, limit: String(PAGE), ...cursor })}`),
      append ? undefined : staffApi('GET', `/api/applications?${new URLSearchParams({ status: waiting, limit: '1' })}`),
    ]);
    if (!page.ok) return { failed: failureMessage(page) };
    if (count && !count.ok) return { failed: failureMessage(count) };
    return { rows: page.data.items.map(taskRow), nextCursor: page.data.nextCursor, total: count?.data.total ?? total, byPriority: true };
  }
  if (!query.has('reference')) query.set('status', waiting);
  const page = await staffApi('GET', `/api/applications?${new URLSearchParams({ ...Object.fromEntries(query), limit: String(PAGE), ...cursor })}`);
  if (!page.ok) return { failed: refusalText(page, failureMessage(page)) };
  // A reference found in another stage is not in this queue; a waiting application always has its task.
  const found = page.data.items.filter((a) => a.task?.kind === queue).map(searchRow);
  return { rows: found, nextCursor: page.data.nextCursor, total: query.has('reference') ? found.length : page.data.total, byPriority: query.has('overdue') };
}

async function loadTasks(append) {
  if (!me) return;
  const request = ++listRequest;
  const status = $('list-status');
  status.textContent = t('list.loading');
  $('more').hidden = true;
  const page = await readPage(append);
  if (!me || request !== listRequest) return; // logged out, or a newer reload answers instead
  if (page.failed) {
    status.textContent = t('list.failed', { message: page.failed });
    return;
  }
  rows = append ? [...rows, ...page.rows] : page.rows;
  nextCursor = page.nextCursor ?? null;
  total = page.total;
  byPriority = page.byPriority;
  const list = await programs();
  if (list.ok) programIndex = new Map(list.data.map((p) => [p.id, p]));
  districtIndex = await districtNames(rows.map((x) => x.districtCode));
  if (request === listRequest) renderTasks();
}

/** The task after the one just decided: the queue's first other one, as the list was read again. */
const nextAfter = (task) => rows.find((r) => r.taskId !== task.taskId);

function open(row) {
  // openTask marks the task shown before its first wait, so the list drawn next highlights it.
  void openTask(row, { actions: me.actions, listChanged: () => loadTasks(false), next: () => nextAfter(row), open });
  renderTasks();
}

function renderTasks() {
  // Redrawing replaces the rows: the keyboard focus goes back to the same row's button, not to the page's top.
  const focused = document.activeElement?.closest?.('#tasks .task')?.getAttribute('data-task-id');
  const order = t(byPriority ? 'list.byPriority' : 'list.byAge');
  $('list-status').textContent = rows.length ? t('list.count', { n: rows.length, total, order }) : t('list.empty');
  $('tasks').replaceChildren(...rows.map((row) => {
    const program = programIndex.get(row.programId);
    return rowItem(row, {
      current: shownTask()?.taskId === row.taskId,
      programName: program ? programName(program) : row.programId,
      districtName: districtIndex.get(row.districtCode) ?? row.districtCode,
      open: () => open(row),
    });
  }));
  if (focused) $('tasks').querySelector(`[data-task-id="${CSS.escape(focused)}"] button`)?.focus();
  $('more').hidden = !nextCursor;
}

/** Draws the queues again in the page's new language. */
export function redrawQueues() {
  if (!me) return;
  renderQueues();
  fillFlags($('q-flag'));
  void fillPrograms($('q-program'));
  renderTasks();
  redrawTask();
  redrawSearch();
}

$('reload').addEventListener('click', () => void loadTasks(false));
$('more').addEventListener('click', () => void loadTasks(true));
$('queue-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  void loadTasks(false);
});
$('q-city').addEventListener('change', () => void fillDistricts($('q-district'), filterCity()));
