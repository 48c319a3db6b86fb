/**
 * Sending the application. Every submission is first queued on the phone under its draft's Idempotency-Key
 * (phone-store.js), then sent: at once, or, without a connection, by itself when one returns (Background Sync in the
 * service worker where the browser has it, else the `online` event and the next visit). The page says plainly that
 * it is waiting, then that it was sent, with the reference. A refusal or a failure is shown next to the button,
 * with a retry; a refused queued submission comes back to the form with the server's words.
 */
import { failureMessage, inReadersLanguage } from './api.js';
import { $, el } from './dom.js';
import { clearErrors, showIssues, showMessage } from './form.js';
import { lang, programName, t } from './i18n.js';
import { programById } from './apply-choices.js';
import { lightChecks, readBody } from './apply-body.js';
import { formFields, saveSoon } from './apply-draft.js';
import { markTold, queue, queued, refused, sendQueued, sent, unqueue } from './phone-store.js';
import { requestSync } from './offline.js';
import { PROGRAM_GUIDES, STAGE_DAYS } from './shared.js';

const form = $('apply');
const summary = $('error-summary');
const submitButton = $('submit');
const PANELS = ['done', 'duplicate', 'waiting'];

function showPanel(id) {
  form.hidden = true;
  $('intro').hidden = true;
  clearErrors(form, summary);
  for (const other of PANELS) $(other).hidden = other !== id;
  const panel = $(id);
  panel.hidden = false;
  panel.focus();
  window.scrollTo(0, 0);
}

export function showForm() {
  for (const id of PANELS) $(id).hidden = true;
  form.hidden = false;
  $('intro').hidden = false;
}

/** The reference may go in a URL (it reveals nothing without the NIK); the NIK never does. */
const statusLink = (reference) => (reference ? `status.html?ref=${encodeURIComponent(reference)}` : 'status.html');

/** What happens next, and when: the programme's stages and their usual spans, and its documents. */
function nextSteps(programId) {
  const days = STAGE_DAYS[programId] ?? { verification: 10, approval: 5 };
  const documents = (PROGRAM_GUIDES[programId]?.documents ?? []).map((d) => d[lang()]).join(', ');
  return [t('next.screening'), t('next.visit', { days: days.verification, documents: documents || '-' }), t('next.decision', { days: days.approval })];
}

function showSent({ reference, programId }) {
  $('done-reference').textContent = reference;
  $('done-status').href = statusLink(reference);
  $('done-program').textContent = programName(programById(programId)) || programId;
  $('done-next').replaceChildren(...nextSteps(programId).map((step) => el('li', {}, step)));
  form.reset(); // a shared phone should not keep the NIK on screen
  showPanel('done');
  void markTold('sent');
}

/**
 * The 409 Duplicate names no reference (anyone who knows a NIK could read it): it was sent again by SMS to the number
 * on file, shown masked (DESIGN §5); none while the first submission is still being stored.
 */
function showDuplicate(data) {
  const phone = typeof data.maskedPhone === 'string' ? data.maskedPhone : '';
  $('dup-phone').hidden = !phone;
  $('dup-phone').textContent = phone ? t('dup.phone', { phone }) : '';
  showPanel('duplicate');
  void markTold('refused');
}

/** A refusal or failure, next to the button, with a retry that sends the same submission again. */
function showFailure(heading, message) {
  showMessage(form, summary, heading, message);
  summary.querySelector('ul').after(el('p', {}, el('button', { type: 'button', class: 'button', onclick: () => form.requestSubmit() }, t('failed.retry'))));
}

function showRefusal(status, data, heading = t('server.fix')) {
  showForm();
  if (status === 400 && Array.isArray(data.issues) && data.issues.length) showIssues(form, summary, data.issues, heading);
  else if (status === 409) showFailure(t('server.refused'), data.message ? inReadersLanguage(data.message) : t('error.server'));
  else showFailure(t('server.failed'), failureMessage({ status, data }));
  void markTold('refused');
}

/** What a send came to, on screen. `asked`: the applicant pressed the button (a failure is then shown, and unqueued). */
async function settle(result, asked) {
  if (result.state === 'sent') return showSent(result);
  if (result.state === 'duplicate') return showDuplicate(result.data);
  if (result.state === 'refused') return showRefusal(result.status, result.data);
  if (result.state === 'waiting') {
    if (!$('waiting').hidden) $('wait-status').textContent = t('wait.still');
    else showPanel('waiting');
    return requestSync();
  }
  if (result.state === 'failed' && asked) {
    await unqueue();
    return showFailure(t('server.failed'), failureMessage(result));
  }
  return undefined;
}

let sending = false;
/** Sends what is queued, if anything; one send at a time from this page (and across pages, phone-store's lock). */
export async function sendNow(asked = false) {
  if (sending) return;
  sending = true;
  submitButton.disabled = true;
  $('wait-retry').disabled = true;
  submitButton.textContent = t('sending');
  $('wait-status').textContent = asked && !$('waiting').hidden ? t('wait.sending') : '';
  form.setAttribute('aria-busy', 'true');
  try {
    await settle(await sendQueued(), asked);
  } finally {
    sending = false;
    submitButton.disabled = false;
    $('wait-retry').disabled = false;
    submitButton.textContent = t('submit');
    form.removeAttribute('aria-busy');
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (sending) return;
  const body = readBody();
  const issues = lightChecks(body);
  if (issues.length) {
    showIssues(form, summary, issues);
    return;
  }
  await saveSoon(true);
  await queue(body, formFields(), lang());
  await sendNow(true);
});

$('wait-retry').addEventListener('click', () => void sendNow(true));
window.addEventListener('online', () => void sendNow());

/** A send by the service worker (Background Sync) while this page is open. */
export const onWorkerResult = (result) => settle(result, false);

/**
 * At each visit: a submission still queued is sent (or waited for); one sent or refused while the page was closed is
 * told once; after that the last reference is offered as a link to its status.
 */
export async function resumeAtVisit() {
  const [waiting, done, refusal] = await Promise.all([queued(), sent(), refused()]);
  if (waiting) {
    showPanel('waiting');
    return sendNow();
  }
  if (refusal && !refusal.told) {
    if (refusal.status === 409 && refusal.data.error === 'Duplicate') return showDuplicate(refusal.data);
    return showRefusal(refusal.status, refusal.data, t('queued.refused'));
  }
  if (done && !done.told) return showSent(done);
  if (done) {
    $('last-sent-link').textContent = done.reference;
    $('last-sent-link').href = statusLink(done.reference);
    $('last-sent').hidden = false;
  }
  return undefined;
}
