/**
 * A task's actions under its application: claim it, ask the applicant for information, decide. Refusals (403 role,
 * region or segregation of duties) are shown as the server words them, in the officer's language; a 409 (claimed
 * or decided), which the server words for logs, in this page's words.
 */
import { failureMessage } from './api.js';
import { $, el, summaryBox, textareaField } from './dom.js';
import { check, clearErrors, showIssues } from './form.js';
import { formatDateTime, lang, t } from './i18n.js';
import { signedIn, staffApi } from './staff-session.js';

function say(text, ok) {
  const box = $('action-message');
  box.className = ok ? 'message ok' : 'message error';
  box.setAttribute('role', ok ? 'status' : 'alert');
  box.textContent = text;
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

function busy(button, on, label) {
  button.disabled = on;
  button.textContent = on ? t('working') : label;
}

/** Why the server refused, in words for the officer. */
function refusal(r) {
  if (r.status !== 409) return failureMessage(r);
  return r.data.claimedBy
    ? t('a.heldBy', { username: r.data.claimedBy, time: formatDateTime(r.data.claimExpiresAt) })
    : t('a.alreadyDecided');
}

const taskPath = (task, action) => `/api/tasks/${encodeURIComponent(task.taskId)}/${action}`;

/** The reject reason: a select of the catalogue codes this task's stage may give, and what the applicant will read. */
function reasonField(task, reasons) {
  const usable = reasons.ok ? reasons.data.filter((r) => r.stages.includes(task.kind)) : [];
  const select = el('select', { id: 'reason-code', name: 'reasonCode', 'aria-describedby': 'reason-hint reason-error reason-preview' },
    el('option', { value: '' }, t('a.reasonNone')),
    ...usable.map((r) => el('option', { value: r.code }, r.label[lang()])));
  const preview = el('p', { class: 'hint', id: 'reason-preview', 'aria-live': 'polite' });
  select.addEventListener('change', () => {
    const reason = usable.find((r) => r.code === select.value);
    preview.replaceChildren(...(reason ? [el('strong', {}, t('a.reasonShown')), ` ${reason.explanation[lang()]} ${reason.nextStep[lang()]}`] : []));
  });
  return el('div', { class: 'field', 'data-path': 'reasonCode' },
    el('label', { for: 'reason-code' }, t('a.reasonCode')),
    el('p', { class: 'hint', id: 'reason-hint' }, t('a.reasonHint')),
    reasons.ok ? null : el('p', { class: 'message error', role: 'alert' }, t('a.reasonsFailed', { message: failureMessage(reasons) })),
    el('p', { class: 'field-error', id: 'reason-error', hidden: true }),
    select,
    preview);
}

function claimBox(task, { listChanged }) {
  const button = el('button', { type: 'button', class: 'button' }, t('a.claim'));
  button.addEventListener('click', async () => {
    busy(button, true);
    const r = await staffApi('POST', taskPath(task, 'claim'));
    busy(button, false, t('a.claim'));
    // A disabled button drops the keyboard focus to the page's top: it goes back where the officer was.
    button.focus();
    if (!signedIn()) return;
    if (!r.ok) return say(refusal(r), false);
    say(t('a.claimed', { username: r.data.claimedBy, time: formatDateTime(r.data.claimExpiresAt) }), true);
    void listChanged();
  });
  return el('div', { class: 'action-box' }, el('h3', {}, t('a.claimTitle')), el('p', { class: 'hint' }, t('a.claimHelp')), button);
}

function infoBox(task, { infoRequested }) {
  const summary = summaryBox();
  const form = el('form', { method: 'post', novalidate: true },
    textareaField({ id: 'info-text', path: 'message', label: t('a.infoLabel'), hint: t('a.infoHint'), maxlength: 500 }),
    el('button', { type: 'submit', class: 'button' }, t('a.infoSend')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = form.querySelector('textarea').value.trim();
    if (text.length < 5) return showIssues(form, summary, [{ path: 'message', message: t('v.infoMessage') }]);
    const button = form.querySelector('button');
    busy(button, true);
    const r = await staffApi('POST', taskPath(task, 'request-info'), { message: text });
    busy(button, false, t('a.infoSend'));
    button.focus();
    if (!signedIn()) return;
    if (r.status === 400 && Array.isArray(r.data.issues)) return showIssues(form, summary, r.data.issues);
    clearErrors(form, summary);
    if (!r.ok) return say(refusal(r), false);
    await infoRequested(r.data.infoRequest);
    say(t('a.infoSent'), true);
  });
  return el('div', { class: 'action-box' }, el('h3', {}, t('a.infoTitle')), summary, form);
}

/** After a decision: the queue read again, then a button to the task now first in it (none when it is empty). */
async function offerNext(box, { listChanged, next, open }) {
  await listChanged();
  const following = next();
  const button = following
    ? el('button', { type: 'button', class: 'button primary', id: 'next-task', onclick: () => open(following) }, t('a.next', { reference: following.reference }))
    : el('p', { class: 'hint' }, t('a.queueDone'));
  box.append(button);
  if (following) button.focus();
}

function decisionBox(task, reasons, after) {
  const summary = summaryBox();
  const form = el('form', { method: 'post', novalidate: true },
    el('fieldset', { class: 'field', 'data-path': 'decision' },
      el('legend', {}, t('a.decision')),
      el('p', { class: 'field-error', hidden: true }),
      el('div', { class: 'choices inline' },
        ...['APPROVE', 'REJECT'].map((d) => el('div', { class: 'choice' },
          el('input', { type: 'radio', name: 'decision', id: `decision-${d}`, value: d }),
          el('label', { for: `decision-${d}` }, t(`a.${d}`)))))),
    reasonField(task, reasons),
    textareaField({ id: 'decision-note', path: 'note', label: t('a.note'), hint: t('a.noteHint'), maxlength: 1000 }),
    el('button', { type: 'submit', class: 'button primary' }, t('a.decide')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const decision = form.querySelector('input[name=decision]:checked')?.value;
    const reasonCode = form.querySelector('#reason-code').value;
    const note = form.querySelector('#decision-note').value.trim();
    const issues = [];
    check(issues, !decision, 'decision', t('v.decision'));
    check(issues, decision === 'REJECT' && !reasonCode, 'reasonCode', t('v.reasonCode'));
    if (issues.length) return showIssues(form, summary, issues);
    // A reason goes with a rejection only: one left selected before switching to approve is not sent.
    const body = { decision, ...(decision === 'REJECT' ? { reasonCode } : {}), ...(note ? { note } : {}) };
    const button = form.querySelector('button[type=submit]');
    busy(button, true);
    const r = await staffApi('POST', taskPath(task, 'decision'), body);
    busy(button, false, t('a.decide'));
    button.focus();
    if (!signedIn()) return;
    if (r.status === 400 && Array.isArray(r.data.issues)) return showIssues(form, summary, r.data.issues);
    clearErrors(form, summary);
    if (!r.ok) return say(refusal(r), false);
    for (const control of $('detail').querySelectorAll('.action-box button, .action-box input, .action-box select, .action-box textarea')) control.disabled = true;
    say(t('a.decided', { decision: t(`a.done.${r.data.decision}`) }), true);
    await offerNext(box, after);
  });
  const box = el('div', { class: 'action-box' }, el('h3', {}, t('a.decisionTitle')), summary, form);
  return box;
}

/**
 * @param {{ listChanged: () => Promise<void>, next: () => any, open: (task: any) => void, infoRequested: (infoRequest: unknown) => Promise<void> }} after
 *   what follows a claim (the queue is read again), a decision (read again, then the next task offered) and an
 *   information request (the application shows it)
 */
export function taskActions(task, reasons, after) {
  return [
    el('p', { id: 'action-message', class: 'message', hidden: true }),
    claimBox(task, after),
    infoBox(task, after),
    decisionBox(task, reasons, after),
  ];
}
