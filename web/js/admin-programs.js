/**
 * The admin's programmes (issue #10): each programme with its current version (GET /api/programs, then each one's
 * GET /api/programs/{id}/versions, whose last entry is the current version); for one, its history (who, when, why)
 * and a form for amount, quota per district, enrolment length and intake window with the required reason, sent as
 * POST /api/programs/{id}/versions with only the fields that differ. The server's field problems show by the fields.
 */
import { failureMessage, inReadersLanguage, programs } from './api.js';
import './admin-strings.js';
import { $, el, summaryBox, table } from './dom.js';
import { clearErrors, showIssues, showMessage } from './form.js';
import { formatDateTime, programName, rupiah, t } from './i18n.js';
import { screenLifecycle } from './screens.js';

/** @type {{ call: (method: string, path: string, body?: unknown) => Promise<any> } | undefined} */
let ctx;
/** @type {Map<string, any[]>} programme id -> its versions, oldest first */
let histories = new Map();
let list;
let chosen;
let saved;
let request = 0;

const view = () => $('admin-programs-view');
const currentOf = (id) => histories.get(id)?.at(-1);
const bySystem = (revision) => !revision || revision.by.startsWith('system:');
const byWhom = (revision) => (bySystem(revision) ? t('adm.seed') : revision.by);
/** The seed's notes are in both languages ("Program awal / initial programme"); an admin's note is shown as written. */
const noteOf = (revision) => (!revision ? '' : bySystem(revision) ? inReadersLanguage(revision.note) : revision.note);
const quotaWords = (p) => (p.quotaPerDistrict ? String(p.quotaPerDistrict) : t('adm.noQuota'));

function frame() {
  view().replaceChildren(
    el('h1', { id: 'admin-programs-title' }, t('adm.prog.h1')),
    el('p', { class: 'muted' }, t('adm.prog.intro')),
    el('p', { id: 'admin-programs-status', role: 'status' }),
    el('div', { id: 'admin-programs-list', class: 'table-scroll' }),
    el('section', { id: 'admin-program', 'aria-labelledby': 'admin-program-title', hidden: true }));
}

const say = (text) => { $('admin-programs-status').textContent = text; };

function drawList() {
  say('');
  $('admin-programs-list').replaceChildren(table({ id: 'admin-programs-table', class: 'figures' }, t('adm.prog.h1'),
    ['adm.col.program', 'adm.col.version', 'adm.col.amount', 'adm.col.quota', 'adm.col.actions'].map((k) => t(k)),
    list.map((p) => {
      const current = currentOf(p.id) ?? p;
      return {
        key: p.id,
        cells: [programName(p), String(current.version ?? 1), rupiah(current.amount), quotaWords(current),
          el('button', { type: 'button', class: 'button small', onclick: () => choose(p.id) }, t('adm.open', { program: programName(p) }))],
      };
    })));
}

/** A labelled field the form helpers know (`data-path` is the API's issue path); a textarea for the reason. */
function field(path, id, labelKey, value, { textarea = false, numeric = false } = {}) {
  const attrs = { id, name: path, 'aria-describedby': `${id}-error`, spellcheck: 'false' };
  return el('div', { class: 'field', 'data-path': path },
    el('label', { for: id }, t(labelKey)),
    el('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
    textarea ? el('textarea', attrs, value) : el('input', { ...attrs, type: 'text', value, inputmode: numeric ? 'numeric' : undefined }));
}

function drawProgram() {
  const current = currentOf(chosen);
  const name = programName(current);
  const form = el('form', { id: 'admin-program-form', novalidate: true },
    field('amount', 'ap-amount', 'adm.f.amount', String(current.amount), { numeric: true }),
    field('quotaPerDistrict', 'ap-quota', 'adm.f.quota', current.quotaPerDistrict ? String(current.quotaPerDistrict) : '', { numeric: true }),
    field('enrolmentPeriods', 'ap-periods', 'adm.f.periods', String(current.enrolmentPeriods ?? 1), { numeric: true }),
    field('intake.opensOn', 'ap-opens', 'adm.f.opensOn', current.intake.opensOn),
    field('intake.closesOn', 'ap-closes', 'adm.f.closesOn', current.intake.closesOn ?? ''),
    field('note', 'ap-note', 'adm.f.note', '', { textarea: true }),
    el('p', { class: 'actions' }, el('button', { type: 'submit', class: 'button primary', id: 'ap-save' }, t('adm.save'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save(form);
  });
  $('admin-program').hidden = false;
  $('admin-program').replaceChildren(
    el('h2', { id: 'admin-program-title' }, t('adm.edit', { program: name })),
    el('p', { id: 'admin-program-saved', role: 'status' }, saved ? t('adm.saved', { version: saved }) : ''),
    summaryBox('admin-program-summary'),
    form,
    el('div', { class: 'table-scroll' }, table({ id: 'admin-versions-table', class: 'figures' }, t('adm.versions', { program: name }),
      ['adm.col.version', 'adm.col.by', 'adm.col.at', 'adm.col.note', 'adm.col.amount', 'adm.col.quota'].map((k) => t(k)),
      histories.get(chosen).map((v) => ({
        key: String(v.version ?? 1),
        cells: [String(v.version ?? 1), byWhom(v.revision), v.revision ? formatDateTime(v.revision.at) : '', noteOf(v.revision), rupiah(v.amount), quotaWords(v)],
      })))));
}

/** A whole number as typed, or null when empty (no quota); anything else goes to the server as typed, to be refused. */
const wholeOrNull = (text) => (text.trim() === '' ? null : /^\d+$/.test(text.trim()) ? Number(text.trim()) : text);

/** The edit: the reason, and each field that differs from the current version. */
function editOf(form, current) {
  const value = (name) => form.elements.namedItem(name).value;
  const edit = { note: value('note') };
  const amount = wholeOrNull(value('amount'));
  if (amount !== current.amount) edit.amount = amount;
  const quota = wholeOrNull(value('quotaPerDistrict'));
  if (quota !== (current.quotaPerDistrict ?? null)) edit.quotaPerDistrict = quota;
  const periods = wholeOrNull(value('enrolmentPeriods'));
  if (periods !== (current.enrolmentPeriods ?? 1)) edit.enrolmentPeriods = periods;
  const intake = { opensOn: value('intake.opensOn').trim(), ...(value('intake.closesOn').trim() ? { closesOn: value('intake.closesOn').trim() } : {}) };
  if (intake.opensOn !== current.intake.opensOn || intake.closesOn !== current.intake.closesOn) edit.intake = intake;
  return edit;
}

async function save(form) {
  const summary = $('admin-program-summary');
  clearErrors(form, summary);
  const id = chosen;
  const r = await ctx.call('POST', `/api/programs/${encodeURIComponent(id)}/versions`, editOf(form, currentOf(id)));
  if (!ctx || chosen !== id) return;
  if (r.status === 400 && Array.isArray(r.data.issues) && r.data.issues.length) {
    return showIssues(form, summary, r.data.issues);
  }
  if (!r.ok) return showMessage(form, summary, t('adm.notSaved'), failureMessage(r));
  saved = r.data.version;
  await loadHistory(id);
  drawList();
  drawProgram();
}

async function loadHistory(id) {
  const r = await ctx.call('GET', `/api/programs/${encodeURIComponent(id)}/versions`);
  if (r.ok) histories.set(id, r.data.items);
  return r;
}

function choose(id) {
  chosen = id;
  saved = undefined;
  drawProgram();
  $('admin-program-title').scrollIntoView({ block: 'start' });
  $('ap-amount').focus();
}

async function load() {
  const asked = ++request;
  say(t('adm.prog.loading'));
  const r = await programs();
  if (asked !== request) return;
  if (!r.ok) return void say(t('adm.prog.failed', { message: failureMessage(r) }));
  const answers = await Promise.all(r.data.map((p) => loadHistory(p.id)));
  if (asked !== request) return;
  const refused = answers.find((a) => !a.ok);
  if (refused) return void say(t('adm.prog.failed', { message: failureMessage(refused) }));
  list = r.data;
  drawList();
}

const screen = screenLifecycle('programs', 'admin-programs-view', 'program.manage', {
  take: (context) => { ctx = context; },
  start: () => { chosen = undefined; frame(); void load(); },
  stop: () => { request++; },
  redraw: () => {
    if (!list) return;
    frame();
    drawList();
    if (chosen) drawProgram();
  },
  forget: () => { ctx = undefined; list = undefined; histories = new Map(); },
});

/** Offers the screen beside the work view to whoever may change programmes. */
export const offerPrograms = screen.offer;
export const hidePrograms = screen.hide;
