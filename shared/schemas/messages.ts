// Each locale on its own: `z.locales` would bundle all of Zod's languages into every handler (issue #12, bundles).
import zodEnglish from 'zod/v4/locales/en.js';
import zodIndonesian from 'zod/v4/locales/id.js';
import { APPLICATION_STATUSES } from '../domain/application-status.ts';
import { TEXT_FIELDS, TEXT_PROBLEMS, type TextFieldName, type TextMessageKey, type TextProblem } from './text.ts';

type Words = { id: string; en: string };
type FieldSpec = (typeof TEXT_FIELDS)[TextFieldName];

/** The text schema's problems, worded once for every free-text field (the label starts the sentence). */
const TEXT_WORDING: Record<TextProblem, (f: FieldSpec) => Words> = {
  required: (f) => ({ id: `${f.label.id} wajib diisi`, en: `${f.label.en} is required` }),
  tooShort: (f) => ({ id: `${f.label.id} terlalu pendek: paling sedikit ${f.min} karakter`, en: `${f.label.en} is too short: at least ${f.min} characters` }),
  tooLong: (f) => ({ id: `${f.label.id} terlalu panjang: paling banyak ${f.max} karakter`, en: `${f.label.en} is too long: at most ${f.max} characters` }),
  letter: (f) => ({ id: `${f.label.id} harus berisi huruf`, en: `${f.label.en} must contain letters` }),
  formula: (f) => ({ id: `${f.label.id} tidak boleh diawali, atau berisi setelah tanda ; , atau |, tanda = + - @ (spreadsheet akan menjalankannya sebagai rumus)`, en: `${f.label.en} may not start with = + - @, nor have one after ; , or | (a spreadsheet would run it as a formula)` }),
  replacement: (f) => ({ id: `${f.label.id} berisi karakter pengganti (\uFFFD): teksnya rusak saat dikirim, ketik ulang`, en: `${f.label.en} contains the replacement character (\uFFFD): the text was garbled on the way, type it again` }),
  surrogate: (f) => ({ id: `${f.label.id} berisi karakter yang rusak (separuh pasangan surrogate UTF-16)`, en: `${f.label.en} contains a broken character (half of a UTF-16 surrogate pair)` }),
  bidi: (f) => ({ id: `${f.label.id} berisi karakter pengatur arah teks (bidi) yang dapat menyamarkan isinya`, en: `${f.label.en} contains text-direction (bidi) controls that can disguise what it says` }),
  lineBreak: (f) => ({ id: `${f.label.id} harus satu baris, tanpa ganti baris atau tab`, en: `${f.label.en} must be one line, without line breaks or tabs` }),
  control: (f) => ({ id: `${f.label.id} berisi karakter kontrol yang tidak terlihat (misalnya NUL atau ESC)`, en: `${f.label.en} contains invisible control characters (such as NUL or ESC)` }),
  invisible: (f) => ({ id: `${f.label.id} berisi karakter tak terlihat (misalnya spasi lebar nol)`, en: `${f.label.en} contains invisible characters (such as zero-width spaces)` }),
  noncharacter: (f) => ({ id: `${f.label.id} berisi kode yang bukan karakter Unicode`, en: `${f.label.en} contains Unicode noncharacters` }),
  privateUse: (f) => ({ id: `${f.label.id} berisi karakter khusus (area pribadi Unicode) yang tidak tampil sama di perangkat lain`, en: `${f.label.en} contains private-use characters that other devices do not show the same way` }),
};

const textMessages = Object.fromEntries(
  (Object.keys(TEXT_FIELDS) as TextFieldName[]).flatMap((field) => TEXT_PROBLEMS.map((problem) => [`text.${problem}.${field}`, TEXT_WORDING[problem](TEXT_FIELDS[field])])),
) as Record<TextMessageKey, Words>;

/**
 * Our own validation messages, Bahasa Indonesia first. Schemas name a key; `localizeIssue` turns it into the
 * requested language. Zod's built-in messages come from its own `id`/`en` locales.
 */
export const MESSAGES = {
  'programId.format': { id: 'Pilih salah satu program dari daftar.', en: 'Choose one of the programmes in the list.' },
  'programId.unknown': { id: 'Program ini tidak ada (lagi). Pilih salah satu program dari daftar.', en: 'This programme does not exist (any more). Choose one from the list.' },
  'nik.digits': { id: 'NIK harus 16 angka. Lihat KTP Anda.', en: 'The NIK must be 16 digits. See your ID card (KTP).' },
  'nik.district': { id: 'Enam angka pertama NIK bukan kode kecamatan yang terdaftar. Cocokkan NIK dengan KTP Anda.', en: 'The first six digits of this NIK are not a registered district. Compare the NIK with your ID card.' },
  'nik.birth.day': { id: 'Hari lahir tidak sama dengan NIK (angka ke-7 dan ke-8 NIK). Periksa tanggal lahir, atau NIK Anda.', en: 'The day of birth differs from the NIK (its 7th and 8th digits). Check your date of birth, or your NIK.' },
  'nik.birth.month': { id: 'Bulan lahir tidak sama dengan NIK (angka ke-9 dan ke-10 NIK). Periksa tanggal lahir, atau NIK Anda.', en: 'The month of birth differs from the NIK (its 9th and 10th digits). Check your date of birth, or your NIK.' },
  'nik.birth.year': { id: 'Tahun lahir tidak sama dengan NIK (angka ke-11 dan ke-12 NIK). Periksa tanggal lahir, atau NIK Anda.', en: 'The year of birth differs from the NIK (its 11th and 12th digits). Check your date of birth, or your NIK.' },
  'nik.birth.gender': { id: 'Jenis kelamin tidak sama dengan NIK: pada NIK perempuan, hari lahir ditambah 40 (lahir tanggal 17 ditulis 57). Periksa jenis kelamin, atau NIK Anda.', en: 'The sex differs from the NIK: a woman\'s NIK adds 40 to the day of birth (born on the 17th is written 57). Check the sex you chose, or your NIK.' },
  'nik.birth.check': { id: 'NIK ini tidak cocok dengan tanggal lahir atau jenis kelamin yang diisi (lihat di bawah).', en: 'This NIK does not match the date of birth or sex you gave (see below).' },
  'kk.digits': { id: 'Nomor KK harus 16 angka. Lihat bagian atas Kartu Keluarga Anda.', en: 'The family card number must be 16 digits. See the top of your family card (KK).' },
  'birthDate.format': { id: 'Tulis tanggal lahir sebagai hari-bulan-tahun, misalnya 17-03-1984.', en: 'Write the date of birth as day-month-year, for example 17-03-1984.' },
  'birthDate.real': { id: 'Tanggal ini tidak ada di kalender. Periksa hari dan bulannya.', en: 'This date does not exist. Check the day and the month.' },
  'birthDate.range': { id: 'Tanggal lahir harus sebelum hari ini dan sesudah tahun 1900.', en: 'The date of birth must be before today and after 1900.' },
  'gender.choose': { id: 'Pilih jenis kelamin.', en: 'Choose your sex.' },
  'phone.format': { id: 'Tulis nomor HP Indonesia yang diawali 08, misalnya 081234567890.', en: 'Write an Indonesian mobile number starting with 08, for example 081234567890.' },
  'region.province': { id: 'Pilih provinsi dari daftar.', en: 'Choose a province from the list.' },
  'region.regency': { id: 'Pilih kabupaten/kota yang ada di provinsi ini.', en: 'Choose a regency or city in this province.' },
  'region.district': { id: 'Pilih kecamatan yang ada di kabupaten/kota ini.', en: 'Choose a district in this regency or city.' },
  'region.village': { id: 'Pilih kelurahan/desa yang ada di kecamatan ini.', en: 'Choose a village in this district.' },
  'payout.bankCode': { id: 'Pilih bank dari daftar, atau tulis kode bank 3 angka.', en: 'Choose a bank from the list, or type its 3-digit code.' },
  'payout.accountNumber': { id: 'Nomor rekening harus 6 sampai 20 angka. Lihat buku tabungan atau kartu ATM Anda.', en: 'The account number must be 6 to 20 digits. See your bank book or ATM card.' },
  'payout.district': { id: 'Pilih kecamatan kantor pos dari daftar.', en: 'Choose the post office district from the list.' },
  'household.members': { id: 'Tulis jumlah anggota keluarga, 1 sampai 30.', en: 'Write how many people are in your household, 1 to 30.' },
  'household.income': { id: 'Tulis penghasilan keluarga per bulan dalam angka (0 jika tidak ada).', en: 'Write the household income per month in digits (0 if there is none).' },
  'household.count': { id: 'Tulis angka 0 sampai 30, atau kosongkan.', en: 'Write a number from 0 to 30, or leave it empty.' },
  'household.sizes': { id: 'Jumlah lansia, anak dan penyandang disabilitas tidak boleh lebih dari jumlah anggota keluarga.', en: 'The elderly, children and members with a disability cannot be more than the people in the household.' },
  'consent.required': { id: 'Centang persetujuan agar permohonan dapat diproses: data Anda dipakai hanya untuk bantuan ini.', en: 'Tick the consent box so the application can be processed: your data is used only for this aid.' },
  'reference.format': { id: 'Ini bukan nomor pendaftaran Jaring. Contohnya JRG-2611-ABCDE-FGH23.', en: 'This is not a Jaring application reference. It looks like JRG-2611-ABCDE-FGH23.' },
  'reasonCode.unknown': { id: 'pilih alasan penolakan dari daftar alasan untuk petugas', en: 'reasonCode must be a staff rejection reason listed by GET /api/reason-codes' },
  'reasonCode.verification': { id: 'alasan ini tidak dipakai pada tahap verifikasi: pilih alasan dari daftar verifikasi', en: 'this reasonCode is not one a verification task may give' },
  'programId.service': { id: 'program layanan tidak membayar uang, jadi tidak ada kumpulan pembayaran', en: 'a service programme pays no money, so it has no payout batches' },
  'period.format': { id: 'tulis periode seperti program ini menuliskannya (misalnya 2026-12, 2026-S2 atau once)', en: 'write the period as this programme does (e.g. 2026-12, 2026-S2 or once)' },
  'payout.city': { id: 'akun ini harus terikat pada satu kota untuk menyusun kumpulan pembayaran', en: 'this account must be tied to one city to prepare payout batches' },
  'reasonCode.batchApproval': { id: 'kumpulan pembayaran ditolak dengan alasan yang ditulis sendiri, bukan kode alasan', en: 'a payout batch is rejected with a reason written out, not a reason code' },
  'reasonCode.approval': { id: 'alasan ini tidak dipakai pada tahap persetujuan: pilih alasan dari daftar persetujuan', en: 'this reasonCode is not one an approval task may give' },
  'reasonCode.approve': { id: 'persetujuan tidak memakai reasonCode: kosongkan alasan', en: 'an approval takes no reasonCode' },
  'reasonCode.required': { id: 'penolakan memerlukan reasonCode', en: 'a rejection needs a reasonCode' },
  'provinceCode.unknown': { id: 'provinceCode harus kode provinsi, misalnya 53', en: 'provinceCode must be a province code, e.g. 53' },
  'parent.format': { id: 'parent harus kode provinsi, kabupaten/kota atau kecamatan', en: 'parent must be a province, regency or district code' },
  'regencyCode.required': { id: 'pilih kota/kabupaten (regencyCode), misalnya 36.71', en: 'choose a city or regency (regencyCode), e.g. 36.71' },
  'regencyCode.format': { id: 'regencyCode harus kode kota/kabupaten, misalnya 36.71', en: 'regencyCode must be a city or regency code, e.g. 36.71' },
  'batchId.format': { id: 'nomor kumpulan pembayaran tidak dikenali', en: 'batchId is not a payout batch id' },
  'programEdit.nothing': { id: 'tidak ada yang diubah: isi paling sedikit satu aturan program', en: 'nothing to change: give at least one programme rule' },
  'programEdit.amount': { id: 'besaran bantuan harus rupiah utuh, 0 sampai 100.000.000', en: 'the amount must be whole rupiah, 0 to 100,000,000' },
  'programEdit.quota': { id: 'kuota per kecamatan harus bilangan bulat 1 sampai 5.000, atau kosong untuk tanpa kuota', en: 'the quota per district must be a whole number from 1 to 5,000, or empty for no quota' },
  'programEdit.periods': { id: 'lama kepesertaan harus 1 sampai 60 periode', en: 'the enrolment must last 1 to 60 periods' },
  'programEdit.date': { id: 'tanggal harus berbentuk TTTT-BB-HH', en: 'dates must be YYYY-MM-DD' },
  'programEdit.deadline': { id: 'tenggat harus 1 jam sampai 90 hari (dalam detik), dan eskalasi tidak lebih awal dari pengingat', en: 'deadlines must be 1 hour to 90 days (in seconds), escalation no earlier than the reminder' },
  'programEdit.rule': { id: 'aturan kelayakan tidak dikenali: pilih alasan penyaringan, data pemohon dan pembanding dari daftar', en: 'the eligibility rule is not recognised: choose a screening reason, applicant fact and comparison from the lists' },
  'entitlementId.format': { id: 'nomor hak bantuan tidak dikenali', en: 'entitlementId is not an entitlement id' },
  'exceptionKey.format': { id: 'kunci pengecualian tidak dikenali', en: 'the exception key is not one this API issued' },
  'status.unknown': { id: `status harus salah satu dari ${APPLICATION_STATUSES.join(', ')}`, en: `status must be one of ${APPLICATION_STATUSES.join(', ')}` },
  'districtCode.format': { id: 'districtCode harus kode kecamatan, misalnya 36.71.01', en: 'districtCode must be a district code, e.g. 36.71.01' },
  'districtCode.outsideRegency': { id: 'kecamatan ini tidak berada di kota/kabupaten yang dipilih', en: 'this district is not in the chosen city or regency' },
  'flag.unknown': { id: 'flag harus salah satu dari NOT_IN_REGISTRY, REGISTRY_DISTRICT_MISMATCH, HOUSEHOLD_ALREADY_APPLIED', en: 'flag must be one of NOT_IN_REGISTRY, REGISTRY_DISTRICT_MISMATCH, HOUSEHOLD_ALREADY_APPLIED' },
  'overdue.format': { id: 'overdue diisi true atau false', en: 'overdue must be true or false' },
  'overdue.period': { id: 'tugas tidak mencatat periode: cari yang terlambat tanpa periode, atau cari per periode tanpa overdue', en: 'tasks do not record the period: search overdue ones without a period, or by period without overdue' },
  'reference.alone': { id: 'nomor pendaftaran sudah menunjuk satu permohonan: hapus saringan lainnya', en: 'a reference names one application already: leave out the other filters' },
  'cursor.invalid': { id: 'cursor tidak dikenali', en: 'the cursor is not one this API issued' },
  'idempotencyKey.format': {
    id: 'kunci pengiriman (Idempotency-Key) harus 8 sampai 128 huruf, angka, - atau _: muat ulang halaman, lalu kirim lagi',
    en: 'the submission key (Idempotency-Key) must be 8 to 128 letters, digits, - or _: reload the page, then send again',
  },
  'body.json': { id: 'isi permintaan bukan JSON yang valid', en: 'the body is not valid JSON' },
  'body.utf8': { id: 'isi permintaan bukan teks UTF-8 yang valid', en: 'the body is not valid UTF-8 text' },
  'body.duplicateKey': { id: 'kolom ini dikirim lebih dari sekali: kirim setiap kolom satu kali saja', en: 'this field is sent more than once: send each field once' },
  'username.format': { id: 'nama akun petugas hanya huruf kecil, angka, titik, garis bawah atau tanda hubung (2 sampai 64)', en: 'a staff account name has only lowercase letters, digits, dots, underscores or hyphens (2 to 64)' },
  'staffAccess.nothing': { id: 'pilih yang diubah: aktifkan atau nonaktifkan akun, atau cabut sesinya', en: 'choose what to change: enable or disable the account, or revoke its sessions' },
  'staffRoles.required': { id: 'pilih paling sedikit satu peran', en: 'choose at least one role' },
  'staffRoles.unknown': { id: 'peran harus verifikator, penyetuju, keuangan, admin atau pimpinan', en: 'a role must be verifier, approver, finance, admin or head of office' },
  'staffRoles.twice': { id: 'setiap peran cukup dipilih sekali', en: 'choose each role once' },
  'staffRegions.format': { id: 'wilayah harus kode provinsi, kota/kabupaten atau kecamatan, misalnya 36.71', en: 'a region must be a province, city or district code, e.g. 36.71' },
  'staffRegions.tooMany': { id: 'paling banyak 100 wilayah per petugas', en: 'at most 100 regions per officer' },
  'staffRegions.unknown': { id: 'wilayah ini tidak ada dalam daftar wilayah Kemendagri', en: 'this region is not in the Ministry of Home Affairs list of regions' },
  'staffRegions.required': { id: 'pilih paling sedikit satu wilayah kerja: selain admin, petugas hanya bekerja di wilayahnya', en: 'choose at least one region: every officer but an admin works only in their regions' },
  ...textMessages,
} as const satisfies Record<string, Words>;

export type MessageKey = keyof typeof MESSAGES;

/** Schema messages are keys of MESSAGES, translated per request. */
export const m = (key: MessageKey) => key;
export type Language = 'id' | 'en';

const isKey = (message: string): message is MessageKey => Object.hasOwn(MESSAGES, message);

export const translate = (message: string, lang: Language): string => (isKey(message) ? MESSAGES[message][lang] : message);

/** Zod's own messages in the language, for issues our schemas did not word themselves. */
export const zodLocale = (lang: Language) => (lang === 'en' ? zodEnglish() : zodIndonesian()).localeError;

/** The first language of an Accept-Language header we speak; Bahasa Indonesia otherwise. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'id' || tag === 'en') return tag;
  }
  return 'id';
}
