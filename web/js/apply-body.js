/**
 * The form as the API's body (POST /api/applications), and the light checks made before sending, with the server's
 * own formats and NIK rule and wording (shared.js, built from shared/), so obvious slips are caught without a round
 * trip on a slow connection; the server decides. The birth date is typed day first (DD-MM-YYYY, the same on every
 * phone: no native date control) and sent as YYYY-MM-DD.
 */
import { $ } from './dom.js';
import { check } from './form.js';
import { lang, rupiah, t } from './i18n.js';
import { checkedValue } from './apply-choices.js';
import {
  ACCOUNT_NUMBER_PATTERN, BANK_CODE_PATTERN, formatDayMonthYear, HOUSEHOLD_MAX_MEMBERS, KK_PATTERN, NIK_PATTERN, nikBirthIssues,
  parseDayMonthYear, parseNik, PHONE_PATTERN, translate,
} from './shared.js';

const digits = (value) => value.replace(/\D/g, '');
const value = (id) => $(id).value.trim();
const optionalCount = (id) => (value(id) === '' ? 0 : Number(value(id)));

// ---- the birth date: "17031984" or "17/3/1984" reads back as 17-03-1984 ------------------------------------

const birthDate = $('birthDate');
birthDate.addEventListener('blur', () => {
  const iso = parseDayMonthYear(birthDate.value);
  if (iso) birthDate.value = formatDayMonthYear(iso);
});

// ---- income preview: "1500000" -> "= Rp 1.500.000 per bulan", so a missing zero shows ---------------------

export function renderIncome() {
  const amount = digits($('income').value);
  $('income-preview').textContent = amount ? t('income.preview', { amount: rupiah(Number(amount)) }) : '';
}
$('income').addEventListener('input', renderIncome);

// ---- the body and the light checks --------------------------------------------------------------------------

/** The body as the API takes it; the statement that the data is true is the form's own check (docs/INTAKE.md). */
export function readBody() {
  const method = checkedValue('payout.method');
  const bankCode = $('bank').value === 'other' ? digits($('bankOther').value) : $('bank').value;
  return {
    programId: checkedValue('programId'),
    nik: digits($('nik').value),
    kk: digits($('kk').value),
    fullName: value('fullName'),
    birthDate: parseDayMonthYear(value('birthDate')) ?? value('birthDate'),
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
      ? { method, districtCode: $('posDistrict').value }
      : { method: 'BANK', bankCode, accountNumber: digits(value('accountNumber')), accountName: value('accountName') },
    consent: $('consent').checked,
  };
}

const isCount = (n, min) => Number.isInteger(n) && n >= min && n <= HOUSEHOLD_MAX_MEMBERS;

export function lightChecks(b) {
  const issues = [];
  check(issues, !b.programId, 'programId', t('v.program'));
  check(issues, !NIK_PATTERN.test(b.nik), 'nik', t('v.nik'));
  check(issues, !KK_PATTERN.test(b.kk), 'kk', t('v.kk'));
  check(issues, b.fullName.length < 2, 'fullName', t('v.fullName'));
  const typedDate = value('birthDate');
  check(issues, !typedDate, 'birthDate', t('v.birthDate'));
  check(issues, typedDate !== '' && !parseDayMonthYear(typedDate), 'birthDate', t('v.birthDateFormat'));
  check(issues, !b.gender, 'gender', t('v.gender'));
  // The mistake the server would catch last and a slow connection makes dearest: the NIK and the birth date or sex
  // disagree. The part that differs is named on its own field, and the NIK is marked too.
  const nik = parseNik(b.nik);
  if (nik && parseDayMonthYear(typedDate) && b.gender) {
    for (const found of nikBirthIssues(nik, b.birthDate, b.gender)) issues.push({ path: found.path.join('.'), message: translate(found.message, lang()) });
  }
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
  check(issues, !$('truthful').checked, 'truthful', t('v.truthful'));
  return issues;
}
