/**
 * The admin's change of one officer's roles and regions (POST /api/staff/{username}/roles): roles as check boxes,
 * regions by name with a button to remove each, and a picker (province, city, optionally a district) to add one.
 * The identity provider keeps them; the officer's sessions end, and their next sign-in carries the change.
 */
import { failureMessage, regions } from './api.js';
import { el, summaryBox } from './dom.js';
import { clearErrors, showIssues, showMessage } from './form.js';
import { regionName, t } from './i18n.js';
import { STAFF_ROLES } from './shared.js';

/** The picker's levels: each lists the children of the one above. */
const LEVELS = ['province', 'city', 'district'];

/**
 * The editor for `account`, drawn into `box`. `names` maps the region codes shown to their names (and learns the
 * ones picked); `onSaved(account)` gets the server's answer, `onClose()` a cancel.
 */
export function drawRolesEditor(box, account, { call, names, onSaved, onClose }) {
  const chosen = new Set(account.regions);
  const id = (part) => `staff-roles-${part}`;
  const summary = summaryBox(id('summary'));
  const regionList = el('ul', { id: id('regions-list') });
  const pickers = LEVELS.map((level) => el('select', { id: id(level), 'aria-label': t(`adm.roles.pick.${level}`) }));

  const drawRegions = () => regionList.replaceChildren(...(chosen.size ? [...chosen].sort().map((code) => el('li', {},
    `${names.get(code) ?? code} (${code}) `,
    el('button', { type: 'button', class: 'button small', onclick: () => { chosen.delete(code); drawRegions(); } }, t('adm.roles.remove', { region: names.get(code) ?? code })))) : [el('li', { class: 'muted' }, t('adm.allRegions'))]));

  /** Fills the picker at `index` with the children of `parent`, and empties the ones below it. */
  async function fill(index, parent) {
    for (const below of pickers.slice(index)) below.replaceChildren(el('option', { value: '' }, t('adm.roles.choose')));
    if (index > 0 && !parent) return;
    const r = await regions(parent);
    if (!r.ok) return;
    pickers[index].append(...r.data.map((region) => el('option', { value: region.code }, regionName(region.name))));
  }
  pickers.forEach((picker, index) => picker.addEventListener('change', () => { if (index + 1 < pickers.length) void fill(index + 1, picker.value); }));

  function addPicked() {
    const picked = [...pickers].reverse().find((p) => p.value);
    if (!picked) return;
    names.set(picked.value, picked.selectedOptions[0].textContent);
    chosen.add(picked.value);
    drawRegions();
  }

  const form = el('form', { id: id('form'), novalidate: true },
    el('fieldset', { class: 'field', 'data-path': 'roles' },
      el('legend', {}, t('adm.roles.roles')),
      el('p', { class: 'field-error', hidden: true }),
      el('div', { class: 'choices inline' }, ...STAFF_ROLES.map((role) => el('div', { class: 'choice' },
        el('input', { type: 'checkbox', name: 'role', value: role, id: id(`role-${role}`), ...(account.roles.includes(role) ? { checked: true } : {}) }),
        el('label', { for: id(`role-${role}`) }, t(`role.${role}`)))))),
    el('fieldset', { class: 'field', 'data-path': 'regions' },
      el('legend', {}, t('adm.roles.regions')),
      el('p', { class: 'field-error', hidden: true }),
      regionList,
      el('div', { class: 'button-row' }, ...pickers,
        el('button', { type: 'button', class: 'button small', id: id('add'), onclick: addPicked }, t('adm.roles.add')))),
    el('p', { class: 'muted' }, t('adm.roles.effect')),
    el('p', { class: 'actions' },
      el('button', { type: 'submit', class: 'button primary', id: id('save') }, t('adm.roles.save', { username: account.username })),
      ' ',
      el('button', { type: 'button', class: 'button', onclick: onClose }, t('adm.roles.cancel'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const roles = [...form.querySelectorAll('input[name=role]:checked')].map((input) => input.value);
    const r = await call('POST', `/api/staff/${encodeURIComponent(account.username)}/roles`, { roles, regions: [...chosen].sort() });
    if (r.status === 400 && Array.isArray(r.data.issues) && r.data.issues.length) return showIssues(form, summary, r.data.issues);
    if (!r.ok) return showMessage(form, summary, t('adm.roles.notSaved'), failureMessage(r));
    onSaved(r.data);
  });

  box.hidden = false;
  box.replaceChildren(el('h2', { id: id('title') }, t('adm.roles.h2', { username: account.username })), summary, form);
  drawRegions();
  void fill(0, undefined);
  form.querySelector('input')?.focus();
}
