/**
 * The task queues: one per application stage of the human-task stage table that the server lets the officer list
 * (a payout batch's approval is worked in the finance console, finance.js), highest priority first, a page at a
 * time. Opening a task hands it to the detail panel (staff-task.js).
 */
import { failureMessage, programs, regions } from './api.js';
import { $, el } from './dom.js';
import { formatDate, formatDateTime, programName, regionName, t } from './i18n.js';
import { TASK_KINDS, TASK_STAGES } from './shared.js';
import { flagLabel } from './staff-strings.js';
import { staffApi } from './staff-session.js';
import { closeTask, openTask, redrawTask, shownTask } from './staff-task.js';

const QUEUE_KEY = 'jaring.staff.queue';

/** The queues `actions` (the caller's, from GET /api/me) may list, in stage table order. */
export const queuesFor = (actions) =>
  TASK_KINDS.filter((k) => TASK_STAGES[k].subject === 'application' && actions.includes(`tasks.list.${k}`));

/** @type {{ actions: string[] } | undefined} */
let me;
/** @type {string[]} */
let queues = [];
let queue = '';
let nextCursor = null;
/** @type {any[]} */
let tasks = [];
let programIndex = new Map();
let districtIndex = new Map();
let listRequest = 0;

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
  renderQueues();
  await loadTasks(false);
}

/** Leaves the queues; the next officer on this computer starts in their own. */
export function closeQueues() {
  me = undefined;
  tasks = [];
  nextCursor = null;
  listRequest++;
  closeTask();
  $('tasks').replaceChildren();
  $('queues').replaceChildren();
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

async function loadTasks(append) {
  if (!me) return;
  const request = ++listRequest;
  const status = $('list-status');
  status.textContent = t('list.loading');
  $('more').hidden = true;
  const params = new URLSearchParams({ kind: queue });
  if (append && nextCursor) params.set('cursor', nextCursor);
  const result = await staffApi('GET', `/api/tasks?${params}`);
  if (!me || request !== listRequest) return; // logged out, or a newer reload answers instead
  if (!result.ok) {
    status.textContent = t('list.failed', { message: failureMessage(result) });
    return;
  }
  tasks = append ? [...tasks, ...result.data.items] : result.data.items;
  nextCursor = result.data.nextCursor ?? null;
  const list = await programs();
  if (list.ok) programIndex = new Map(list.data.map((p) => [p.id, p]));
  districtIndex = await districtNames(tasks.map((x) => x.districtCode));
  if (request === listRequest) renderTasks();
}

function open(task) {
  // openTask marks the task shown before its first wait, so the list drawn next highlights it.
  void openTask(task, () => void loadTasks(false));
  renderTasks();
}

function renderTasks() {
  const status = $('list-status');
  status.textContent = tasks.length ? t('list.count', { n: tasks.length }) : t('list.empty');
  const now = Date.now();
  $('tasks').replaceChildren(...tasks.map((task) => {
    const overdue = Date.parse(task.dueAt) < now;
    const claimedNow = task.claimedBy && (!task.claimExpiresAt || Date.parse(task.claimExpiresAt) > now);
    const program = programIndex.get(task.programId);
    const district = districtIndex.get(task.districtCode) ?? task.districtCode;
    return el('li', { class: shownTask()?.taskId === task.taskId ? 'task current' : 'task', 'data-task-id': task.taskId },
      el('div', { class: 'task-head' },
        el('span', { class: 'task-ref' }, task.reference),
        el('strong', {}, t('task.priority', { n: task.priority }))),
      el('p', { class: 'task-meta' }, [program ? programName(program) : task.programId, district, t('task.created', { date: formatDate(task.createdAt) })].join(' · ')),
      el('ul', { class: 'tags' },
        ...(task.flags ?? []).map((f) => el('li', { class: 'tag flag' }, flagLabel(f))),
        task.escalated ? el('li', { class: 'tag escalated' }, t('task.escalated')) : null,
        overdue ? el('li', { class: 'tag overdue' }, t('task.overdue')) : null,
        el('li', { class: claimedNow ? 'tag claimed' : 'tag' }, claimedNow ? t('task.claimedBy', { username: task.claimedBy }) : t('task.unclaimed'))),
      el('p', { class: 'task-meta' }, t('task.due', { date: formatDateTime(task.dueAt) })),
      el('button', { type: 'button', class: 'button small', 'aria-label': t('task.openLabel', { reference: task.reference }), onclick: () => open(task) }, t('task.open')));
  }));
  $('more').hidden = !nextCursor;
}

/** Draws the queues again in the page's new language. */
export function redrawQueues() {
  if (!me) return;
  renderQueues();
  renderTasks();
  redrawTask();
}

$('reload').addEventListener('click', () => void loadTasks(false));
$('more').addEventListener('click', () => void loadTasks(true));
