/**
 * The draft on the phone (phone-store.js, IndexedDB): saved as the applicant types, so a reload, a closed browser or
 * a lost signal loses nothing; put back at the next visit, the address level by level. Kept 7 days from its start.
 * `removeMyData` ("Hapus data saya dari HP ini") removes the draft, a queued submission and the last reference.
 */
import { $ } from './dom.js';
import { t } from './i18n.js';
import { choosePlaces, loadPrograms, showPayoutFields } from './apply-choices.js';
import { renderIncome } from './apply-body.js';
import { removeAll, saveDraft } from './phone-store.js';

const form = $('apply');
const SAVE_AFTER_MS = 300;
const PLACES = ['province', 'regency', 'district', 'village'];

/** Every control of the form by id: a box's or radio's checked state, anything else's value. */
export function formFields() {
  const fields = {};
  for (const control of form.querySelectorAll('input[id], select[id]')) {
    fields[control.id] = control.type === 'checkbox' || control.type === 'radio' ? control.checked : control.value;
  }
  return fields;
}

let timer;
let restoring = false;
/** Saves now (a submit) or shortly after the last keystroke. */
export function saveSoon(now = false) {
  clearTimeout(timer);
  if (restoring) return Promise.resolve();
  if (now) return saveDraft(formFields());
  timer = setTimeout(() => void saveDraft(formFields()), SAVE_AFTER_MS);
  return Promise.resolve();
}
form.addEventListener('input', () => void saveSoon());
form.addEventListener('change', () => void saveSoon());

/** Puts a saved draft (phone-store.js `draft()`) back into the form; the lists it names are loaded first. */
export async function restoreDraft(saved) {
  if (!saved) return false;
  restoring = true;
  try {
    const { fields } = saved;
    for (const [id, value] of Object.entries(fields)) {
      const control = document.getElementById(id);
      if (!control || PLACES.includes(id) || id === 'posDistrict' || control.name === 'programId') continue;
      if (typeof value === 'boolean') control.checked = value;
      else control.value = value;
    }
    if (fields.bank === 'other') $('bank-other-wrap').hidden = false;
    if (fields.accountName && fields.accountName !== fields.fullName) $('accountName').dataset.edited = 'yes';
    showPayoutFields();
    renderIncome();
    const program = Object.keys(fields).find((id) => id.startsWith('program-') && fields[id] === true);
    await choosePlaces(PLACES.map((id) => fields[id]), fields.posDistrict);
    if (program) await loadPrograms({ quiet: true, select: program.slice('program-'.length) });
  } finally {
    restoring = false;
  }
  return true;
}

/** Empties the form as well as the phone's store: a shared phone keeps nothing of this applicant. */
export async function removeMyData() {
  clearTimeout(timer);
  await removeAll();
  form.reset();
  delete $('accountName').dataset.edited;
  restoring = true; // the lists below the province empty themselves; nothing is saved again
  $('province').dispatchEvent(new Event('change'));
  restoring = false;
  showPayoutFields();
  renderIncome();
  $('remove-status').textContent = t('removed');
}
