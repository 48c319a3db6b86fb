/**
 * The finance console (issue #9, deliverable 9): finance officers land here after logging in to the staff console.
 * They prepare a payout batch for a programme and period, follow it while it is built and disbursed, approve or
 * reject a colleague's batch (the API enforces segregation of duties; the page only leaves the maker's own
 * approval out), download the payment file and invitations, upload the bank's results and work the exceptions.
 * staff.js hands over with `showFinance(context)` and takes the page back with `hideFinance()`.
 */
import { failureMessage, programs } from './api.js';
import { $, el, summaryBox } from './dom.js';
import { check, clearErrors, showIssues, showMessage } from './form.js';
import { formatBenefit, formatDate, formatPeriod, onLangChange, programName, rupiah, t } from './i18n.js';
import './finance-strings.js';
import { batchFigures, progressBlock, renderBatch, statusText, TRANSIENT } from './finance-batch.js';

const POLL_MS = 1500;

/**
 * @typedef {{ user: { username: string, roles: string[] }, call: (method: string, path: string, body?: unknown) => Promise<any>,
 *   token: () => string | undefined, expired: () => void }} FinanceContext
 */
/** @type {FinanceContext | undefined} */
let ctx;
let batches = [];
let nextCursor = null;
let programIndex = new Map();
/** The batch open in the detail panel, and the status it was drawn in. */
let selected;
let drawnStatus;
/** After an action: keep asking until the batch leaves this status. */
let waitingToLeave;
let timer;
let listRequest = 0;

const view = () => $('finance-view');
const batchPath = (id) => `/api/payout-batches/${encodeURIComponent(id)}`;


/** The page's frame, built once per login. */
function frame() {
  const form = el('form', { id: 'new-batch', method: 'post', novalidate: true },
    el('div', { class: 'field', 'data-path': 'programId' },
      el('label', { for: 'batch-program' }, t('fin.program')),
      el('p', { class: 'hint', id: 'batch-program-hint' }, t('fin.programHint')),
      el('p', { class: 'field-error', id: 'batch-program-error', hidden: true }),
      el('select', { id: 'batch-program', name: 'programId', 'aria-describedby': 'batch-program-hint batch-program-error', onchange: () => renderPeriods() })),
    el('div', { class: 'field', 'data-path': 'period' },
      el('label', { for: 'batch-period' }, t('fin.period')),
      el('p', { class: 'hint', id: 'batch-period-hint' }, t('fin.periodHint')),
      el('p', { class: 'field-error', id: 'batch-period-error', hidden: true }),
      el('select', { id: 'batch-period', name: 'period', 'aria-describedby': 'batch-period-hint batch-period-error' })),
    el('button', { type: 'submit', id: 'create-batch', class: 'button primary' }, t('fin.create')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void createBatch();
  });
  view().replaceChildren(
    el('h1', { id: 'finance-title' }, t('fin.h1')),
    el('p', { id: 'finance-who', class: 'muted' }, t('who', { username: ctx.user.username, roles: ctx.user.roles.map((r) => t(`role.${r}`)).join(', ') })),
    el('p', {}, t('fin.intro')),
    el('section', { class: 'action-box', 'aria-labelledby': 'new-batch-title' },
      el('h2', { id: 'new-batch-title' }, t('fin.newTitle')),
      el('p', { id: 'programs-status', role: 'status' }),
      summaryBox('new-batch-summary'),
      form,
      el('p', { id: 'new-batch-message', class: 'message ok', role: 'status', hidden: true })),
    el('div', { class: 'console' },
      el('section', { 'aria-labelledby': 'batches-title' },
        el('h2', { id: 'batches-title' }, t('fin.listTitle')),
        el('div', { class: 'toolbar' }, el('button', { type: 'button', id: 'batches-reload', class: 'button', onclick: () => void loadBatches(false) }, t('fin.reload'))),
        el('p', { id: 'batch-list-status', role: 'status' }),
        el('ul', { id: 'batches', class: 'tasks', 'aria-labelledby': 'batches-title' }),
        el('p', {}, el('button', { type: 'button', id: 'batches-more', class: 'button', hidden: true, onclick: () => void loadBatches(true) }, t('fin.more')))),
      el('section', { id: 'batch-detail', class: 'detail', tabindex: '-1', 'aria-labelledby': 'batch-title', hidden: true },
        el('p', { id: 'batch-message', class: 'message', hidden: true }),
        el('div', { id: 'batch-body' }))));
}

// ---- programmes and periods --------------------------------------------------------------------------------------

/** The current period and the ones before it that a late batch may still pay. */
function periodChoices(current) {
  const month = /^(\d{4})-(\d{2})$/.exec(current);
  if (month) {
    return Array.from({ length: 6 }, (_, i) => {
      const d = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1 - i, 1));
      return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    });
  }
  const semester = /^(\d{4})-S([12])$/.exec(current);
  if (semester) return [current, semester[2] === '2' ? `${semester[1]}-S1` : `${Number(semester[1]) - 1}-S2`];
  return [current];
}

const paying = (p) => p.benefitType === 'CASH' || p.benefitType === 'IN_KIND';

function renderPrograms() {
  const select = $('batch-program');
  const chosen = select.value;
  const list = [...programIndex.values()].filter(paying);
  select.replaceChildren(el('option', { value: '' }, t('fin.programNone')),
    ...list.map((p) => el('option', { value: p.id, selected: p.id === chosen }, `${programName(p)} (${formatBenefit(p)})`)));
  if (!chosen && list.length === 1) select.value = list[0].id;
  renderPeriods();
}

function renderPeriods() {
  const select = $('batch-period');
  const program = programIndex.get($('batch-program').value);
  const chosen = select.value;
  const choices = program ? periodChoices(program.currentPeriod) : [];
  select.replaceChildren(...choices.map((p, i) => el('option', { value: p, selected: p === chosen },
    i === 0 ? t('fin.periodCurrent', { period: formatPeriod(p) }) : formatPeriod(p))));
  select.disabled = !program;
}

async function loadPrograms() {
  const r = await programs();
  if (!ctx) return;
  $('programs-status').textContent = r.ok ? '' : t('fin.programsFailed', { message: failureMessage(r) });
  if (r.ok) programIndex = new Map(r.data.map((p) => [p.id, p]));
  renderPrograms();
}

async function createBatch() {
  const form = $('new-batch');
  const summary = $('new-batch-summary');
  const programId = $('batch-program').value;
  const period = $('batch-period').value;
  $('new-batch-message').hidden = true;
  const issues = check([], !programId, 'programId', t('v.program'));
  if (issues.length) return showIssues(form, summary, issues);
  const button = $('create-batch');
  button.disabled = true;
  const r = await ctx.call('POST', '/api/payout-batches', { programId, period });
  if (!ctx) return;
  button.disabled = false;
  if (!r.ok) {
    if (r.status === 400 && Array.isArray(r.data.issues) && r.data.issues.length) {
      // An issue worded only as a code (`programId.service`) takes the server's own sentence, which says why.
      const words = (m) => (/^[a-z][\w-]*(\.[\w-]+)+$/i.test(m ?? '') ? r.data.message : m);
      return showIssues(form, summary, r.data.issues.map((i) => ({ ...i, message: words(i.message) })), t('fin.createFailed'));
    }
    return showMessage(form, summary, t('fin.createFailed'), failureMessage(r));
  }
  clearErrors(form, summary);
  $('new-batch-message').textContent = t('fin.created');
  $('new-batch-message').hidden = false;
  upsert(r.data, true);
  openBatch(r.data);
}

// ---- the list ----------------------------------------------------------------------------------------------------

/** Puts a fresher copy of a batch into the list (at the top when it is new). */
function upsert(batch, isNew = false) {
  const at = batches.findIndex((b) => b.batchId === batch.batchId);
  const before = JSON.stringify(batches[at]);
  if (at >= 0) batches[at] = { ...batches[at], ...batch };
  else if (isNew) batches.unshift(batch);
  // Drawn again only when something changed, so a poll does not take the keyboard focus from the list.
  if (at < 0 ? isNew : JSON.stringify(batches[at]) !== before) renderList();
}

async function loadBatches(append) {
  if (!ctx) return;
  const request = ++listRequest;
  $('batch-list-status').textContent = t('fin.loading');
  const query = append && nextCursor ? `?cursor=${encodeURIComponent(nextCursor)}` : '';
  const r = await ctx.call('GET', `/api/payout-batches${query}`);
  if (!ctx || request !== listRequest) return;
  if (!r.ok) {
    $('batch-list-status').textContent = t('fin.listFailed', { message: failureMessage(r) });
    return;
  }
  batches = append ? [...batches, ...r.data.items] : r.data.items;
  nextCursor = r.data.nextCursor ?? null;
  renderList();
}

export const batchTitle = (batch) => {
  const program = programIndex.get(batch.programId);
  return `${program ? programName(program) : batch.programId} · ${formatPeriod(batch.period)}`;
};

function renderList() {
  if (!ctx) return;
  $('batch-list-status').textContent = batches.length ? t('fin.count', { n: batches.length }) : t('fin.empty');
  $('batches').replaceChildren(...batches.map((b) => el('li', { class: selected === b.batchId ? 'task current' : 'task', 'data-batch-id': b.batchId, 'data-status': b.status },
    el('div', { class: 'task-head' }, el('strong', {}, batchTitle(b)), statusText(b)),
    el('p', { class: 'task-meta' }, [t('fin.households', { n: b.itemCount }), rupiah(b.totalAmount)].join(' · ')),
    el('p', { class: 'task-meta' }, t('fin.createdBy', { username: b.createdBy, date: formatDate(b.createdAt) }),
      b.createdBy === ctx.user.username ? el('span', { class: 'tag' }, t('fin.yours')) : null),
    TRANSIENT.includes(b.status) ? progressBlock(b) : null,
    el('button', { type: 'button', class: 'button small', 'aria-label': t('fin.openLabel', { program: batchTitle(b).split(' · ')[0], period: formatPeriod(b.period) }), onclick: () => openBatch(b) }, t('fin.open')))));
  $('batches-more').hidden = !nextCursor;
}

// ---- one batch, kept fresh -----------------------------------------------------------------------------------------

/** Shows a line above the batch's details (kept while the details are drawn again). */
export function say(text, ok) {
  const box = $('batch-message');
  if (!box) return;
  box.className = ok ? 'message ok' : 'message error';
  box.setAttribute('role', ok ? 'status' : 'alert');
  box.textContent = text;
  box.hidden = !text;
}

function draw(batch) {
  drawnStatus = batch.status;
  renderBatch($('batch-body'), batch, {
    ...ctx,
    title: batchTitle(batch),
    say,
    // After an action the workflow moves the batch on its own: it is read again until it leaves `from`.
    changed: (from) => {
      waitingToLeave = from ?? waitingToLeave;
      void refresh(batch.batchId, true);
    },
    close: () => {
      selected = undefined;
      $('batch-detail').hidden = true;
      renderList();
    },
  });
}

function openBatch(batch) {
  selected = batch.batchId;
  waitingToLeave = undefined;
  say('');
  $('batch-detail').hidden = false;
  draw(batch);
  renderList();
  $('batch-detail').focus();
  void refresh(batch.batchId, false);
}

/** Reads the batch again; draws it whole when its status moved (or `always`), else only its figures. */
async function refresh(batchId, always) {
  const r = await ctx?.call('GET', batchPath(batchId));
  if (!ctx || !r?.ok) return;
  const batch = r.data;
  upsert(batch);
  if (selected !== batchId) return;
  if (waitingToLeave && batch.status !== waitingToLeave) waitingToLeave = undefined;
  if (always || batch.status !== drawnStatus) draw(batch);
  else $('batch-body').querySelector('.batch-figures')?.replaceWith(batchFigures(batch));
}

/** Every ~1.5 s: the open batch while it moves on its own (or an action's effect is awaited), and moving list rows. */
async function tick() {
  if (!ctx) return;
  const moving = batches.filter((b) => TRANSIENT.includes(b.status) || (b.batchId === selected && waitingToLeave === b.status));
  await Promise.all(moving.slice(0, 5).map((b) => refresh(b.batchId, false)));
  if (ctx) timer = setTimeout(() => void tick(), POLL_MS);
}

// ---- hand-over from staff.js -------------------------------------------------------------------------------------

/** @param {FinanceContext} context */
export function showFinance(context) {
  ctx = context;
  batches = [];
  nextCursor = null;
  selected = undefined;
  waitingToLeave = undefined;
  view().hidden = false;
  frame();
  clearTimeout(timer);
  timer = setTimeout(() => void tick(), POLL_MS);
  return Promise.all([loadPrograms(), loadBatches(false)]);
}

export function hideFinance() {
  ctx = undefined;
  clearTimeout(timer);
  const node = view();
  if (node) {
    node.hidden = true;
    node.replaceChildren();
  }
}

onLangChange(() => {
  if (!ctx) return;
  const shown = batches.find((b) => b.batchId === selected);
  frame();
  renderPrograms();
  renderList();
  if (shown) {
    $('batch-detail').hidden = false;
    draw(shown);
  }
});
