/**
 * The public status check (POST /api/status-check, so the NIK stays out of URLs and access logs): the status, what
 * the office asks the applicant to bring or send, each payment, the reasons of a refusal, and the withdraw button
 * before a decision (status-withdraw.js). Nothing is shown without an answer for the right reference and NIK pair.
 * While the application is still being screened the page checks again by itself a few times, well under the
 * server's per-minute limit. A reference is taken in any case and with any separators.
 */
import './status-strings.js';
import { api, failureMessage, programs, reasonCatalogue } from './api.js';
import { $, el } from './dom.js';
import { check, clearErrors, showIssues, showMessage } from './form.js';
import { formatDateTime, formatPeriod, initI18n, lang, onLangChange, programName, rupiah, t } from './i18n.js';
import { startOffline } from './offline.js';
import { sent } from './phone-store.js';
import { NIK_PATTERN, normaliseReference, PROGRAM_GUIDES, REFERENCE_PATTERN } from './shared.js';
import { initWithdraw, offerWithdraw } from './status-withdraw.js';

const form = $('check');
const summary = $('error-summary');
const submitButton = $('submit');
const result = $('result');

initI18n($('lang'));
startOffline();

/** While screening runs, check again after these many seconds (about 30 s in all, ~6 requests). */
const AUTO_DELAYS = [2, 3, 5, 8, 13];
const WAITING = ['SUBMITTED', 'SCREENING'];
let autoTimer;
let autoStep = 0;
/** The last successful answer and the request that produced it (the NIK stays in memory only). */
let last;
let query;

// The reference from the link of the confirmation, or the last one sent from this phone (never the NIK).
const prefill = new URLSearchParams(location.search).get('ref');
if (prefill) $('reference').value = normaliseReference(prefill);
else void sent().then((last) => {
  if (last && !$('reference').value) $('reference').value = last.reference;
}).catch(() => undefined);

function stopAuto() {
  clearTimeout(autoTimer);
  autoTimer = undefined;
  $('auto-note').hidden = true;
}

/** Renders of answers and language switches may overlap (each waits for lists): only the latest may write. */
let latestRender = 0;

async function render(data) {
  const mine = ++latestRender;
  const badge = $('status-badge');
  badge.dataset.status = data.status;
  badge.textContent = t(`status.${data.status}`);
  $('status-text').textContent = t(`explain.${data.status}`);

  const info = data.infoRequest;
  $('info-request').hidden = !info;
  if (info) {
    $('info-message').textContent = info.message;
    $('info-date').textContent = t('info.date', { date: formatDateTime(info.requestedAt) });
  }
  const documents = PROGRAM_GUIDES[data.programId]?.documents ?? [];
  $('info-documents').hidden = !documents.length;
  $('info-document-list').replaceChildren(...documents.map((d) => el('li', {}, d[lang()])));
  offerWithdraw(data.status);

  const codes = data.reasonCodes ?? [];
  $('reasons').hidden = codes.length === 0;
  // Each reason in plain words from the server's catalogue (the server publishes no code outside it); just the
  // code while the catalogue cannot be fetched.
  const catalogue = codes.length ? await reasonCatalogue() : undefined;
  if (mine !== latestRender) return;
  const known = new Map(catalogue?.ok ? catalogue.data.map((r) => [r.code, r]) : []);
  const l = lang();
  $('reason-list').replaceChildren(...codes.map((code) => {
    const reason = known.get(code);
    if (!reason) return el('li', {}, t('reason.other', { code }));
    return el('li', { 'data-code': code },
      el('strong', {}, reason.label[l]),
      el('p', {}, reason.explanation[l]),
      el('p', {}, el('strong', {}, t('reason.next')), ' ', reason.nextStep[l]));
  }));

  $('r-reference').textContent = data.reference;
  $('r-period').textContent = formatPeriod(data.period ?? '');
  const list = await programs();
  if (mine !== latestRender) return;
  const program = list.ok ? list.data.find((p) => p.id === data.programId) : undefined;
  $('r-program').textContent = program ? programName(program) : data.programId;

  const payments = data.payments ?? [];
  $('payments').hidden = payments.length === 0;
  $('payment-list').replaceChildren(...payments.map((p) =>
    el('li', {}, `${formatPeriod(p.period)}: ${rupiah(p.amount)} - ${t(`payment.${p.status}`)}`)));

  $('timeline').replaceChildren(...[...(data.timeline ?? [])].reverse().map((entry) =>
    el('li', {}, el('strong', {}, t(`status.${entry.status}`)), el('time', { datetime: entry.at }, formatDateTime(entry.at)))));
}

let runs = 0;
async function run({ auto }) {
  const mine = ++runs;
  // A background check changes nothing on screen until it has an answer.
  if (!auto) {
    submitButton.disabled = true;
    $('refresh').disabled = true;
    submitButton.textContent = t('checking');
  }
  try {
    const response = await api('POST', '/api/status-check', { body: query });
    if (mine !== runs) return; // a newer check (perhaps of another reference) answers instead
    if (response.ok) {
      clearErrors(form, summary);
      const firstShow = result.hidden;
      last = response.data;
      await render(last);
      if (mine !== runs) return; // a newer check answered while this one was drawn
      result.hidden = false;
      if (firstShow && !auto) result.focus();
      scheduleAuto(last.status);
      return;
    }
    stopAuto();
    if (auto) return; // a failed background check says nothing; the last answer stays on screen
    result.hidden = true;
    last = undefined;
    if (response.status === 404) showMessage(form, summary, t('notFound.title'), t('notFound.text'));
    else if (response.status === 429) showMessage(form, summary, t('tooMany.title'), failureMessage(response));
    else if (response.status === 400 && Array.isArray(response.data.issues)) showIssues(form, summary, response.data.issues, t('server.fix'));
    else showMessage(form, summary, t('failed.title'), failureMessage(response));
  } finally {
    if (!auto && mine === runs) {
      submitButton.disabled = false;
      $('refresh').disabled = false;
      submitButton.textContent = t('submit');
    }
  }
}

function scheduleAuto(status) {
  stopAuto();
  if (!WAITING.includes(status) || autoStep >= AUTO_DELAYS.length) return;
  $('auto-note').hidden = false;
  autoTimer = setTimeout(() => void run({ auto: true }), AUTO_DELAYS[autoStep++] * 1000);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  stopAuto();
  autoStep = 0;
  const reference = normaliseReference($('reference').value);
  const nik = $('nik').value.replace(/\D/g, '');
  $('reference').value = reference;
  const issues = [];
  check(issues, !REFERENCE_PATTERN.test(reference), 'reference', t('v.reference'));
  check(issues, !NIK_PATTERN.test(nik), 'nik', t('v.nik'));
  if (issues.length) {
    result.hidden = true;
    showIssues(form, summary, issues);
    return;
  }
  query = { reference, nik };
  void run({ auto: false });
});

$('refresh').addEventListener('click', () => {
  if (!query) return;
  stopAuto();
  autoStep = 0;
  void run({ auto: false });
});

// Editing the NIK or reference ends the background checks of the previous pair.
for (const id of ['reference', 'nik']) $(id).addEventListener('input', stopAuto);

onLangChange(() => {
  if (last) void render(last);
});

initWithdraw(() => query, (message) => {
  $('withdraw-message').textContent = message;
  autoStep = 0;
  void run({ auto: false });
});
