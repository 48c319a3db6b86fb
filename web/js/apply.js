/**
 * The applicant's form (POST /api/applications), in modules by concern: the words (apply-strings.js), the lists
 * (apply-choices.js: programmes with their guides, places, banks), the body and its light checks (apply-body.js),
 * the draft on the phone (apply-draft.js) and sending, queued while offline (apply-send.js), with the service worker
 * (offline.js). The NIK only ever travels in the POST body.
 */
import { savedDraft } from './apply-prefetch.js';
import './apply-strings.js';
import { $ } from './dom.js';
import { initI18n, onLangChange } from './i18n.js';
import { loadPrograms, loadProvinces, renderPrograms, showPayoutFields } from './apply-choices.js';
import { renderIncome } from './apply-body.js';
import { removeMyData, restoreDraft } from './apply-draft.js';
import { onWorkerResult, resumeAtVisit, showForm } from './apply-send.js';
import { startOffline } from './offline.js';

initI18n($('lang'));
onLangChange(() => {
  renderPrograms();
  renderIncome();
});
showPayoutFields();
startOffline(onWorkerResult);

$('remove-data').addEventListener('click', async () => {
  await removeMyData();
  $('last-sent').hidden = true;
  showForm();
});

// The lists first, then the draft that chooses from them, then what was queued or sent. `data-ready` tells tests and
// the benchmark that the form can be used (and the `jaring-form-ready` mark when, on the page's own clock).
void (async () => {
  await Promise.all([loadPrograms(), loadProvinces()]);
  await restoreDraft(await savedDraft);
  $('apply').dataset.ready = 'true';
  performance.mark('jaring-form-ready');
  await resumeAtVisit();
})();
