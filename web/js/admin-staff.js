/**
 * The admin's staff accounts (issue #10): every account in the staff directory (GET /api/staff), with buttons to
 * disable or enable one and to revoke its sessions (POST /api/staff/{username}/access), and to change its roles and
 * regions (admin-staff-roles.js). A refusal (the last admin, yourself) is the server's words.
 */
import { failureMessage, regions } from './api.js';
import './admin-strings.js';
import { drawRolesEditor } from './admin-staff-roles.js';
import { $, el, table } from './dom.js';
import { formatDateTime, regionName, t } from './i18n.js';
import { screenLifecycle } from './screens.js';

/** @type {{ user: { actions: string[] }, call: (method: string, path: string, body?: unknown) => Promise<any> } | undefined} */
let ctx;
/** @type {Array<{ username: string, roles: string[], regions: string[], disabled: boolean, tokensValidAfter: string | null }> | undefined} */
let accounts;
/** Region code -> name, filled from the cached region lists of each code's parent. */
let regionNames = new Map();
/** The last outcome shown, as a string key and values (drawn again when the language changes). */
let outcome;
let request = 0;

const view = () => $('admin-staff-view');

function frame() {
  view().replaceChildren(
    el('h1', { id: 'admin-staff-title' }, t('adm.staff.h1')),
    el('p', { class: 'muted' }, t('adm.staff.idp')),
    el('p', { id: 'admin-staff-status', role: 'status' }),
    el('p', { id: 'admin-staff-outcome', class: 'message', role: 'alert', hidden: true }),
    el('div', { id: 'admin-staff-list', class: 'table-scroll' }),
    el('section', { id: 'admin-staff-roles', class: 'panel info', 'aria-labelledby': 'staff-roles-title', hidden: true }));
}

const say = (text) => { $('admin-staff-status').textContent = text; };

function sayOutcome() {
  const box = $('admin-staff-outcome');
  box.hidden = !outcome;
  box.classList.toggle('error', outcome?.key === 'adm.refused');
  box.textContent = outcome ? t(outcome.key, outcome.values) : '';
}

const regionWords = (codes) => (codes.length ? codes.map((c) => `${regionNames.get(c) ?? c} (${c})`).join(', ') : t('adm.allRegions'));

function draw() {
  say(t('adm.staff.loaded', { n: accounts.length }));
  sayOutcome();
  $('admin-staff-list').replaceChildren(table({ id: 'admin-staff-table', class: 'figures' }, t('adm.staff.h1'),
    ['adm.col.username', 'adm.col.roles', 'adm.col.regions', 'adm.col.state', 'adm.col.revoked', 'adm.col.actions'].map((k) => t(k)),
    accounts.map((a) => ({
      key: a.username,
      cells: [
        a.username,
        a.roles.map((r) => t(`role.${r}`)).join(', ') || t('adm.noRole'),
        regionWords(a.regions),
        t(a.disabled ? 'adm.disabled' : 'adm.enabled'),
        a.tokensValidAfter ? formatDateTime(a.tokensValidAfter) : t('adm.never'),
        el('div', { class: 'button-row' },
          el('button', { type: 'button', class: 'button small', 'data-action': a.disabled ? 'enable' : 'disable', onclick: () => void change(a.username, { disabled: !a.disabled }) },
            t(a.disabled ? 'adm.enable' : 'adm.disable', { username: a.username })),
          el('button', { type: 'button', class: 'button small', 'data-action': 'revoke', onclick: () => void change(a.username, { revokeTokens: true }) },
            t('adm.revoke', { username: a.username })),
          el('button', { type: 'button', class: 'button small', 'data-action': 'roles', onclick: () => editRoles(a) },
            t('adm.change', { username: a.username }))),
      ],
    }))));
}

/** Names of every region code shown: a code's parent list (province for a city, city for a district), cached by api.js. */
async function nameRegions() {
  const codes = [...new Set(accounts.flatMap((a) => a.regions))];
  const parents = [...new Set(codes.map((c) => c.split('.').slice(0, -1).join('.')))];
  const lists = await Promise.all(parents.map((p) => regions(p || undefined)));
  regionNames = new Map(lists.flatMap((r) => (r.ok ? r.data.map((region) => [region.code, regionName(region.name)]) : [])));
}

async function load() {
  const asked = ++request;
  say(t('adm.staff.loading'));
  const found = [];
  let cursor = null;
  do {
    const r = await ctx.call('GET', `/api/staff?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (asked !== request) return;
    if (!r.ok) return void say(t('adm.staff.failed', { message: failureMessage(r) }));
    found.push(...r.data.items);
    cursor = r.data.nextCursor;
  } while (cursor);
  accounts = found;
  await nameRegions();
  if (asked === request) draw();
}

async function change(username, body) {
  const r = await ctx.call('POST', `/api/staff/${encodeURIComponent(username)}/access`, body);
  if (!ctx) return;
  if (!r.ok) {
    outcome = { key: 'adm.refused', values: { message: failureMessage(r) } };
    return void sayOutcome();
  }
  const done = body.revokeTokens ? 'adm.done.revoked' : r.data.disabled ? 'adm.done.disabled' : 'adm.done.enabled';
  outcome = { key: done, values: { username } };
  accounts = accounts.map((a) => (a.username === username ? { ...a, disabled: r.data.disabled, tokensValidAfter: r.data.tokensValidAfter } : a));
  draw();
  view().querySelector(`tr[data-key="${CSS.escape(username)}"] button`)?.focus();
}

function editRoles(account) {
  drawRolesEditor($('admin-staff-roles'), account, {
    call: ctx.call,
    names: regionNames,
    onSaved: (saved) => {
      outcome = { key: 'adm.done.roles', values: { username: saved.username } };
      accounts = accounts.map((a) => (a.username === saved.username ? { ...a, ...saved } : a));
      $('admin-staff-roles').hidden = true;
      draw();
      view().querySelector(`tr[data-key="${CSS.escape(saved.username)}"] button[data-action=roles]`)?.focus();
    },
    onClose: () => {
      $('admin-staff-roles').hidden = true;
      view().querySelector(`tr[data-key="${CSS.escape(account.username)}"] button[data-action=roles]`)?.focus();
    },
  });
}

const screen = screenLifecycle('staff', 'admin-staff-view', 'staff.manage', {
  take: (context) => { ctx = context; },
  start: () => { outcome = undefined; frame(); void load(); },
  stop: () => { request++; },
  redraw: () => { frame(); if (accounts) draw(); },
  forget: () => { ctx = undefined; accounts = undefined; },
});

/** Offers the screen beside the work view to whoever may manage staff accounts. */
export const offerStaffAccounts = screen.offer;
export const hideStaffAccounts = screen.hide;
