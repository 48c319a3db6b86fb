/**
 * The public status check (POST /api/status-check, so the NIK stays out of URLs and access logs). While the
 * application is still being screened the page checks again by itself a few times, well under the server's
 * per-minute limit.
 */
import { api, failureMessage, programs, reasonCatalogue } from './api.js';
import { $, el } from './dom.js';
import { check, clearErrors, showIssues, showMessage } from './form.js';
import { addStrings, formatDateTime, formatPeriod, initI18n, lang, onLangChange, programName, rupiah, t } from './i18n.js';
import { NIK_PATTERN, REFERENCE_PATTERN } from './shared.js';

addStrings({
  id: {
    'form.fix': 'Periksa lagi isian berikut ({n})',
    'v.reference': 'Tulis nomor pendaftaran, misalnya JRG-2611-ABCDE-FGH23.',
    'v.nik': 'NIK harus 16 angka. Lihat KTP Anda.',
    'checking': 'Memeriksa…',
    'notFound.title': 'Permohonan tidak ditemukan',
    'notFound.text': 'Nomor pendaftaran dan NIK ini tidak cocok dengan permohonan mana pun. Periksa lagi keduanya, huruf demi huruf.',
    'tooMany.title': 'Terlalu sering mencoba',
    'failed.title': 'Status belum dapat diperiksa',
    'server.fix': 'Periksa lagi isian berikut:',
    'explain.SUBMITTED': 'Permohonan Anda sudah kami terima. Sebentar lagi data Anda diperiksa otomatis.',
    'explain.SCREENING': 'Data Anda sedang dicocokkan dengan syarat program. Biasanya hanya beberapa menit.',
    'explain.PENDING_VERIFICATION': 'Data Anda memenuhi syarat awal. Sekarang petugas akan memeriksa data Anda, mungkin dengan menelepon atau berkunjung ke rumah.',
    'explain.PENDING_APPROVAL': 'Petugas sudah memeriksa data Anda. Sekarang permohonan menunggu keputusan akhir Dinas Sosial.',
    'explain.APPROVED': 'Permohonan Anda disetujui. Dinas Sosial akan memberi tahu kapan dan bagaimana bantuan disalurkan.',
    'explain.REJECTED': 'Maaf, permohonan Anda tidak disetujui. Alasannya ada di bawah ini.',
    'explain.WITHDRAWN': 'Permohonan ini sudah dibatalkan.',
    'reason.other': 'Kode alasan: {code}',
    'reason.next': 'Yang dapat Anda lakukan:',
    'info.date': 'Diminta pada {date}',
    'payment.SCHEDULED': 'dijadwalkan',
    'payment.IN_BATCH': 'sedang disiapkan untuk pembayaran',
    'payment.SENT': 'sudah dikirim ke bank atau kantor pos',
    'payment.PAID': 'sudah dibayarkan',
    'payment.FAILED': 'gagal, akan dicoba lagi',
    'payment.REVERSED': 'dikembalikan oleh bank, sedang diperiksa petugas',
  },
  en: {
    title: 'Check your application - Jaring',
    skip: 'Skip to content',
    brand: 'Social aid',
    h1: 'Check your application',
    intro: 'Enter your application reference and your NIK. The NIK is needed so that only you can see your application.',
    'f.reference': 'Application reference',
    'h.reference': 'For example JRG-2611-ABCDE-FGH23. It never uses the digits 0 and 1 or the letters I and O.',
    'f.nik': 'NIK (national identity number)',
    'h.nik': '16 digits, printed on your ID card (KTP).',
    submit: 'Check',
    'r.title': 'Your application',
    'r.infoTitle': 'What the office needs from you',
    'r.infoHow': 'Bring or send what is asked to the Social Affairs Office, or wait for an officer to contact you. Mention your reference.',
    'r.reasonsTitle': 'Reasons',
    'r.appeal': 'If you think this decision is wrong, come to the Social Affairs Office with your ID card and family card.',
    'r.reference': 'Reference',
    'r.program': 'Programme',
    'r.period': 'Period',
    'r.paymentsTitle': 'Payments',
    'r.timelineTitle': 'History',
    'r.auto': 'This status updates by itself in a few seconds.',
    'r.refresh': 'Update status',
    'nav.apply': 'Not applied yet? Apply for aid',
    footer: 'Jaring - a Social Affairs Office service. Applying for social aid is always free of charge.',
    'form.fix': 'Please check these answers ({n})',
    'v.reference': 'Write your reference, for example JRG-2611-ABCDE-FGH23.',
    'v.nik': 'The NIK must be 16 digits. See your ID card.',
    checking: 'Checking…',
    'notFound.title': 'No application found',
    'notFound.text': 'This reference and NIK do not match any application. Check both again, character by character.',
    'tooMany.title': 'Too many tries',
    'failed.title': 'The status could not be checked',
    'server.fix': 'Please check these answers:',
    'explain.SUBMITTED': 'We have received your application. Your data will be checked automatically in a moment.',
    'explain.SCREENING': 'Your data is being checked against the programme rules. This usually takes a few minutes at most.',
    'explain.PENDING_VERIFICATION': 'Your data meets the first checks. An officer will now verify it, perhaps by phoning you or visiting your home.',
    'explain.PENDING_APPROVAL': 'An officer has verified your data. The application now waits for the final decision of the Social Affairs Office.',
    'explain.APPROVED': 'Your application is approved. The Social Affairs Office will tell you when and how the aid is delivered.',
    'explain.REJECTED': 'Sorry, your application was not approved. The reasons are below.',
    'explain.WITHDRAWN': 'This application was withdrawn.',
    'reason.other': 'Reason code: {code}',
    'reason.next': 'What you can do:',
    'info.date': 'Asked on {date}',
    'payment.SCHEDULED': 'scheduled',
    'payment.IN_BATCH': 'being prepared for payment',
    'payment.SENT': 'sent to the bank or post office',
    'payment.PAID': 'paid',
    'payment.FAILED': 'failed, will be tried again',
    'payment.REVERSED': 'returned by the bank, being checked by the office',
  },
});

const form = $('check');
const summary = $('error-summary');
const submitButton = $('submit');
const result = $('result');

initI18n($('lang'));

/** While screening runs, check again after these many seconds (about 30 s in all, ~6 requests). */
const AUTO_DELAYS = [2, 3, 5, 8, 13];
const WAITING = ['SUBMITTED', 'SCREENING'];
let autoTimer;
let autoStep = 0;
/** The last successful answer and the request that produced it (the NIK stays in memory only). */
let last;
let query;

const prefill = new URLSearchParams(location.search).get('ref');
if (prefill) $('reference').value = prefill.toUpperCase();

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
  const reference = $('reference').value.trim().toUpperCase().replace(/\s+/g, '');
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
