/**
 * The admin's outbox (issue #11): the text messages to applicants (GET /api/notifications?status=), one status at a
 * time, the dead letters first: each message's application reference, event, attempts, the kind of its last failure
 * and its text. The outbox holds no phone number, so none can show here.
 */
import { failureMessage } from './api.js';
import './admin-strings.js';
import { $, el, table } from './dom.js';
import { formatDateTime, lang, t } from './i18n.js';
import { screenLifecycle } from './screens.js';

const STATUSES = ['DEAD', 'PENDING', 'SENT'];

/** @type {{ user: { actions: string[] }, call: (method: string, path: string, body?: unknown) => Promise<any> } | undefined} */
let ctx;
/** @type {Array<{ messageId: string, reference: string, event: string, label: { id: string, en: string }, status: string, attempts: number, createdAt: string, dueAt: string | null, sentAt: string | null, deadAt: string | null, lastError: string | null, text: { id: string, en: string } }> | undefined} */
let messages;
let status = 'DEAD';
let cursor = null;
let request = 0;

const view = () => $('outbox-view');

function frame() {
  view().replaceChildren(
    el('h1', { id: 'outbox-title' }, t('adm.outbox.h1')),
    el('p', { class: 'muted' }, t('adm.outbox.intro')),
    el('div', { class: 'field' },
      el('label', { for: 'outbox-status' }, t('adm.outbox.status')),
      el('select', { id: 'outbox-status', onchange: (e) => { status = e.target.value; void load(); } },
        STATUSES.map((s) => el('option', { value: s, selected: s === status }, t(`adm.outbox.s.${s}`))))),
    el('p', { id: 'outbox-state', role: 'status' }),
    el('div', { id: 'outbox-list', class: 'table-scroll' }),
    el('p', {}, el('button', { type: 'button', id: 'outbox-more', class: 'button', hidden: true, onclick: () => void load(true) }, t('adm.outbox.more'))));
}

/** The server's bilingual words in the reader's language. */
const inLang = (words) => (lang() === 'en' ? words.en : words.id);

const say = (text) => { $('outbox-state').textContent = text; };

/** When the message left, gave up, or is next tried. */
const when = (m) => formatDateTime(m.sentAt ?? m.deadAt ?? m.dueAt ?? m.createdAt);

function draw() {
  say(messages.length ? t('adm.outbox.loaded', { n: messages.length }) : t('adm.outbox.none'));
  $('outbox-list').replaceChildren(table({ id: 'outbox-table', class: 'figures' }, t(`adm.outbox.s.${status}`),
    ['adm.outbox.col.reference', 'adm.outbox.col.event', 'adm.outbox.col.attempts', 'adm.outbox.col.when', 'adm.outbox.col.error', 'adm.outbox.col.text'].map((k) => t(k)),
    messages.map((m) => ({
      key: m.messageId,
      cells: [m.reference, inLang(m.label), String(m.attempts), when(m), m.lastError ?? '–', inLang(m.text)],
    }))));
  $('outbox-more').hidden = !cursor;
}

async function load(more = false) {
  const asked = ++request;
  if (!more) {
    messages = [];
    cursor = null;
  }
  say(t('adm.outbox.loading'));
  const r = await ctx.call('GET', `/api/notifications?status=${status}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  if (asked !== request) return;
  if (!r.ok) return void say(t('adm.outbox.failed', { message: failureMessage(r) }));
  messages = [...(messages ?? []), ...r.data.items];
  cursor = r.data.nextCursor;
  draw();
}

const screen = screenLifecycle('outbox', 'outbox-view', 'notifications.read', {
  take: (context) => { ctx = context; },
  start: () => { frame(); void load(); },
  stop: () => { request++; },
  redraw: () => { frame(); if (messages) draw(); },
  forget: () => { ctx = undefined; messages = undefined; },
});

/** Offers the screen beside the work view to whoever may read the outbox. */
export const offerOutbox = screen.offer;
export const hideOutbox = screen.hide;
