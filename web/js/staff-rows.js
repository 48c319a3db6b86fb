/**
 * One queue row as the officer reads it: the priority with what it is made of, the deadline as days left, overdue
 * in words (not only red), flags and who holds the task. Rows come from the task list or from the search
 * (staff-queue.js), turned into one shape here.
 */
import { el } from './dom.js';
import { formatDate, lang, t } from './i18n.js';
import { flagLabel } from './staff-strings.js';

const DAY_MS = 86_400_000;

/** A task of GET /api/tasks as a row. */
export const taskRow = (task) => ({ ...task, factors: task.priorityFactors });

/** A GET /api/applications item as a row: its open task's deadline and claim, its screening's priority. */
export const searchRow = (app) => ({
  ...app.task,
  applicationId: app.applicationId,
  reference: app.reference,
  programId: app.programId,
  districtCode: app.address.districtCode,
  priority: app.screening?.priority.score ?? 0,
  factors: app.screening?.priority.factors ?? [],
  flags: (app.screening?.flags ?? []).map((f) => f.code),
  createdAt: app.createdAt,
});

/** "sisa 2 hari", "kurang dari 1 hari lagi", "lewat 3 hari": whole days, never rounded up towards more time. */
export function daysLeft(dueAt, now) {
  const ms = Date.parse(dueAt) - now;
  if (ms < 0) return t('due.late', { n: Math.max(1, Math.floor(-ms / DAY_MS)) });
  const days = Math.floor(ms / DAY_MS);
  return days < 1 ? t('due.today') : t(days === 1 ? 'due.left1' : 'due.left', { n: days });
}

/** "Desil 2 di DTSEN +45, 2 anak +10". */
export const priorityWhy = (factors) =>
  factors.map((f) => `${f.label?.[lang()] ?? f.label?.id ?? f.factor} +${f.points}`).join(', ');

/**
 * @param {any} row
 * @param {{ current: boolean, programName: string, districtName: string, open: () => void }} shown
 */
export function rowItem(row, { current, programName, districtName, open }) {
  const now = Date.now();
  const overdue = Date.parse(row.dueAt) < now;
  const claimedNow = row.claimedBy && (!row.claimExpiresAt || Date.parse(row.claimExpiresAt) > now);
  return el('li', { class: current ? 'task current' : 'task', 'data-task-id': row.taskId },
    el('div', { class: 'task-head' },
      el('span', { class: 'task-ref' }, row.reference),
      el('strong', {}, t('task.priority', { n: row.priority }))),
    row.factors?.length ? el('p', { class: 'priority-why' }, priorityWhy(row.factors)) : null,
    el('p', { class: 'task-meta' }, [programName, districtName, t('task.created', { date: formatDate(row.createdAt) })].join(' · ')),
    el('p', { class: overdue ? 'due overdue' : 'due' }, daysLeft(row.dueAt, now)),
    el('ul', { class: 'tags' },
      ...(row.flags ?? []).map((f) => el('li', { class: 'tag flag' }, flagLabel(f))),
      row.escalated ? el('li', { class: 'tag escalated' }, t('task.escalated')) : null,
      overdue ? el('li', { class: 'tag overdue' }, t('task.overdue')) : null,
      el('li', { class: claimedNow ? 'tag claimed' : 'tag' }, claimedNow ? t('task.claimedBy', { username: row.claimedBy }) : t('task.unclaimed'))),
    el('button', { type: 'button', class: 'button small', 'aria-label': t('task.openLabel', { reference: row.reference }), onclick: open }, t('task.open')));
}
