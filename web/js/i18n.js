/**
 * Two languages, Bahasa Indonesia first. Static text lives in the HTML in Bahasa Indonesia (readable at first
 * paint, before any script arrives) on leaf elements marked `data-i18n="key"`; at start-up that text becomes the
 * key's Indonesian string, and each page adds the English ones. Text built by scripts has both languages in the
 * dictionaries here or in the page's module. The choice is kept in localStorage and sent to the API as
 * Accept-Language, so the server's messages come back in the same language.
 */
const STORAGE_KEY = 'jaring.lang';

/** @type {{ id: Record<string, string>, en: Record<string, string> }} */
const strings = { id: {}, en: {} };
/** @type {Array<(lang: 'id' | 'en') => void>} */
const listeners = [];

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id'; // storage disabled: Bahasa Indonesia
  }
}

/** @type {'id' | 'en'} */
let current = stored();

export const lang = () => current;

/** Adds a page's strings: `{ id: {...}, en: {...} }`. */
export function addStrings(table) {
  Object.assign(strings.id, table.id ?? {});
  Object.assign(strings.en, table.en ?? {});
}

/** The string for `key` in the current language, `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = strings[current][key] ?? strings.id[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

export const has = (key) => key in strings.id || key in strings.en;

const squash = (text) => text.replace(/\s+/g, ' ').trim();

/** Reads the Indonesian text the HTML carries for every `data-i18n` key (once, before any switch). */
function harvest(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const key = el.getAttribute('data-i18n');
    if (key && !(key in strings.id)) strings.id[key] = squash(el.textContent ?? '');
  }
}

/** Puts the current language's text into every marked element. */
export function applyI18n(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n') ?? '');
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.getAttribute('data-i18n-aria-label') ?? ''));
}

export function setLang(next) {
  current = next === 'en' ? 'en' : 'id';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // not remembered, but still switched
  }
  applyI18n();
  for (const fn of listeners) fn(current);
}

export const onLangChange = (fn) => listeners.push(fn);

/** Wires the language button: it is labelled in the language it switches to. */
export function initI18n(button) {
  harvest(document);
  applyI18n();
  if (!button) return;
  const render = () => {
    const other = current === 'id' ? 'en' : 'id';
    button.textContent = other === 'en' ? 'English' : 'Bahasa Indonesia';
    button.setAttribute('lang', other);
    button.setAttribute('aria-label', other === 'en' ? 'Switch to English' : 'Ganti ke Bahasa Indonesia');
  };
  render();
  button.addEventListener('click', () => setLang(current === 'id' ? 'en' : 'id'));
  onLangChange(render);
}

// ---- shared words -------------------------------------------------------------------------------------------

addStrings({
  id: {
    'error.network': 'Tidak ada koneksi ke server. Periksa sinyal atau data internet Anda, lalu coba lagi. Isian Anda tidak hilang.',
    'error.timeout': 'Server terlalu lama menjawab (koneksi lambat?). Coba lagi sebentar lagi. Isian Anda tidak hilang.',
    'error.server': 'Terjadi gangguan di server kami. Coba lagi nanti.',
    'error.tooMany': 'Terlalu sering mencoba. Tunggu {seconds} detik, lalu coba lagi.',
    'error.busy': 'Layanan sedang sibuk. Tunggu {seconds} detik, lalu coba lagi.',
    'status.SUBMITTED': 'Diterima',
    'status.SCREENING': 'Sedang diperiksa',
    'status.PENDING_VERIFICATION': 'Menunggu verifikasi',
    'status.PENDING_APPROVAL': 'Menunggu persetujuan',
    'status.APPROVED': 'Disetujui',
    'status.REJECTED': 'Tidak disetujui',
    'status.WITHDRAWN': 'Dibatalkan',
    'period.once': 'sekali',
    'period.semester': 'Semester {n} {year}',
    'amount.service': 'Layanan (bukan uang)',
    'amount.CASH': '{amount}',
    'amount.IN_KIND': 'Barang senilai {amount}',
    'per.monthly': 'per bulan',
    'per.semester': 'per semester',
    'per.one-off': 'sekali',
    'program.closed': 'pendaftaran ditutup',
    'program.period': 'periode {period}',
    'flag.NOT_IN_REGISTRY': 'Tidak ada di DTSEN',
    'flag.REGISTRY_DISTRICT_MISMATCH': 'Kecamatan di DTSEN berbeda',
    'flag.HOUSEHOLD_ALREADY_APPLIED': 'KK yang sama sudah mengajukan',
  },
  en: {
    'error.network': 'Cannot reach the server. Check your signal or mobile data and try again. What you typed is kept.',
    'error.timeout': 'The server took too long to answer (slow connection?). Try again in a moment. What you typed is kept.',
    'error.server': 'Something went wrong on our side. Please try again later.',
    'error.tooMany': 'Too many tries. Wait {seconds} seconds, then try again.',
    'error.busy': 'The service is busy. Wait {seconds} seconds, then try again.',
    'status.SUBMITTED': 'Received',
    'status.SCREENING': 'Being checked',
    'status.PENDING_VERIFICATION': 'Waiting for verification',
    'status.PENDING_APPROVAL': 'Waiting for approval',
    'status.APPROVED': 'Approved',
    'status.REJECTED': 'Not approved',
    'status.WITHDRAWN': 'Withdrawn',
    'period.once': 'one-off',
    'period.semester': 'Semester {n} {year}',
    'amount.service': 'Service (no cash)',
    'amount.CASH': '{amount}',
    'amount.IN_KIND': 'Goods worth {amount}',
    'per.monthly': 'a month',
    'per.semester': 'a semester',
    'per.one-off': 'once',
    'program.closed': 'applications closed',
    'program.period': 'period {period}',
    'flag.NOT_IN_REGISTRY': 'Not in the DTSEN registry',
    'flag.REGISTRY_DISTRICT_MISMATCH': 'Registry district differs',
    'flag.HOUSEHOLD_ALREADY_APPLIED': 'Same family card already applied',
  },
});

// ---- formatting ---------------------------------------------------------------------------------------------

const locale = () => (current === 'en' ? 'en-GB' : 'id-ID');

export const rupiah = (amount) =>
  new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(amount);

/** `2026-11` -> "November 2026", `2026-S2` -> "Semester 2 2026", `once` -> "sekali". */
export function formatPeriod(period) {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' })
      .format(new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)));
  }
  const semester = /^(\d{4})-S([12])$/.exec(period);
  if (semester) return t('period.semester', { n: semester[2], year: semester[1] });
  if (period === 'once') return t('period.once');
  return period;
}

/** A date and time in the phone's own time zone (the pilot cities span WIB and WITA). */
export const formatDateTime = (iso) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export const formatDate = (iso) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso));

/** "Rp200.000 per bulan", "Barang senilai Rp200.000 per bulan", "Layanan (bukan uang)". */
export function formatBenefit(program) {
  if (!program.amount) return t('amount.service');
  const amount = t(`amount.${program.benefitType === 'IN_KIND' ? 'IN_KIND' : 'CASH'}`, { amount: rupiah(program.amount) });
  return `${amount} ${t(`per.${program.periodKind}`)}`;
}

/** The programme's name in the current language. */
export const programName = (program) => (program ? program.name[current] ?? program.name.id : '');

/** idn-area-data spells provinces and regencies in capitals: "KOTA TANGERANG" reads better as "Kota Tangerang". */
const KEEP_UPPER = new Set(['DKI', 'DI']);
export function regionName(name) {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .replace(/[\p{L}\d]+/gu, (word) => (KEEP_UPPER.has(word.toUpperCase()) ? word.toUpperCase() : word[0].toUpperCase() + word.slice(1)));
}
