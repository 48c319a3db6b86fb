/**
 * The applicant's form (POST /api/applications). Light checks here, with the server's own formats and NIK rule
 * (shared.js, built from shared/), so obvious slips are caught without a round trip on a slow connection; the
 * server decides, and its issues are shown next to the fields they name.
 * The NIK only ever travels in the POST body.
 */
import { api, failureMessage, programs, regions } from './api.js';
import { $, el } from './dom.js';
import { check, clearErrors, showIssues, showMessage } from './form.js';
import { addStrings, formatBenefit, formatPeriod, initI18n, lang, onLangChange, programName, regionName, rupiah, t } from './i18n.js';
import { ACCOUNT_NUMBER_PATTERN, BANK_CODE_PATTERN, HOUSEHOLD_MAX_MEMBERS, KK_PATTERN, NIK_PATTERN, nikMatchesBirth, parseNik, PHONE_PATTERN, translate } from './shared.js';

addStrings({
  id: {
    'form.fix': 'Periksa lagi isian berikut ({n})',
    'server.fix': 'Permohonan belum terkirim. Periksa lagi isian berikut:',
    'server.refused': 'Permohonan belum dapat diterima',
    'server.failed': 'Permohonan belum terkirim',
    'sending': 'Mengirim…',
    'programs.failed': 'Daftar program belum dapat dimuat.',
    'programs.none': 'Saat ini tidak ada program yang dibuka.',
    'retry': 'Coba lagi',
    'regions.failed': 'Daftar wilayah belum dapat dimuat.',
    'ph.choose.province': 'Pilih provinsi',
    'ph.choose.regency': 'Pilih kabupaten/kota',
    'ph.choose.district': 'Pilih kecamatan',
    'ph.choose.village': 'Pilih kelurahan/desa',
    'income.preview': '= {amount} per bulan',
    'v.program': 'Pilih salah satu program.',
    'v.nik': 'NIK harus 16 angka. Lihat KTP Anda.',
    'v.kk': 'Nomor KK harus 16 angka. Lihat Kartu Keluarga Anda.',
    'v.fullName': 'Tulis nama lengkap Anda sesuai KTP.',
    'v.birthDate': 'Isi tanggal lahir Anda.',
    'v.gender': 'Pilih jenis kelamin.',
    'v.phone': 'Tulis nomor HP yang diawali 08, misalnya 081234567890.',
    'v.province': 'Pilih provinsi.',
    'v.regency': 'Pilih kabupaten/kota.',
    'v.district': 'Pilih kecamatan.',
    'v.village': 'Pilih kelurahan/desa.',
    'v.street': 'Tulis alamat jalan, nomor rumah, dan RT/RW.',
    'v.members': 'Tulis jumlah anggota keluarga (1 sampai 30).',
    'v.income': 'Tulis penghasilan keluarga per bulan dalam angka (tulis 0 jika tidak ada).',
    'v.count': 'Tulis angka 0 sampai 30, atau kosongkan.',
    'v.bank': 'Pilih bank, atau tulis kode bank 3 angka.',
    'v.accountNumber': 'Nomor rekening harus 6 sampai 20 angka.',
    'v.accountName': 'Tulis nama pemilik rekening.',
    'v.posDistrict': 'Pilih kecamatan Kantor Pos.',
    'v.consent': 'Centang persetujuan agar permohonan dapat dikirim.',
    'l.consent': 'Persetujuan',
  },
  en: {
    title: 'Apply for social aid - Jaring',
    skip: 'Skip to content',
    brand: 'Social aid',
    h1: 'Apply for social aid',
    intro: 'Fill in this form to apply for aid from the Social Affairs Office (Dinas Sosial). Have your ID card (KTP) and family card (KK) ready. Every answer is needed unless marked "optional".',
    'nav.status': 'Already applied? Check your application',
    loading: 'Loading…',
    's.program': '1. Programme',
    'f.program': 'The aid programme you are applying for',
    's.person': '2. About you',
    'f.nik': 'NIK (national identity number)',
    'h.nik': '16 digits, printed on your ID card (KTP).',
    'f.kk': 'Family card number (KK)',
    'h.kk': '16 digits, at the top of your family card.',
    'f.fullName': 'Full name (as on your ID card)',
    'f.birthDate': 'Date of birth',
    'f.gender': 'Sex',
    'gender.F': 'Female',
    'gender.M': 'Male',
    'f.phone': 'Mobile phone number',
    'h.phone': 'For example 081234567890. An officer may call this number.',
    's.address': '3. Where you live',
    'f.province': 'Province',
    'f.regency': 'Regency / City',
    'f.district': 'District (kecamatan)',
    'f.village': 'Village (kelurahan / desa)',
    'ph.first.province': 'Choose a province first',
    'ph.first.regency': 'Choose a regency/city first',
    'ph.first.district': 'Choose a district first',
    'f.street': 'Street address',
    'h.street': 'Street name, house number, RT/RW.',
    's.household': '4. Your household',
    'f.household': 'Household',
    'f.members': 'People in your household (one family card), including you',
    'f.income': 'Income of the whole household per month (Rupiah)',
    'h.income': 'An estimate is fine. Write 0 if there is no income.',
    'h.optionalHousehold': 'The following are optional, but they help officers reach the households most in need first:',
    'f.elderly': 'Elderly members (60 or older)',
    'f.children': 'Children under 18',
    'f.disabled': 'Members with a disability',
    optional: '(optional)',
    'f.femaleHeaded': 'The head of the household is a woman',
    's.payout': '5. How to receive the aid',
    'f.payout': 'How would you receive the aid if approved?',
    'pay.BANK': 'Transfer to a bank account',
    'pay.POS': 'Collect cash at the post office (no bank account needed)',
    'f.bank': 'Bank',
    'ph.bank': 'Choose a bank',
    'ph.bankOther': 'Another bank (type its code)',
    'f.bankOther': 'Bank code (3 digits)',
    'f.accountNumber': 'Account number',
    'f.accountName': 'Account holder name',
    'f.posDistrict': 'District of the post office where you collect',
    'h.posDistrict': 'Usually the district where you live.',
    's.consent': '6. Consent to the use of your data',
    'c.intro': 'How your data is used (Law No. 27 of 2022 on Personal Data Protection):',
    'c.use': 'The Social Affairs Office uses this data only to check whether you qualify, to verify it and to deliver the aid.',
    'c.check': 'Your NIK is matched against DTSEN (the national social-economic registry). An officer may visit your home.',
    'c.share': 'Your data is never sold. It is given only to whoever pays the aid (a bank or the post office) if the aid is approved.',
    'c.nik': 'Officers see your NIK partly hidden. Only authorised officers can open the full NIK, and every time they do it is recorded.',
    'c.rights': 'You may see, correct or ask to delete your data, and withdraw this consent, at the Social Affairs Office.',
    'f.consent': 'I agree to my data being used as described above, and what I filled in is true.',
    submit: 'Send application',
    'done.title': 'Your application has been sent',
    'done.ref': 'Your application reference:',
    'done.writeDown': 'Write this number down on paper or take a screenshot. To check your application you need this number and your NIK.',
    'done.next': 'Next: your data is checked automatically, then by an officer. An officer may contact you or visit.',
    'done.check': 'Check your application',
    'done.again': 'Make another application',
    'dup.title': 'You have already applied',
    'dup.text': 'This NIK is already registered for this programme in this period, so no new application was made. We have sent its reference again by SMS to the number on file:',
    'dup.back': 'Back to the form',
    footer: 'Jaring - a Social Affairs Office service. Applying for social aid is always free of charge.',
    'form.fix': 'Please check these answers ({n})',
    'server.fix': 'Your application was not sent yet. Please check these answers:',
    'server.refused': 'Your application cannot be accepted right now',
    'server.failed': 'Your application was not sent yet',
    sending: 'Sending…',
    'programs.failed': 'The programme list could not be loaded.',
    'programs.none': 'No programme is open for applications at the moment.',
    retry: 'Try again',
    'regions.failed': 'The list of places could not be loaded.',
    'ph.choose.province': 'Choose a province',
    'ph.choose.regency': 'Choose a regency/city',
    'ph.choose.district': 'Choose a district',
    'ph.choose.village': 'Choose a village',
    'income.preview': '= {amount} a month',
    'v.program': 'Choose a programme.',
    'v.nik': 'The NIK must be 16 digits. See your ID card.',
    'v.kk': 'The family card number must be 16 digits. See your family card.',
    'v.fullName': 'Write your full name as on your ID card.',
    'v.birthDate': 'Enter your date of birth.',
    'v.gender': 'Choose your sex.',
    'v.phone': 'Write a mobile number starting with 08, for example 081234567890.',
    'v.province': 'Choose a province.',
    'v.regency': 'Choose a regency or city.',
    'v.district': 'Choose a district.',
    'v.village': 'Choose a village.',
    'v.street': 'Write the street, house number and RT/RW.',
    'v.members': 'Write how many people are in your household (1 to 30).',
    'v.income': 'Write the household income per month in digits (0 if there is none).',
    'v.count': 'Write a number from 0 to 30, or leave it empty.',
    'v.bank': 'Choose a bank, or type its 3-digit code.',
    'v.accountNumber': 'The account number must be 6 to 20 digits.',
    'v.accountName': 'Write the account holder name.',
    'v.posDistrict': 'Choose the district of the post office.',
    'v.consent': 'Tick the consent box so the application can be sent.',
    'l.consent': 'Consent',
  },
});

const form = $('apply');
const summary = $('error-summary');
const submitButton = $('submit');
const digits = (value) => value.replace(/\D/g, '');
/** The checked radio's value ('' if none): `form.elements[name]` is no RadioNodeList when only one radio exists. */
const checkedValue = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value ?? '';

initI18n($('lang'));

// ---- programmes ---------------------------------------------------------------------------------------------

let programList = [];

function renderPrograms() {
  const box = $('programs');
  const selected = checkedValue('programId');
  if (!programList.length) return;
  const sorted = [...programList].sort((a, b) => Number(b.open) - Number(a.open));
  box.replaceChildren(...sorted.map((p) => {
    const id = `program-${p.id}`;
    // A one-off programme has no period worth naming.
    const meta = [formatBenefit(p), p.periodKind === 'one-off' ? '' : t('program.period', { period: formatPeriod(p.currentPeriod) })].filter(Boolean);
    if (!p.open) meta.push(t('program.closed'));
    return el('div', { class: p.open ? 'choice' : 'choice closed' },
      el('input', { type: 'radio', id, name: 'programId', value: p.id, disabled: !p.open, checked: p.open && p.id === selected, 'aria-describedby': `${id}-meta` }),
      el('label', { for: id },
        el('span', { class: 'choice-title' }, programName(p)),
        el('span', { class: 'choice-meta', id: `${id}-meta` }, meta.join(' · '))));
  }));
  if (!programList.some((p) => p.open)) box.append(el('p', { class: 'notice-inline' }, t('programs.none')));
}

/**
 * Shows the programmes on the clock of the province picked (WIB before one is): intake opens and closes at the
 * applicant's midnight. Only the latest request may answer: on a slow link the first, province-less list can
 * arrive after the province's. `quiet` keeps the list on screen while a province's is fetched.
 */
let programsAsked = 0;
async function loadPrograms({ quiet = false } = {}) {
  const mine = ++programsAsked;
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

function fillSelect(select, items, key) {
  select.replaceChildren(placeholder(key), ...items.map((r) => el('option', { value: r.code }, regionName(r.name))));
  select.disabled = false;
}

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
  const items = [...result.data].sort((a, b) => regionName(a.name).localeCompare(regionName(b.name), 'id'));
  fillSelect(select, items, chooseKey);
  return true;
}

function resetBelow(index) {
  for (const level of levels.slice(index)) {
    level.select.dataset.loading = String(Number(level.select.dataset.loading ?? 0) + 1);
    level.select.replaceChildren(placeholder(level.first));
    level.select.disabled = true;
  }
}

levels.forEach((level, index) => {
  const next = levels[index + 1];
  if (!next) return;
  level.select.addEventListener('change', () => {
    resetBelow(index + 1);
    if (level.select.value) void loadRegionsInto(next.select, level.select.value, next.choose);
    if (index <= 1) void loadPosDistricts(index === 1 ? level.select.value : '');
    if (index === 0) void loadPrograms({ quiet: true });
  });
});

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
$('district').addEventListener('change', () => {
  if (!posTouched) posSelect.value = $('district').value;
});
posSelect.addEventListener('change', () => {
  posTouched = true;
});

// ---- payout method ------------------------------------------------------------------------------------------

function showPayoutFields() {
  const method = checkedValue('payout.method');
  $('bank-fields').hidden = method !== 'BANK';
  $('pos-fields').hidden = method !== 'POS';
}
for (const radio of form.querySelectorAll('input[name="payout.method"]')) radio.addEventListener('change', showPayoutFields);
$('bank').addEventListener('change', () => {
  const other = $('bank').value === 'other';
  $('bank-other-wrap').hidden = !other;
  if (other) $('bankOther').focus();
});

// ---- income preview: "1500000" -> "= Rp 1.500.000 per bulan", so a missing zero shows ---------------------

function renderIncome() {
  const value = digits($('income').value);
  $('income-preview').textContent = value ? t('income.preview', { amount: rupiah(Number(value)) }) : '';
}
$('income').addEventListener('input', renderIncome);

// ---- the body and the light checks --------------------------------------------------------------------------

const value = (id) => $(id).value.trim();
const optionalCount = (id) => (value(id) === '' ? 0 : Number(value(id)));

function readBody() {
  const method = checkedValue('payout.method');
  const bankCode = $('bank').value === 'other' ? digits($('bankOther').value) : $('bank').value;
  return {
    programId: checkedValue('programId'),
    nik: digits($('nik').value),
    kk: digits($('kk').value),
    fullName: value('fullName'),
    birthDate: value('birthDate'),
    gender: checkedValue('gender'),
    phone: value('phone').replace(/[\s.-]/g, ''),
    address: {
      provinceCode: $('province').value,
      regencyCode: $('regency').value,
      districtCode: $('district').value,
      villageCode: $('village').value,
      street: value('street'),
    },
    household: {
      members: value('members') === '' ? NaN : Number(value('members')),
      monthlyIncome: digits(value('income')) === '' ? NaN : Number(digits(value('income'))),
      elderly: optionalCount('elderly'),
      children: optionalCount('children'),
      disabled: optionalCount('disabled'),
      femaleHeaded: $('femaleHeaded').checked,
    },
    payout: method === 'POS'
      ? { method, districtCode: posSelect.value }
      : { method: 'BANK', bankCode, accountNumber: digits(value('accountNumber')), accountName: value('accountName') },
    consent: $('consent').checked,
  };
}

const isCount = (n, min) => Number.isInteger(n) && n >= min && n <= HOUSEHOLD_MAX_MEMBERS;

function lightChecks(b) {
  const issues = [];
  check(issues, !b.programId, 'programId', t('v.program'));
  const nik = parseNik(b.nik);
  check(issues, !NIK_PATTERN.test(b.nik), 'nik', t('v.nik'));
  // The mistake the server would catch last and a slow connection makes dearest: NIK and birth date disagree.
  check(issues, nik && b.birthDate && b.gender && !nikMatchesBirth(nik, b.birthDate, b.gender), 'nik', translate('nik.birth', lang()));
  check(issues, !KK_PATTERN.test(b.kk), 'kk', t('v.kk'));
  check(issues, b.fullName.length < 2, 'fullName', t('v.fullName'));
  check(issues, !b.birthDate, 'birthDate', t('v.birthDate'));
  check(issues, !b.gender, 'gender', t('v.gender'));
  check(issues, !PHONE_PATTERN.test(b.phone), 'phone', t('v.phone'));
  const a = b.address;
  if (!a.provinceCode) check(issues, true, 'address.provinceCode', t('v.province'));
  else if (!a.regencyCode) check(issues, true, 'address.regencyCode', t('v.regency'));
  else if (!a.districtCode) check(issues, true, 'address.districtCode', t('v.district'));
  else check(issues, !a.villageCode, 'address.villageCode', t('v.village'));
  check(issues, a.street.length < 3, 'address.street', t('v.street'));
  check(issues, !isCount(b.household.members, 1), 'household.members', t('v.members'));
  check(issues, !Number.isInteger(b.household.monthlyIncome), 'household.monthlyIncome', t('v.income'));
  for (const key of ['elderly', 'children', 'disabled']) check(issues, !isCount(b.household[key], 0), `household.${key}`, t('v.count'));
  if (b.payout.method === 'POS') {
    check(issues, !b.payout.districtCode, 'payout.districtCode', t('v.posDistrict'));
  } else {
    check(issues, !BANK_CODE_PATTERN.test(b.payout.bankCode), 'payout.bankCode', t('v.bank'));
    check(issues, !ACCOUNT_NUMBER_PATTERN.test(b.payout.accountNumber), 'payout.accountNumber', t('v.accountNumber'));
    check(issues, b.payout.accountName.length < 2, 'payout.accountName', t('v.accountName'));
  }
  check(issues, !b.consent, 'consent', t('v.consent'));
  return issues;
}

// ---- submit -------------------------------------------------------------------------------------------------

/** Shows a panel instead of the form: `shown` in its `.reference` line (the reference, or a duplicate's masked phone). */
function showPanel(id, shown, reference) {
  form.hidden = true;
  $('intro').hidden = true;
  clearErrors(form, summary);
  const panel = $(id);
  panel.querySelector('.reference').textContent = shown;
  // The reference may go in a URL (it reveals nothing without the NIK); the NIK never does.
  panel.querySelector('a.button').href = reference ? `status.html?ref=${encodeURIComponent(reference)}` : 'status.html';
  form.reset(); // a shared phone should not keep the NIK on screen
  panel.hidden = false;
  panel.focus();
  window.scrollTo(0, 0);
}

let sending = false;
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (sending) return;
  const body = readBody();
  const issues = lightChecks(body);
  if (issues.length) {
    showIssues(form, summary, issues);
    return;
  }
  sending = true;
  submitButton.disabled = true;
  submitButton.textContent = t('sending');
  form.setAttribute('aria-busy', 'true');
  try {
    const result = await api('POST', '/api/applications', { body });
    if (result.status === 201) showPanel('done', result.data.reference, result.data.reference);
    // A duplicate names no reference (it goes by SMS to the number on file, shown masked).
    else if (result.status === 409 && result.data.error === 'Duplicate') showPanel('duplicate', result.data.maskedPhone ?? '');
    else if (result.status === 400 && Array.isArray(result.data.issues) && result.data.issues.length) {
      showIssues(form, summary, result.data.issues, t('server.fix'));
    } else if (result.status === 409) showMessage(form, summary, t('server.refused'), result.data.message);
    else showMessage(form, summary, t('server.failed'), failureMessage(result));
  } finally {
    sending = false;
    submitButton.disabled = false;
    submitButton.textContent = t('submit');
    form.removeAttribute('aria-busy');
  }
});

// ---- start --------------------------------------------------------------------------------------------------

onLangChange(() => {
  renderPrograms();
  renderIncome();
});
$('birthDate').max = new Date().toISOString().slice(0, 10);
showPayoutFields();
void loadPrograms();
void loadRegionsInto(levels[0].select, undefined, levels[0].choose);
