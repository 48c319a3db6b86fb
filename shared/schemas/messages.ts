import { z } from 'zod';
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
  'programId.format': { id: 'pilih program dari daftar', en: 'programId is not a programme id' },
  'programId.unknown': { id: 'program tidak dikenal', en: 'no such programme' },
  'nik.digits': { id: 'NIK harus 16 digit angka', en: 'nik must be 16 digits' },
  'nik.district': { id: 'enam digit pertama NIK bukan kode kecamatan yang terdaftar', en: 'the first six digits of nik are not a registered district code' },
  'nik.birth': { id: 'NIK tidak cocok dengan tanggal lahir atau jenis kelamin yang diisi (pada NIK perempuan, tanggal lahir ditambah 40)', en: 'nik date part does not match birthDate and gender (day + 40 for women)' },
  'kk.digits': { id: 'nomor KK harus 16 digit angka', en: 'kk must be 16 digits' },
  'birthDate.format': { id: 'tanggal lahir harus berformat tahun-bulan-tanggal, misalnya 1984-03-17', en: 'birthDate must be YYYY-MM-DD' },
  'birthDate.real': { id: 'tanggal lahir ini tidak ada di kalender', en: 'birthDate is not a real date' },
  'birthDate.range': { id: 'tanggal lahir harus sebelum hari ini dan setelah tahun 1900', en: 'birthDate must be in the past and after 1900' },
  'phone.format': { id: 'nomor HP harus nomor seluler Indonesia, misalnya 081234567890', en: 'phone must be an Indonesian mobile number, e.g. 081234567890' },
  'region.province': { id: 'pilih provinsi dari daftar', en: 'provinceCode is not a registered province code' },
  'region.regency': { id: 'pilih kabupaten/kota yang ada di provinsi ini', en: 'regencyCode is not a registered regency in this province' },
  'region.district': { id: 'pilih kecamatan yang ada di kabupaten/kota ini', en: 'districtCode is not a registered district in this regency' },
  'region.village': { id: 'pilih kelurahan/desa yang ada di kecamatan ini', en: 'villageCode is not a registered village in this district' },
  'payout.bankCode': { id: 'kode bank harus 3 angka', en: 'bankCode must be the 3-digit bank code' },
  'payout.accountNumber': { id: 'nomor rekening harus 6 sampai 20 angka', en: 'accountNumber must be 6 to 20 digits' },
  'payout.district': { id: 'pilih kecamatan kantor pos dari daftar', en: 'the post office districtCode must be a registered district code' },
  'household.sizes': { id: 'jumlah lansia, anak dan penyandang disabilitas tidak boleh melebihi jumlah anggota keluarga', en: 'elderly, children and members with disabilities cannot exceed the household members' },
  'consent.required': { id: 'persetujuan wajib dicentang: data Anda dipakai hanya untuk memproses bantuan ini', en: 'consent must be true: the applicant agrees to the use of their data' },
  'reference.format': { id: 'reference bukan nomor pendaftaran Jaring', en: 'reference is not a Jaring reference' },
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
  ...textMessages,
} as const satisfies Record<string, Words>;

export type MessageKey = keyof typeof MESSAGES;

/** Schema messages are keys of MESSAGES, translated per request. */
export const m = (key: MessageKey) => key;
export type Language = 'id' | 'en';

const isKey = (message: string): message is MessageKey => Object.hasOwn(MESSAGES, message);

export const translate = (message: string, lang: Language): string => (isKey(message) ? MESSAGES[message][lang] : message);

/** Zod's own messages in the language, for issues our schemas did not word themselves. */
export const zodLocale = (lang: Language) => (lang === 'en' ? z.locales.en() : z.locales.id()).localeError;

/** The first language of an Accept-Language header we speak; Bahasa Indonesia otherwise. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'id' || tag === 'en') return tag;
  }
  return 'id';
}
