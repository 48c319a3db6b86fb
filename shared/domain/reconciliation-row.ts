/**
 * One row of a bank's (or the post office's) result file (issue #9), checked strictly, browser-safe. The file:
 *   reference,result,bankRef[,amount][,reason]      a header naming the columns, in any order, any letter case
 *   J0K4M2T9XW1B7QAF,PAID,FT2405170001,300000,
 *   J5V0R8HD3NC6YE2G,FAILED,,300000,REKENING_DORMAN
 * `reference` is the payment reference or the household's application reference (`JRG-2405-ABCDE-FGHJK`);
 * `result` is PAID or FAILED; PAID needs the bank's own reference (`bankRef`) and takes no reason; `amount`, when
 * given, is whole rupiah in digits only. Problems are worded for a finance officer: Bahasa Indonesia / English.
 */
import { isApplicationReference } from './application.ts';
import { parseRupiah, startsLikeFormula } from './payment-file.ts';
import { paymentReferenceProblem } from './payment-reference.ts';
import { bilingual } from './bilingual.ts';

export const SETTLEMENT_RESULTS = ['PAID', 'FAILED'] as const;
export type SettlementResult = (typeof SETTLEMENT_RESULTS)[number];

export interface ReconciliationRow {
  /** The row's line in the file (1 is the header), for exceptions and problems. */
  line: number;
  /** As the file gives it: a payment reference, or an application reference until reconciliation resolves it. */
  reference: string;
  result: SettlementResult;
  bankRef?: string;
  amount?: number;
  reason?: string;
}

/** Why a file was refused, by line: every problem found, not just the first. */
export interface FileProblem {
  line: number;
  message: string;
}

export const RESULT_COLUMNS = ['reference', 'result', 'bankRef', 'amount', 'reason'] as const;
export type ResultColumn = (typeof RESULT_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly ResultColumn[] = ['reference', 'result', 'bankRef'];

/** The failure reasons Jaring knows (the simulator gives these); a bank's own other wording is kept as sent. */
export const FAILURE_REASONS = {
  REKENING_DORMAN: { id: 'rekening dorman (tidak aktif)', en: 'dormant account' },
  NAMA_TIDAK_SESUAI: { id: 'nama pemilik rekening tidak sesuai', en: 'account name does not match' },
  REKENING_DITUTUP: { id: 'rekening sudah ditutup', en: 'account closed' },
  REKENING_TIDAK_DITEMUKAN: { id: 'nomor rekening tidak ditemukan', en: 'no such account number' },
  TIDAK_DIAMBIL: { id: 'bantuan tidak diambil sampai batas waktu', en: 'not collected by the deadline' },
} as const satisfies Record<string, { id: string; en: string }>;
export type FailureReason = keyof typeof FAILURE_REASONS;
export const BANK_FAILURE_REASONS: readonly FailureReason[] = ['REKENING_DORMAN', 'NAMA_TIDAK_SESUAI', 'REKENING_DITUTUP', 'REKENING_TIDAK_DITEMUKAN'];
export const POS_FAILURE_REASONS: readonly FailureReason[] = ['TIDAK_DIAMBIL'];


/** The columns in file order, or what is wrong with the header. */
export function readResultHeader(cells: readonly string[]): { columns: ResultColumn[] } | { problems: string[] } {
  const problems: string[] = [];
  const columns: ResultColumn[] = [];
  for (const cell of cells) {
    const column = RESULT_COLUMNS.find((c) => c.toLowerCase() === cell.trim().toLowerCase());
    if (!column) problems.push(bilingual(`kolom "${cell.slice(0, 40)}" tidak dikenal`, `unknown column "${cell.slice(0, 40)}"`));
    else if (columns.includes(column)) problems.push(bilingual(`kolom ${column} muncul dua kali`, `column ${column} appears twice`));
    else columns.push(column);
  }
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.includes(column)) problems.push(bilingual(`kolom ${column} tidak ada`, `column ${column} is missing`));
  }
  if (problems.length) {
    problems.push(bilingual(`baris pertama harus judul kolom: ${RESULT_COLUMNS.join(',')} (amount dan reason boleh tidak ada)`, `the first line must name the columns: ${RESULT_COLUMNS.join(',')} (amount and reason are optional)`));
    return { problems };
  }
  return { columns };
}

// Bank references: SWIFT's 35-character fields, letters, digits and a few separators, starting with a letter or digit.
const BANK_REF = /^[A-Za-z0-9][A-Za-z0-9/.:_ -]{0,34}$/;
const REASON_MAX = 200;
// Controls, format characters (bidi, zero-width), private use, lone surrogates and U+FFFD (text garbled upstream).
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\uFFFD]/u;

/** A row names its payment by the payment reference or by the application reference of the household. */
function referenceProblem(reference: string): string | undefined {
  if (isApplicationReference(reference)) return undefined;
  const problem = paymentReferenceProblem(reference);
  if (problem === 'shape') return bilingual(`reference "${reference.slice(0, 30)}" bukan referensi pembayaran Jaring (16 karakter, diawali J) maupun nomor permohonan (JRG-...)`, `reference "${reference.slice(0, 30)}" is neither a Jaring payment reference (16 characters starting with J) nor an application reference (JRG-...)`);
  if (problem === 'check') return bilingual(`reference ${reference} salah ketik: karakter pemeriksanya tidak cocok`, `reference ${reference} is mistyped: its check character does not match`);
  return undefined;
}

/** One data row, its cells already split and trimmed, in header order. */
export function readResultRow(line: number, columns: readonly ResultColumn[], cells: readonly string[]): { row: ReconciliationRow } | { problems: string[] } {
  if (cells.length !== columns.length) {
    return { problems: [bilingual(`ada ${cells.length} kolom, seharusnya ${columns.length} seperti judulnya`, `${cells.length} columns where the header has ${columns.length}`)] };
  }
  const cell = (column: ResultColumn) => cells[columns.indexOf(column)] ?? '';
  const problems: string[] = [];
  for (const [i, value] of cells.entries()) {
    if (startsLikeFormula(value)) problems.push(bilingual(`isi kolom ${columns[i]} diawali "${value[0]}": sel berupa rumus spreadsheet ditolak`, `column ${columns[i]} begins with "${value[0]}": spreadsheet formula cells are refused`));
    else if (HIDDEN.test(value)) problems.push(bilingual(`kolom ${columns[i]} berisi karakter tak terlihat atau rusak`, `column ${columns[i]} contains invisible or garbled characters`));
  }
  if (problems.length) return { problems };

  const reference = cell('reference');
  const refProblem = referenceProblem(reference);
  if (refProblem) problems.push(refProblem);
  const result = cell('result');
  if (!(SETTLEMENT_RESULTS as readonly string[]).includes(result)) problems.push(bilingual(`result harus PAID atau FAILED, bukan "${result.slice(0, 20)}"`, `result must be PAID or FAILED, not "${result.slice(0, 20)}"`));
  const bankRef = cell('bankRef');
  if (bankRef && !BANK_REF.test(bankRef)) problems.push(bilingual('bankRef paling banyak 35 karakter: huruf, angka, spasi atau / . : _ -', 'bankRef must be at most 35 letters, digits, spaces or / . : _ -'));
  if (!bankRef && result === 'PAID') problems.push(bilingual('baris PAID memerlukan bankRef dari bank', 'a PAID row needs the bank\'s bankRef'));
  const amountText = cell('amount');
  const amount = amountText ? parseRupiah(amountText) : undefined;
  if (amountText && amount === undefined) problems.push(bilingual(`amount "${amountText.slice(0, 20)}" harus rupiah bulat, angka saja (tanpa titik, koma atau desimal)`, `amount "${amountText.slice(0, 20)}" must be whole rupiah in digits only (no dots, commas or decimals)`));
  const reason = cell('reason');
  if (reason.length > REASON_MAX) problems.push(bilingual(`reason paling banyak ${REASON_MAX} karakter`, `reason must be at most ${REASON_MAX} characters`));
  if (reason && result === 'PAID') problems.push(bilingual('baris PAID tidak memakai reason', 'a PAID row takes no reason'));
  if (problems.length) return { problems };
  return {
    row: {
      line,
      reference,
      result: result as SettlementResult,
      ...(bankRef && { bankRef }),
      ...(amount !== undefined && { amount }),
      ...(reason && { reason }),
    },
  };
}
