/**
 * The staff console: log in, work a queue (highest priority first), open an application, claim the task, ask
 * the applicant for information, decide. The token lives in sessionStorage (gone when the tab closes); refusals
 * (403 role/region/segregation of duties, 409 claimed or decided) are shown as the server words them.
 */
import { api, failureMessage, programs, reasonCatalogue, regions } from './api.js';
import { el } from './dom.js';
import { check, clearErrors, showIssues } from './form.js';
import { hideFinance, showFinance } from './finance.js';
import { addStrings, formatDate, formatDateTime, formatPeriod, has, initI18n, lang, onLangChange, programName, regionName, rupiah, t } from './i18n.js';
import { queueRoles, TASK_KINDS, TASK_STAGES } from './shared.js';

addStrings({
  id: {
    'form.fix': 'Periksa lagi isian berikut ({n})',
    'v.username': 'Isi nama pengguna.',
    'v.password': 'Isi kata sandi.',
    'login.failed': 'Belum bisa masuk',
    'login.expired': 'Sesi Anda berakhir. Silakan masuk lagi.',
    'signingIn': 'Masuk…',
    'who': 'Masuk sebagai {username} ({roles})',
    'role.verifier': 'verifikator',
    'role.approver': 'penyetuju',
    'role.finance': 'keuangan',
    'role.admin': 'admin',
    'list.loading': 'Memuat tugas…',
    'list.empty': 'Tidak ada tugas terbuka di antrean ini.',
    'list.count': '{n} tugas ditampilkan, prioritas tertinggi di atas.',
    'list.failed': 'Daftar tugas belum dapat dimuat: {message}',
    'task.priority': 'Prioritas {n}',
    'task.created': 'masuk {date}',
    'task.due': 'Tenggat {date}',
    'task.overdue': 'Lewat tenggat',
    'task.escalated': 'Dieskalasi',
    'task.claimedBy': 'Diklaim: {username}',
    'task.unclaimed': 'Belum diklaim',
    'task.open': 'Buka',
    'task.openLabel': 'Buka {reference}',
    'detail.loading': 'Memuat permohonan…',
    'detail.failed': 'Permohonan belum dapat dimuat: {message}',
    'd.status': 'Status',
    'd.program': 'Program',
    'd.period': 'Periode',
    'd.name': 'Nama',
    'd.nik': 'NIK',
    'd.kk': 'KK',
    'd.birthDate': 'Tanggal lahir',
    'd.birthYear': 'Tahun lahir',
    'd.gender': 'Jenis kelamin',
    'gender.M': 'Laki-laki',
    'gender.F': 'Perempuan',
    'd.address': 'Alamat',
    'd.payout': 'Penyaluran',
    'payout.BANK': 'Bank {bankCode}, rekening {accountNumber} a.n. {accountName}',
    'payout.POS': 'Kantor Pos, Kecamatan {district}',
    'd.household': 'Keluarga',
    'd.members': 'Anggota',
    'd.income': 'Penghasilan per bulan',
    'd.incomePer': '{total} ({perMember} per orang)',
    'd.elderly': 'Lansia',
    'd.children': 'Anak',
    'd.disabled': 'Penyandang disabilitas',
    'd.femaleHeaded': 'Kepala keluarga perempuan',
    yes: 'ya',
    no: 'tidak',
    'd.screening': 'Pemeriksaan otomatis',
    'd.desil': 'Desil DTSEN',
    'd.desilNone': 'tidak ada di DTSEN',
    'd.priority': 'Skor prioritas',
    'd.factors': 'Faktor prioritas',
    'd.noFactors': 'Tidak ada faktor prioritas.',
    'd.points': '+{n}',
    'd.flags': 'Perlu diperhatikan',
    'flagHelp.NOT_IN_REGISTRY': 'NIK tidak ada di DTSEN: cocokkan KTP, KK dan kondisi keluarga saat kunjungan.',
    'flagHelp.REGISTRY_DISTRICT_MISMATCH': 'Kecamatan di DTSEN berbeda dengan alamat yang diisi: pastikan tempat tinggal sebenarnya.',
    'flagHelp.HOUSEHOLD_ALREADY_APPLIED': 'Ada permohonan lain dari KK yang sama untuk program dan periode ini.',
    'd.reasons': 'Alasan penolakan',
    'd.infoRequest': 'Informasi yang sudah diminta',
    'd.infoAt': 'diminta {date}',
    'd.timeline': 'Riwayat',
    'd.by': 'oleh {actor}',
    'a.claimTitle': 'Klaim',
    'a.claimHelp': 'Klaim tugas agar petugas lain tahu Anda sedang mengerjakannya.',
    'a.claim': 'Klaim tugas',
    'a.claimed': 'Tugas diklaim oleh {username} sampai {time}.',
    'a.infoTitle': 'Minta informasi dari pemohon',
    'a.infoLabel': 'Pesan untuk pemohon',
    'a.infoHint': 'Tulis dengan bahasa sederhana apa yang perlu dibawa atau dikirim. Pemohon membaca pesan ini di halaman cek status.',
    'a.infoSend': 'Kirim permintaan',
    'a.infoSent': 'Permintaan terkirim. Pemohon melihatnya di halaman cek status.',
    'v.infoMessage': 'Tulis pesan minimal 5 huruf.',
    'a.decisionTitle': 'Keputusan',
    'a.decision': 'Keputusan Anda',
    'a.APPROVE': 'Setujui',
    'a.REJECT': 'Tolak',
    'a.reasonCode': 'Alasan penolakan (wajib jika menolak)',
    'a.reasonHint': 'Pilih alasan yang paling sesuai. Pemohon membaca penjelasan alasan ini di halaman cek status; catatan Anda tidak.',
    'a.reasonNone': 'Pilih alasan…',
    'a.reasonShown': 'Yang dibaca pemohon:',
    'a.reasonsFailed': 'Daftar alasan belum dapat dimuat: {message}',
    'a.note': 'Catatan (boleh dikosongkan)',
    'a.noteHint': 'Untuk petugas lain; tidak terlihat oleh pemohon.',
    'a.decide': 'Simpan keputusan',
    'a.decided': 'Keputusan tersimpan: {decision}.',
    'a.done.APPROVE': 'disetujui',
    'a.done.REJECT': 'ditolak',
    'v.decision': 'Pilih setujui atau tolak.',
    'v.reasonCode': 'Penolakan memerlukan alasan: pilih dari daftar.',
    'working': 'Memproses…',
  },
  en: {
    title: 'Staff console - Jaring',
    skip: 'Skip to content',
    brand: 'Staff console',
    logout: 'Log out',
    'login.h1': 'Staff login',
    'f.username': 'Username',
    'f.password': 'Password',
    'login.submit': 'Log in',
    'work.h1': 'Tasks',
    'f.queue': 'Queue',
    reload: 'Reload',
    more: 'Show more',
    'form.fix': 'Please check these answers ({n})',
    'v.username': 'Enter your username.',
    'v.password': 'Enter your password.',
    'login.failed': 'Could not log in',
    'login.expired': 'Your session has ended. Please log in again.',
    signingIn: 'Logging in…',
    who: 'Logged in as {username} ({roles})',
    'role.verifier': 'verifier',
    'role.approver': 'approver',
    'role.finance': 'finance',
    'role.admin': 'admin',
    'list.loading': 'Loading tasks…',
    'list.empty': 'No open tasks in this queue.',
    'list.count': '{n} tasks shown, highest priority first.',
    'list.failed': 'The tasks could not be loaded: {message}',
    'task.priority': 'Priority {n}',
    'task.created': 'received {date}',
    'task.due': 'Due {date}',
    'task.overdue': 'Overdue',
    'task.escalated': 'Escalated',
    'task.claimedBy': 'Claimed: {username}',
    'task.unclaimed': 'Not claimed',
    'task.open': 'Open',
    'task.openLabel': 'Open {reference}',
    'detail.loading': 'Loading the application…',
    'detail.failed': 'The application could not be loaded: {message}',
    'd.status': 'Status',
    'd.program': 'Programme',
    'd.period': 'Period',
    'd.name': 'Name',
    'd.nik': 'NIK',
    'd.kk': 'Family card',
    'd.birthDate': 'Date of birth',
    'd.birthYear': 'Year of birth',
    'd.gender': 'Sex',
    'gender.M': 'Male',
    'gender.F': 'Female',
    'd.address': 'Address',
    'd.payout': 'Payout',
    'payout.BANK': 'Bank {bankCode}, account {accountNumber} in the name of {accountName}',
    'payout.POS': 'Post office, district {district}',
    'd.household': 'Household',
    'd.members': 'Members',
    'd.income': 'Income per month',
    'd.incomePer': '{total} ({perMember} per person)',
    'd.elderly': 'Elderly',
    'd.children': 'Children',
    'd.disabled': 'With a disability',
    'd.femaleHeaded': 'Female-headed household',
    yes: 'yes',
    no: 'no',
    'd.screening': 'Automated screening',
    'd.desil': 'DTSEN decile',
    'd.desilNone': 'not in DTSEN',
    'd.priority': 'Priority score',
    'd.factors': 'Priority factors',
    'd.noFactors': 'No priority factors.',
    'd.points': '+{n}',
    'd.flags': 'Look at',
    'flagHelp.NOT_IN_REGISTRY': 'The NIK is not in DTSEN: check the ID card, family card and living conditions at the visit.',
    'flagHelp.REGISTRY_DISTRICT_MISMATCH': 'The DTSEN district differs from the address given: confirm where the household lives.',
    'flagHelp.HOUSEHOLD_ALREADY_APPLIED': 'Another application from the same family card exists for this programme and period.',
    'd.reasons': 'Reasons for rejecting',
    'd.infoRequest': 'Information already requested',
    'd.infoAt': 'requested {date}',
    'd.timeline': 'History',
    'd.by': 'by {actor}',
    'a.claimTitle': 'Claim',
    'a.claimHelp': 'Claim the task so other officers know you are working on it.',
    'a.claim': 'Claim task',
    'a.claimed': 'Task claimed by {username} until {time}.',
    'a.infoTitle': 'Ask the applicant for information',
    'a.infoLabel': 'Message to the applicant',
    'a.infoHint': 'Say in plain words what to bring or send. The applicant reads this on the status page.',
    'a.infoSend': 'Send request',
    'a.infoSent': 'Request sent. The applicant sees it on the status page.',
    'v.infoMessage': 'Write a message of at least 5 characters.',
    'a.decisionTitle': 'Decision',
    'a.decision': 'Your decision',
    'a.APPROVE': 'Approve',
    'a.REJECT': 'Reject',
    'a.reasonCode': 'Reason for rejecting (needed to reject)',
    'a.reasonHint': 'Choose the reason that fits best. The applicant reads its explanation on the status page; your note stays internal.',
    'a.reasonNone': 'Choose a reason…',
    'a.reasonShown': 'What the applicant reads:',
    'a.reasonsFailed': 'The reasons could not be loaded: {message}',
    'a.note': 'Note (optional)',
    'a.noteHint': 'For other officers; the applicant does not see it.',
    'a.decide': 'Save decision',
    'a.decided': 'Decision saved: {decision}.',
    'a.done.APPROVE': 'approved',
    'a.done.REJECT': 'rejected',
    'v.decision': 'Choose approve or reject.',
    'v.reasonCode': 'A rejection needs a reason: choose one from the list.',
    working: 'Working…',
  },
});

const $ = (id) => /** @type {any} */ (document.getElementById(id));
const SESSION_KEY = 'jaring.staff';
const QUEUE_KEY = 'jaring.staff.queue';

initI18n($('lang'));

/** A flag's words, or its code when this page does not know it yet. */
const flagLabel = (code) => (has(`flag.${code}`) ? t(`flag.${code}`) : code);
const flagHelp = (code) => (has(`flagHelp.${code}`) ? t(`flagHelp.${code}`) : code);

// ---- session ------------------------------------------------------------------------------------------------

/** @type {{ token: string, expiresAt: string, user: { username: string, roles: string[], regions: string[] } } | undefined} */
let session;

function loadSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    if (saved?.token && Date.parse(saved.expiresAt) > Date.now()) return saved;
  } catch {
    // unreadable: log in again
  }
  return undefined;
}

function saveSession(value) {
  session = value;
  try {
    if (value) sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // kept in memory for this page only
  }
}

/** Staff calls: an expired or revoked token sends the officer back to the login form. */
async function staffApi(method, path, body) {
  const result = await api(method, path, { token: session?.token, body });
  if (result.status === 401 && session) {
    logout(t('login.expired'));
  }
  return result;
}

function logout(note) {
  saveSession(undefined);
  try {
    sessionStorage.removeItem(QUEUE_KEY); // the next officer on this computer starts in their own queue
  } catch {
    // nothing kept
  }
  currentTask = undefined;
  hideFinance();
  $('work-view').hidden = true;
  $('login-view').hidden = false;
  $('who').hidden = true;
  $('logout').hidden = true;
  $('detail').hidden = true;
  $('detail').replaceChildren();
  $('tasks').replaceChildren();
  $('login-note').hidden = !note;
  $('login-note').textContent = note ?? '';
  $('password').value = '';
  $('username').focus();
}

// ---- login --------------------------------------------------------------------------------------------------

const loginForm = $('login');
const loginSummary = $('login-summary');
loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = $('username').value.trim();
  const password = $('password').value;
  const issues = [];
  check(issues, !username, 'username', t('v.username'));
  check(issues, !password, 'password', t('v.password'));
  if (issues.length) {
    showIssues(loginForm, loginSummary, issues);
    return;
  }
  const button = $('login-submit');
  button.disabled = true;
  button.textContent = t('signingIn');
  const result = await api('POST', '/api/auth/login', { body: { username, password } });
  button.disabled = false;
  button.textContent = t('login.submit');
  if (!result.ok) {
    if (result.status === 400 && Array.isArray(result.data.issues)) showIssues(loginForm, loginSummary, result.data.issues, t('login.failed'));
    else showIssues(loginForm, loginSummary, [{ path: '', message: failureMessage(result) }], t('login.failed'));
    return;
  }
  clearErrors(loginForm, loginSummary);
  $('password').value = '';
  saveSession({ token: result.data.token, expiresAt: result.data.expiresAt, user: result.data.user });
  void startWork();
});

$('logout').addEventListener('click', () => logout());

// ---- queues and the task list -------------------------------------------------------------------------------

// One queue per human-task stage, named and offered as the stage table and the server's policy say.
addStrings(Object.fromEntries(['id', 'en'].map((l) => [l, Object.fromEntries(TASK_KINDS.map((k) => [`queue.${k}`, TASK_STAGES[k].label[l]]))])));
let queue = TASK_KINDS[0];
let nextCursor = null;
/** @type {any[]} */
let tasks = [];
/** @type {any} */
let currentTask;

// Application stages only: a payout batch's approval is worked in the finance console (finance.js).
const allowedQueues = () => TASK_KINDS.filter((q) => TASK_STAGES[q].subject === 'application' && queueRoles(q).some((r) => session.user.roles.includes(r)));

function renderWho() {
  const roles = session.user.roles.map((r) => t(`role.${r}`)).join(', ');
  $('who').textContent = t('who', { username: session.user.username, roles });
}

function renderQueues() {
  const queues = allowedQueues();
  $('queues').replaceChildren(...queues.map((q) => el('div', { class: 'choice' },
    el('input', { type: 'radio', name: 'queue', id: `queue-${q}`, value: q, checked: q === queue }),
    el('label', { for: `queue-${q}` }, t(`queue.${q}`)))));
  for (const radio of $('queues').querySelectorAll('input')) {
    radio.addEventListener('change', () => {
      queue = radio.value;
      try {
        sessionStorage.setItem(QUEUE_KEY, queue);
      } catch {
        // not remembered
      }
      void loadTasks(false);
    });
  }
}

async function startWork() {
  $('login-view').hidden = true;
  $('work-view').hidden = false;
  $('who').hidden = false;
  $('logout').hidden = false;
  $('login-note').hidden = true;
  // Finance officers land on their own console: payout batches (finance.js).
  if (session.user.roles.includes('finance')) {
    $('work-view').hidden = true;
    return void showFinance({ user: session.user, call: staffApi, token: () => session?.token, expired: () => logout(t('login.expired')) });
  }
  const queues = allowedQueues();
  let saved;
  try {
    saved = sessionStorage.getItem(QUEUE_KEY);
  } catch {
    saved = null;
  }
  // Each officer starts where their own work is: the first stage they decide, else the first escalated to them.
  const own = (role) => queues.find((q) => session.user.roles.includes(TASK_STAGES[q][role]));
  queue = queues.includes(saved ?? '') ? saved : own('decidedBy') ?? own('escalatesTo') ?? queues[0] ?? TASK_KINDS[0];
  renderWho();
  renderQueues();
  await loadTasks(false);
}

/** District names for the codes in the list (the regions are cached per page and by the browser). */
async function districtNames(codes) {
  const names = new Map();
  const regencies = [...new Set(codes.map((c) => c.slice(0, 5)))];
  await Promise.all(regencies.map(async (regency) => {
    const r = await regions(regency);
    if (r.ok) for (const d of r.data) names.set(d.code, regionName(d.name));
  }));
  return names;
}

let programIndex = new Map();
async function loadProgramIndex() {
  const r = await programs();
  if (r.ok) programIndex = new Map(r.data.map((p) => [p.id, p]));
}

let districtIndex = new Map();

let listRequest = 0;
async function loadTasks(append) {
  if (!session) return;
  const request = ++listRequest;
  const status = $('list-status');
  status.textContent = t('list.loading');
  $('more').hidden = true;
  const params = new URLSearchParams({ kind: queue });
  if (append && nextCursor) params.set('cursor', nextCursor);
  const result = await staffApi('GET', `/api/tasks?${params}`);
  if (!session || request !== listRequest) return; // logged out, or a newer reload answers instead
  if (!result.ok) {
    status.textContent = t('list.failed', { message: failureMessage(result) });
    return;
  }
  tasks = append ? [...tasks, ...result.data.items] : result.data.items;
  nextCursor = result.data.nextCursor ?? null;
  await loadProgramIndex();
  districtIndex = await districtNames(tasks.map((x) => x.districtCode));
  if (request === listRequest) renderTasks();
}

function renderTasks() {
  const status = $('list-status');
  status.textContent = tasks.length ? t('list.count', { n: tasks.length }) : t('list.empty');
  const now = Date.now();
  $('tasks').replaceChildren(...tasks.map((task) => {
    const overdue = Date.parse(task.dueAt) < now;
    const claimedNow = task.claimedBy && (!task.claimExpiresAt || Date.parse(task.claimExpiresAt) > now);
    const program = programIndex.get(task.programId);
    const district = districtIndex.get(task.districtCode) ?? task.districtCode;
    return el('li', { class: currentTask?.taskId === task.taskId ? 'task current' : 'task', 'data-task-id': task.taskId },
      el('div', { class: 'task-head' },
        el('span', { class: 'task-ref' }, task.reference),
        el('strong', {}, t('task.priority', { n: task.priority }))),
      el('p', { class: 'task-meta' }, [program ? programName(program) : task.programId, district, t('task.created', { date: formatDate(task.createdAt) })].join(' · ')),
      el('ul', { class: 'tags' },
        ...(task.flags ?? []).map((f) => el('li', { class: 'tag flag' }, flagLabel(f))),
        task.escalated ? el('li', { class: 'tag escalated' }, t('task.escalated')) : null,
        overdue ? el('li', { class: 'tag overdue' }, t('task.overdue')) : null,
        el('li', { class: claimedNow ? 'tag claimed' : 'tag' }, claimedNow ? t('task.claimedBy', { username: task.claimedBy }) : t('task.unclaimed'))),
      el('p', { class: 'task-meta' }, t('task.due', { date: formatDateTime(task.dueAt) })),
      el('button', { type: 'button', class: 'button small', 'aria-label': t('task.openLabel', { reference: task.reference }), onclick: () => openTask(task) }, t('task.open')));
  }));
  $('more').hidden = !nextCursor;
}

$('reload').addEventListener('click', () => void loadTasks(false));
$('more').addEventListener('click', () => void loadTasks(true));

// ---- one application ----------------------------------------------------------------------------------------

/** A region's name from its parent's (cached) list; the code if it cannot be loaded. */
async function nameOf(parent, code) {
  const r = await regions(parent);
  const found = r.ok ? r.data.find((x) => x.code === code) : undefined;
  return found ? regionName(found.name) : code;
}

async function addressText(a) {
  const name = nameOf;
  const [village, district, regency, province] = await Promise.all([
    name(a.districtCode, a.villageCode), name(a.regencyCode, a.districtCode), name(a.provinceCode, a.regencyCode), name(undefined, a.provinceCode),
  ]);
  return `${a.street}, ${village}, ${district}, ${regency}, ${province}`;
}

const facts = (rows) => el('dl', { class: 'facts' }, ...rows.filter(Boolean).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));

let detailApp;

async function openTask(task) {
  currentTask = task;
  detailApp = undefined;
  renderTasks();
  const detail = $('detail');
  detail.hidden = false;
  detail.replaceChildren(el('p', { role: 'status' }, t('detail.loading')));
  const result = await staffApi('GET', `/api/applications/${encodeURIComponent(task.applicationId)}`);
  if (!session || currentTask !== task) return;
  if (!result.ok) {
    detail.replaceChildren(el('p', { class: 'message error', role: 'alert' }, t('detail.failed', { message: failureMessage(result) })));
    return;
  }
  detailApp = result.data;
  await renderDetail();
  detail.focus();
}

async function renderDetail() {
  const app = detailApp;
  const task = currentTask;
  if (!app || !task) return;
  const program = programIndex.get(app.programId);
  const h = app.household;
  const s = app.screening;
  const currentLang = lang();
  const reasons = await reasonCatalogue();
  const payout = app.payout.method === 'BANK'
    ? t('payout.BANK', app.payout)
    : t('payout.POS', { district: await nameOf(app.payout.districtCode.slice(0, 5), app.payout.districtCode) });

  const screening = s ? [
    el('h3', {}, t('d.screening')),
    facts([
      [t('d.desil'), s.desil === null || s.desil === undefined ? t('d.desilNone') : String(s.desil)],
      [t('d.priority'), String(s.priority?.score ?? 0)],
    ]),
    el('p', { class: 'important' }, t('d.factors')),
    s.priority?.factors?.length
      ? el('ul', { class: 'factors' }, ...s.priority.factors.map((f) => el('li', {}, `${f.label?.[currentLang] ?? f.label?.id ?? f.factor} `, el('strong', {}, t('d.points', { n: f.points })))))
      : el('p', {}, t('d.noFactors')),
    s.flags?.length ? el('p', { class: 'important' }, t('d.flags')) : null,
    s.flags?.length ? el('ul', { class: 'tags' }, ...s.flags.map((f) => el('li', { class: 'tag flag' }, flagLabel(f.code)))) : null,
    s.flags?.length ? el('ul', {}, ...s.flags.map((f) => el('li', {}, flagHelp(f.code), f.detail ? ` (${f.detail})` : ''))) : null,
  ] : [];

  const parts = [
    el('h2', { id: 'detail-title' }, app.reference),
    facts([
      [t('d.status'), el('span', { class: 'status-badge', 'data-status': app.status }, t(`status.${app.status}`))],
      [t('d.program'), program ? programName(program) : app.programId],
      [t('d.period'), formatPeriod(app.period)],
      [t('d.name'), app.fullName],
      [t('d.nik'), el('span', { class: 'code' }, app.nik)],
      [t('d.kk'), el('span', { class: 'code' }, app.kk)],
      // Officers who may not see identities get the year only (staffView).
      app.birthDate ? [t('d.birthDate'), formatDate(`${app.birthDate}T00:00:00`)] : [t('d.birthYear'), String(app.birthYear)],
      [t('d.gender'), t(`gender.${app.gender}`)],
      [t('d.address'), await addressText(app.address)],
      [t('d.payout'), payout],
    ]),
    el('h3', {}, t('d.household')),
    facts([
      [t('d.members'), String(h.members)],
      [t('d.income'), t('d.incomePer', { total: rupiah(h.monthlyIncome), perMember: rupiah(Math.round(h.monthlyIncome / Math.max(1, h.members))) })],
      [t('d.elderly'), String(h.elderly ?? 0)],
      [t('d.children'), String(h.children ?? 0)],
      [t('d.disabled'), String(h.disabled ?? 0)],
      [t('d.femaleHeaded'), h.femaleHeaded ? t('yes') : t('no')],
    ]),
    ...screening,
    app.reasonCodes?.length ? el('p', {}, `${t('d.reasons')}: `, app.reasonCodes.map((code) => reasonText(reasons, code)).join('; ')) : null,
    app.infoRequest ? el('div', { class: 'info-request' },
      el('h3', {}, t('d.infoRequest')),
      el('blockquote', {}, app.infoRequest.message),
      el('p', { class: 'muted' }, t('d.infoAt', { date: formatDateTime(app.infoRequest.requestedAt) }))) : null,
    el('h3', {}, t('d.timeline')),
    el('ol', { class: 'timeline' }, ...[...app.timeline].reverse().map((e) => el('li', {},
      el('strong', {}, t(`status.${e.status}`)), ` ${t('d.by', { actor: e.actor })}`,
      el('time', { datetime: e.at }, formatDateTime(e.at))))),
    ...actions(task, reasons),
  ];
  $('detail').replaceChildren(...parts.filter(Boolean));
}

// ---- actions: claim, ask for information, decide ------------------------------------------------------------

const message = () => $('action-message');

function say(text, ok) {
  const box = message();
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

/** A reason's label in the page language with its code; the code alone when the catalogue does not list it. */
function reasonText(reasons, code) {
  const reason = reasons.ok ? reasons.data.find((r) => r.code === code) : undefined;
  return reason ? `${reason.label[lang()]} (${code})` : code;
}

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

function actions(task, reasons) {
  const messageBox = el('p', { id: 'action-message', class: 'message', hidden: true });

  const claimButton = el('button', { type: 'button', class: 'button' }, t('a.claim'));
  claimButton.addEventListener('click', async () => {
    busy(claimButton, true);
    const r = await staffApi('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/claim`);
    busy(claimButton, false, t('a.claim'));
    if (!session) return;
    if (!r.ok) return say(failureMessage(r), false);
    say(t('a.claimed', { username: r.data.claimedBy, time: formatDateTime(r.data.claimExpiresAt) }), true);
    void loadTasks(false);
  });

  const infoSummary = summaryBox();
  const infoForm = el('form', { method: 'post', novalidate: true },
    el('div', { class: 'field', 'data-path': 'message' },
      el('label', { for: 'info-text' }, t('a.infoLabel')),
      el('p', { class: 'hint', id: 'info-hint' }, t('a.infoHint')),
      el('p', { class: 'field-error', id: 'info-error', hidden: true }),
      el('textarea', { id: 'info-text', name: 'message', maxlength: 500, 'aria-describedby': 'info-hint info-error' })),
    el('button', { type: 'submit', class: 'button' }, t('a.infoSend')));
  infoForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = infoForm.querySelector('textarea').value.trim();
    if (text.length < 5) return showIssues(infoForm, infoSummary, [{ path: 'message', message: t('v.infoMessage') }]);
    const button = infoForm.querySelector('button');
    busy(button, true);
    const r = await staffApi('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/request-info`, { message: text });
    busy(button, false, t('a.infoSend'));
    if (!session) return;
    if (r.status === 400 && Array.isArray(r.data.issues)) return showIssues(infoForm, infoSummary, r.data.issues);
    clearErrors(infoForm, infoSummary);
    if (!r.ok) return say(failureMessage(r), false);
    detailApp = { ...detailApp, infoRequest: r.data.infoRequest };
    await renderDetail();
    say(t('a.infoSent'), true);
  });

  const decisionSummary = summaryBox();
  const decisionForm = el('form', { method: 'post', novalidate: true },
    el('fieldset', { class: 'field', 'data-path': 'decision' },
      el('legend', {}, t('a.decision')),
      el('p', { class: 'field-error', hidden: true }),
      el('div', { class: 'choices inline' },
        ...['APPROVE', 'REJECT'].map((d) => el('div', { class: 'choice' },
          el('input', { type: 'radio', name: 'decision', id: `decision-${d}`, value: d }),
          el('label', { for: `decision-${d}` }, t(`a.${d}`)))))),
    reasonField(task, reasons),
    el('div', { class: 'field', 'data-path': 'note' },
      el('label', { for: 'decision-note' }, t('a.note')),
      el('p', { class: 'hint', id: 'note-hint' }, t('a.noteHint')),
      el('p', { class: 'field-error', id: 'note-error', hidden: true }),
      el('textarea', { id: 'decision-note', name: 'note', maxlength: 1000, 'aria-describedby': 'note-hint note-error' })),
    el('button', { type: 'submit', class: 'button primary' }, t('a.decide')));
  decisionForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const decision = decisionForm.querySelector('input[name=decision]:checked')?.value;
    const reasonCode = decisionForm.querySelector('#reason-code').value;
    const note = decisionForm.querySelector('#decision-note').value.trim();
    const issues = [];
    check(issues, !decision, 'decision', t('v.decision'));
    check(issues, decision === 'REJECT' && !reasonCode, 'reasonCode', t('v.reasonCode'));
    if (issues.length) return showIssues(decisionForm, decisionSummary, issues);
    // A reason goes with a rejection only: one left selected before switching to approve is not sent.
    const body = { decision, ...(decision === 'REJECT' ? { reasonCode } : {}), ...(note ? { note } : {}) };
    const button = decisionForm.querySelector('button[type=submit]');
    busy(button, true);
    const r = await staffApi('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/decision`, body);
    busy(button, false, t('a.decide'));
    if (!session) return;
    if (r.status === 400 && Array.isArray(r.data.issues)) return showIssues(decisionForm, decisionSummary, r.data.issues);
    clearErrors(decisionForm, decisionSummary);
    if (!r.ok) return say(failureMessage(r), false);
    for (const control of $('detail').querySelectorAll('.action-box button, .action-box input, .action-box select, .action-box textarea')) control.disabled = true;
    say(t('a.decided', { decision: t(`a.done.${r.data.decision}`) }), true);
    void loadTasks(false);
  });

  return [
    messageBox,
    el('div', { class: 'action-box' }, el('h3', {}, t('a.claimTitle')), el('p', { class: 'hint' }, t('a.claimHelp')), claimButton),
    el('div', { class: 'action-box' }, el('h3', {}, t('a.infoTitle')), infoSummary, infoForm),
    el('div', { class: 'action-box' }, el('h3', {}, t('a.decisionTitle')), decisionSummary, decisionForm),
  ];
}

function summaryBox() {
  return el('div', { class: 'error-summary', tabindex: '-1', role: 'alert', hidden: true }, el('h2', {}), el('ul', {}));
}

// ---- start --------------------------------------------------------------------------------------------------

onLangChange(() => {
  if (!session) return;
  renderWho();
  renderQueues();
  renderTasks();
  if (detailApp && currentTask) void renderDetail();
});

session = loadSession();
if (session) void startWork();
else logout();
