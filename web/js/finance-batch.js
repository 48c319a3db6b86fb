/**
 * One payout batch in the finance console: its figures and progress, and what this officer may do with it where
 * it stands: approve or reject (a colleague's batch), cancel (their own, before approval), download its files,
 * upload the bank's results and resolve the exceptions. The server decides; refusals are shown as it words them.
 */
import { failureMessage } from './api.js';
import { el, facts, summaryBox, textareaField } from './dom.js';
import { clearErrors, showIssues, showMessage } from './form.js';
import { formatDateTime, has, lang, rupiah, t } from './i18n.js';
import { download, uploadResults } from './finance-files.js';

/** Statuses a batch leaves by itself: the console follows them. */
export const TRANSIENT = ['BUILDING', 'DISBURSING'];
const HAS_FILES = ['AWAITING_RECONCILIATION', 'COMPLETED'];

const path = (batch, tail = '') => `/api/payout-batches/${encodeURIComponent(batch.batchId)}${tail}`;
const capital = (text) => (text ? text[0].toUpperCase() + text.slice(1) : text);
const label = (batch) => capital(batch.statusLabel?.[lang()] ?? batch.statusLabel?.id ?? batch.status);

export const statusText = (batch) => el('span', { class: 'status-badge batch-status', 'data-status': batch.status }, label(batch));

/** A progress bar with its words; without a total yet (while the recipients are listed) it shows activity only. */
export function progressBlock(batch) {
  const { done, total } = batch.progress ?? { done: 0, total: 0 };
  const words = batch.status === 'DISBURSING' ? t('prog.DISBURSING', { done, total })
    : total ? t('prog.BUILDING.n', { done, total }) : t('prog.BUILDING');
  const bar = el('progress', { class: 'batch-progress', max: total || undefined, value: total ? done : undefined, 'aria-label': words });
  return el('div', { class: 'progress-block' }, bar, el('p', { class: 'progress-words', 'aria-live': 'polite' }, words));
}

/** The part of the details that follows the batch as it moves (drawn again at every poll). */
export function batchFigures(b) {
  const file = b.paymentFile;
  return el('div', { class: 'batch-figures' },
    facts([
      [t('b.status'), statusText(b)],
      [t('b.count'), t('fin.households', { n: b.itemCount })],
      [t('b.total'), rupiah(b.totalAmount)],
      [t('b.createdBy'), t('b.byAt', { username: b.createdBy, date: formatDateTime(b.createdAt) })],
      b.approvedBy ? [t('b.approvedBy'), b.approvedAt ? t('b.byAt', { username: b.approvedBy, date: formatDateTime(b.approvedAt) }) : b.approvedBy] : null,
      b.closedBy ? [t('b.closedBy'), b.closedBy] : null,
      b.closeReason ? [t('b.closeReason'), b.closeReason] : null,
      file ? [t('b.file'), t('b.fileFacts', { rows: file.rowCount, total: rupiah(file.controlTotal), date: formatDateTime(file.exportedAt) })] : null,
      file ? [t('b.fileHash'), el('span', { class: 'code hash' }, file.sha256)] : null,
    ]),
    b.message ? el('p', { class: 'message batch-note' }, b.message[lang()] ?? b.message.id) : null,
    TRANSIENT.includes(b.status) ? progressBlock(b) : null);
}

const textField = (id, path, labelKey, hintKey) => textareaField({ id, path, label: t(labelKey), hint: hintKey && t(hintKey), maxlength: 500 });

/** Runs a button's request with the button disabled; the answer, or undefined after a logout. */
async function working(button, request) {
  button.disabled = true;
  try {
    return await request();
  } finally {
    button.disabled = false;
  }
}

/** A form whose submit posts `body()` to `tail`; a 400's issues go next to its fields, other refusals to `say`. */
function actionForm(c, batch, { id, tail, body, submitKey, submitClass, done }, ...fields) {
  const summary = summaryBox();
  const button = el('button', { type: 'submit', class: submitClass ?? 'button' }, t(submitKey));
  const form = el('form', { id, method: 'post', novalidate: true }, ...fields, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = await working(button, () => c.call('POST', path(batch, tail), body(form)));
    if (!r) return;
    if (r.status === 400 && Array.isArray(r.data.issues)) return showIssues(form, summary, r.data.issues);
    clearErrors(form, summary);
    if (!r.ok) return c.say(failureMessage(r), false);
    c.say(t(done), true);
    c.changed(batch.status);
  });
  return [summary, form];
}

function decisionBoxes(c, batch) {
  const mine = batch.createdBy === c.user.username;
  const cancel = () => el('div', { class: 'action-box' }, el('h3', {}, t('b.cancelTitle')),
    ...actionForm(c, batch, {
      id: 'cancel-batch', tail: '/cancel', submitKey: 'b.cancel', submitClass: 'button danger', done: 'b.cancelled',
      body: (form) => {
        const reason = form.querySelector('textarea').value.trim();
        return reason ? { reason } : {};
      },
    }, textField('cancel-reason', 'reason', 'b.cancelLabel')));
  if (batch.status === 'BUILDING') return mine ? [cancel()] : [];
  if (batch.status !== 'AWAITING_APPROVAL') return [];
  // The maker's own batch offers no approval: the API refuses it anyway (segregation of duties), and says so.
  if (mine) return [el('p', { class: 'notice-inline', id: 'maker-note' }, t('b.waitChecker')), cancel()];
  const approve = el('button', { type: 'button', id: 'approve-batch', class: 'button primary' }, t('b.approve'));
  approve.addEventListener('click', async () => {
    const r = await working(approve, () => c.call('POST', path(batch, '/approve')));
    if (!r) return;
    if (!r.ok) return c.say(failureMessage(r), false);
    c.say(t('b.approved'), true);
    c.changed(batch.status);
  });
  return [
    el('div', { class: 'action-box' }, el('h3', {}, t('b.approveTitle')), el('p', { class: 'hint' }, t('b.approveHelp')), approve),
    el('div', { class: 'action-box' }, ...actionForm(c, batch, {
      id: 'reject-batch', tail: '/reject', submitKey: 'b.reject', submitClass: 'button danger', done: 'b.rejected',
      // Sent as typed: the server's rule for a reason (and its words when it is missing) is the one rule.
      body: (form) => ({ reason: form.querySelector('textarea').value.trim() }),
    }, textField('reject-reason', 'reason', 'b.rejectLabel', 'b.rejectHint'))),
  ];
}

/** A route the server does not have yet (the local gateway's "No route", API Gateway's bare 404) is said plainly. */
const unavailable = (r) => (r.status === 404 && (!r.data?.error || /^No route /.test(r.data?.message ?? '')) ? t('b.notYet') : failureMessage(r));

function filesBox(c, batch) {
  const fileButton = el('button', { type: 'button', id: 'download-file', class: 'button' }, t('b.download'));
  fileButton.addEventListener('click', async () => {
    const r = await working(fileButton, () => download(path(batch, '/payment-file'), c.token(), `pembayaran-${batch.batchId}.csv`, 'text/csv'));
    if (r.status === 401) return c.expired();
    c.say(r.ok ? t('b.downloaded', { name: r.name }) : unavailable(r), r.ok);
  });
  let part = 1;
  const invitationsButton = el('button', { type: 'button', id: 'download-invitations', class: 'button' }, t('b.invitations'));
  invitationsButton.addEventListener('click', async () => {
    const r = await working(invitationsButton, () => download(path(batch, `/invitations?part=${part}`), c.token(), `undangan-${batch.batchId}-bagian-${part}.pdf`, 'application/pdf'));
    if (r.status === 401) return c.expired();
    c.say(r.ok ? t('b.downloaded', { name: r.name }) : unavailable(r), r.ok);
    const next = r.ok ? Number(r.headers?.get('x-invitation-next-part')) : 0;
    part = next > 0 ? next : 1;
    invitationsButton.textContent = next > 0 ? t('b.invitationsPart', { part: next }) : t('b.invitations');
  });
  return el('div', { class: 'action-box' }, el('h3', {}, t('b.filesTitle')),
    el('p', { class: 'button-row' }, fileButton),
    el('p', { class: 'hint' }, t('b.invitationsHint')),
    el('p', { class: 'button-row' }, invitationsButton));
}

/** `line 3` (the API's issue path) as the page's words. */
const lineWords = (where) => {
  const line = /^line (\d+)$/.exec(where ?? '');
  return line ? t('ex.line', { line: line[1] }) : where;
};

function uploadBox(c, batch) {
  const summary = summaryBox();
  const input = el('input', { type: 'file', id: 'result-file', name: 'file', accept: '.csv,text/csv', 'aria-describedby': 'result-file-hint result-file-error' });
  const button = el('button', { type: 'submit', class: 'button primary' }, t('b.upload'));
  const form = el('form', { id: 'upload-results', method: 'post', novalidate: true },
    el('div', { class: 'field', 'data-path': 'file' },
      el('label', { for: 'result-file' }, t('b.uploadLabel')),
      el('p', { class: 'hint', id: 'result-file-hint' }, t('b.uploadHint')),
      el('p', { class: 'field-error', id: 'result-file-error', hidden: true }),
      input),
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (!file) return showIssues(form, summary, [{ path: 'file', message: t('v.file') }]);
    const r = await working(button, () => uploadResults(path(batch, '/reconciliation'), c.token(), file));
    if (r.status === 401) return c.expired();
    if (!r.ok) {
      // A malformed file: nothing applied, and every line's problem listed.
      const issues = r.status === 400 && Array.isArray(r.data.issues) ? r.data.issues : [];
      showMessage(form, summary, t('b.uploadFailed'), issues.length ? r.data.message : unavailable(r));
      summary.querySelector('ul').append(...issues.map((i) => el('li', { class: 'upload-issue' }, i.path ? t('b.line', { path: lineWords(i.path), message: i.message }) : i.message)));
      return;
    }
    clearErrors(form, summary);
    c.say(`${t('b.result', r.data)}${r.data.completed ? ` ${t('b.completed')}` : ''}`, true);
    c.changed();
  });
  return el('div', { class: 'action-box' }, el('h3', {}, t('b.uploadTitle')), summary, form);
}

const kindLabel = (kind) => (has(`ex.${kind}`) ? t(`ex.${kind}`) : t('ex.other'));

function exceptionsBox(c, batch) {
  const status = el('p', { id: 'exceptions-status', role: 'status' });
  const list = el('ul', { id: 'exceptions', class: 'tasks' });
  const more = el('button', { type: 'button', class: 'button', hidden: true }, t('fin.more'));
  let items = [];
  let cursor = null;

  const row = (x) => {
    const parts = [
      el('div', { class: 'task-head' }, el('strong', {}, kindLabel(x.kind)),
        el('span', { class: x.resolved ? 'tag claimed' : 'tag flag' }, t(x.resolved ? 'ex.resolved' : 'ex.open'))),
      el('p', { class: 'task-meta' }, [t('ex.line', { line: x.line }), x.reference ? t('ex.reference', { reference: x.reference }) : null].filter(Boolean).join(' · ')),
      el('p', {}, x.detail),
    ];
    if (x.resolved) {
      const r = x.resolution;
      if (r) parts.push(el('p', { class: 'muted' }, t('ex.resolvedBy', { username: r.by, date: formatDateTime(r.at), note: r.note })));
      return el('li', { class: 'task', 'data-kind': x.kind }, ...parts);
    }
    const id = `note-${items.indexOf(x)}`;
    const [summary, form] = actionForm({ ...c, changed: () => void load() }, batch, {
      id: `resolve-${items.indexOf(x)}`, tail: `/exceptions/${encodeURIComponent(x.key)}/resolve`, submitKey: 'ex.resolve', done: 'ex.resolvedDone',
      body: (f) => ({ note: f.querySelector('textarea').value.trim() }),
    }, textField(id, 'note', 'ex.note'));
    return el('li', { class: 'task', 'data-kind': x.kind }, ...parts, summary, form);
  };

  async function load(append = false) {
    status.textContent = t('ex.loading');
    const query = append && cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const r = await c.call('GET', path(batch, `/exceptions${query}`));
    if (!r) return;
    if (!r.ok) {
      status.textContent = t('ex.failed', { message: unavailable(r) });
      return;
    }
    items = append ? [...items, ...r.data.items] : r.data.items;
    cursor = r.data.nextCursor ?? null;
    status.textContent = items.length ? '' : t('ex.empty');
    list.replaceChildren(...items.map(row));
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => void load(true));
  void load();
  return el('div', { class: 'action-box', id: 'exceptions-box' }, el('h3', {}, t('ex.title')), el('p', { class: 'hint' }, t('ex.help')), status, list, more);
}

/**
 * Draws `batch` into `container`. `c` carries the officer, the API call, the token for files, and the page's
 * callbacks: `say(text, ok)`, `changed(fromStatus?)` after an accepted action (the batch is read again, and followed until it
 * leaves `fromStatus`), `expired()`, `close()`.
 */
export function renderBatch(container, batch, c) {
  const closeButton = el('button', { type: 'button', class: 'button small', onclick: () => c.close() }, t('b.close'));
  const parts = [
    el('div', { class: 'task-head' }, el('h2', { id: 'batch-title' }, c.title), closeButton),
    batchFigures(batch),
    ...decisionBoxes(c, batch),
  ];
  if (HAS_FILES.includes(batch.status)) {
    parts.push(filesBox(c, batch), uploadBox(c, batch), exceptionsBox(c, batch));
  }
  container.replaceChildren(...parts);
}
