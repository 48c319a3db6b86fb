/**
 * The form's lists: the programmes (each with who it is for, what it gives and the documents to prepare), the
 * address from province down to village, the post office's district, and the banks by name. The lists come from the
 * API (the service worker answers from its cache without a signal); a list that cannot be had says so, with a retry.
 */
import { failureMessage, programs, regions } from './api.js';
import { $, el } from './dom.js';
import { formatBenefit, formatPeriod, lang, programName, regionName, t } from './i18n.js';
import { BANKS, PROGRAM_GUIDES } from './shared.js';

const form = $('apply');
/** One collator for every list (`localeCompare` with a locale builds one per comparison: slow on a cheap phone). */
const collator = new Intl.Collator('id');
const byName = (a, b) => collator.compare(a.name, b.name);
/** The checked radio's value ('' if none): `form.elements[name]` is no RadioNodeList when only one radio exists. */
export const checkedValue = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value ?? '';

// ---- programmes ---------------------------------------------------------------------------------------------

let programList = [];
/** A programme to select once the list is drawn (a restored draft's). */
let wantedProgram = '';
export const programById = (id) => programList.find((p) => p.id === id);

/**
 * Who the programme is for (in its label), and what it gives and what to prepare (one tap away, so five programmes
 * do not push the form off a phone's screen), from shared/domain/program-guides.ts.
 */
function guideOf(program, id) {
  const guide = PROGRAM_GUIDES[program.id];
  if (!guide) return { forWhom: null, more: null };
  const l = lang();
  return {
    forWhom: el('span', { class: 'guide', id: `${id}-for` }, el('strong', {}, `${t('guide.forWhom')}: `), guide.forWhom[l]),
    more: el('details', { class: 'guide', id },
      el('summary', {}, t('guide.more')),
      el('dl', {},
        el('dt', {}, t('guide.gives')), el('dd', {}, guide.gives[l]),
        el('dt', {}, t('guide.documents')), el('dd', {}, el('ul', {}, guide.documents.map((d) => el('li', {}, d[l])))))),
  };
}

export function renderPrograms() {
  const box = $('programs');
  const selected = checkedValue('programId') || wantedProgram;
  if (!programList.length) return;
  const open = new Set([...box.querySelectorAll('details[open]')].map((d) => d.id));
  const sorted = [...programList].sort((a, b) => Number(b.open) - Number(a.open));
  box.replaceChildren(...sorted.map((p) => {
    const id = `program-${p.id}`;
    // A one-off programme has no period worth naming.
    const meta = [formatBenefit(p), p.periodKind === 'one-off' ? '' : t('program.period', { period: formatPeriod(p.currentPeriod) })].filter(Boolean);
    if (!p.open) meta.push(t('program.closed'));
    const guide = guideOf(p, `${id}-guide`);
    if (guide.more && open.has(guide.more.id)) guide.more.open = true;
    const described = [`${id}-meta`, guide.forWhom && `${id}-guide-for`, guide.more && `${id}-guide`].filter(Boolean).join(' ');
    return el('div', { class: p.open ? 'choice' : 'choice closed' },
      el('input', { type: 'radio', id, name: 'programId', value: p.id, disabled: !p.open, checked: p.open && p.id === selected, 'aria-describedby': described }),
      el('div', {},
        el('label', { for: id },
          el('span', { class: 'choice-title' }, programName(p)),
          el('span', { class: 'choice-meta', id: `${id}-meta` }, meta.join(' · ')),
          guide.forWhom),
        guide.more));
  }));
  if (!programList.some((p) => p.open)) box.append(el('p', { class: 'notice-inline' }, t('programs.none')));
}

/**
 * Shows the programmes on the clock of the province picked (WIB before one is): intake opens and closes at the
 * applicant's midnight. Only the latest request may answer: on a slow link the first, province-less list can
 * arrive after the province's. `quiet` keeps the list on screen while a province's is fetched.
 */
let programsAsked = 0;
export async function loadPrograms({ quiet = false, select = '' } = {}) {
  const mine = ++programsAsked;
  if (select) wantedProgram = select;
  const box = $('programs');
  if (!quiet) box.replaceChildren(el('p', { class: 'hint' }, t('loading')));
  const result = await programs($('province').value);
  if (mine !== programsAsked) return;
  if (!result.ok) {
    if (quiet && programList.length) return; // the list shown stays; the server decides anyway
    box.replaceChildren(el('p', { class: 'field-error' }, `${t('programs.failed')} ${failureMessage(result)}`),
      el('button', { type: 'button', class: 'button', onclick: () => loadPrograms() }, t('retry')));
    return;
  }
  programList = result.data;
  renderPrograms();
  wantedProgram = '';
}

// ---- address: province -> regency -> district -> village ----------------------------------------------------

const levels = [
  { select: $('province'), choose: 'ph.choose.province', first: '' },
  { select: $('regency'), choose: 'ph.choose.regency', first: 'ph.first.province' },
  { select: $('district'), choose: 'ph.choose.district', first: 'ph.first.regency' },
  { select: $('village'), choose: 'ph.choose.village', first: 'ph.first.district' },
];
const posSelect = $('posDistrict');
let posTouched = false;

const placeholder = (key) => el('option', { value: '', 'data-i18n': key }, t(key));

/** Loads the children of `parent` into `select`; a newer request for the same select wins. */
async function loadRegionsInto(select, parent, chooseKey) {
  const token = (select.dataset.loading = String(Number(select.dataset.loading ?? 0) + 1));
  select.disabled = true;
  select.replaceChildren(placeholder('loading'));
  const field = select.closest('.field');
  const result = await regions(parent);
  if (select.dataset.loading !== token) return false;
  field.querySelector('.retry')?.remove();
  const error = field.querySelector('.field-error');
  if (error.dataset.regions) {
    error.textContent = '';
    error.hidden = true;
    delete error.dataset.regions;
  }
  if (!result.ok) {
    select.replaceChildren(placeholder(chooseKey));
    const retry = el('button', { type: 'button', class: 'button retry' }, t('retry'));
    retry.addEventListener('click', () => loadRegionsInto(select, parent, chooseKey));
    error.textContent = `${t('regions.failed')} ${failureMessage(result)}`;
    error.dataset.regions = 'failed';
    error.hidden = false;
    field.append(retry);
    return false;
  }
  const items = result.data.map((r) => ({ code: r.code, name: regionName(r.name) })).sort(byName);
  select.replaceChildren(placeholder(chooseKey), ...items.map((r) => el('option', { value: r.code }, r.name)));
  select.disabled = false;
  return true;
}

function resetBelow(index) {
  for (const level of levels.slice(index)) {
    level.select.dataset.loading = String(Number(level.select.dataset.loading ?? 0) + 1);
    level.select.replaceChildren(placeholder(level.first));
    level.select.disabled = true;
  }
}

// The post office pick-up district: a district of the address's regency, the address's own by default.
async function loadPosDistricts(regencyCode) {
  posTouched = false;
  if (!regencyCode) {
    posSelect.replaceChildren(placeholder('ph.first.regency'));
    posSelect.disabled = true;
    return;
  }
  if (await loadRegionsInto(posSelect, regencyCode, 'ph.choose.district')) posSelect.value = $('district').value;
}

/** What choosing a place at `index` sets going: the level below, the post office districts, the province's clock. */
function placeChosen(index) {
  const level = levels[index];
  const next = levels[index + 1];
  resetBelow(index + 1);
  const loads = [];
  if (level.select.value && next) loads.push(loadRegionsInto(next.select, level.select.value, next.choose));
  if (index <= 1) loads.push(loadPosDistricts(index === 1 ? level.select.value : ''));
  if (index === 0) void loadPrograms({ quiet: true });
  return Promise.all(loads);
}

levels.forEach((level, index) => level.select.addEventListener('change', () => void placeChosen(index)));
$('district').addEventListener('change', () => {
  if (!posTouched) posSelect.value = $('district').value;
});
posSelect.addEventListener('change', () => {
  posTouched = true;
});

/** Chooses a saved address level by level, each list loaded before the next is chosen (a restored draft). */
export async function choosePlaces(codes, posDistrict) {
  for (const [index, level] of levels.entries()) {
    const code = codes[index];
    if (!code || ![...level.select.options].some((o) => o.value === code)) return;
    level.select.value = code;
    await placeChosen(index);
  }
  if (posDistrict && [...posSelect.options].some((o) => o.value === posDistrict)) {
    posSelect.value = posDistrict;
    posTouched = posDistrict !== $('district').value;
  }
}

export const loadProvinces = () => loadRegionsInto(levels[0].select, undefined, levels[0].choose);

// ---- payout: the method, the banks by name, the holder's name ------------------------------------------------

export function showPayoutFields() {
  const method = checkedValue('payout.method');
  $('bank-fields').hidden = method !== 'BANK';
  $('pos-fields').hidden = method !== 'POS';
}
for (const radio of form.querySelectorAll('input[name="payout.method"]')) radio.addEventListener('change', showPayoutFields);

// Every bank by name (shared/domain/banks.ts), between "choose a bank" and "another bank".
const bankSelect = $('bank');
bankSelect.querySelector('option[value=""]').after(...[...BANKS]
  .sort(byName)
  .map((b) => el('option', { value: b.code }, b.name)));
bankSelect.addEventListener('change', () => {
  const other = bankSelect.value === 'other';
  $('bank-other-wrap').hidden = !other;
  if (other) $('bankOther').focus();
});

// The holder's name follows the applicant's name until the applicant writes another one.
const accountName = $('accountName');
$('fullName').addEventListener('input', () => {
  if (!accountName.dataset.edited) accountName.value = $('fullName').value;
});
accountName.addEventListener('input', () => {
  accountName.dataset.edited = accountName.value && accountName.value !== $('fullName').value ? 'yes' : '';
});
