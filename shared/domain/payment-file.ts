/**
 * The payment file of a payout batch (issue #9): what it holds, cell by cell. Browser-safe; the streaming writer is
 * `functions/lib/payouts/payment-file.ts`.
 *
 * Layout (CSV, UTF-8 without BOM, CRLF, every cell quoted as RFC 4180 quotes, `""` for a quote inside a cell):
 *   record_type,reference,application_reference,method,amount,bank_code,account_number,account_name,name,district_code,district_name,pickup_code
 *   D,<reference>,<application reference>,BANK,<amount>,<bank code>,<account number>,<account name>,,,,
 *   D,<reference>,<application reference>,POS,<amount>,,,,<name>,<district code>,<district name>,<pickup code>
 *   T,<row count>,<control total>
 * One `D` row per payment instruction and a last `T` row (trailer) with the number of `D` rows and the sum of their
 * amounts, so a file cut short or edited by hand is caught by the receiver. Amounts are whole rupiah, digits only.
 * The application reference is the one the office and the applicant know the household by; a result file may quote
 * it instead of the payment reference.
 */
import { DomainError } from './errors.ts';
import { isPickupCode } from './pickup-code.ts';
import { isPaymentReference } from './payment-reference.ts';
import { bilingual } from './bilingual.ts';

export const PAYMENT_METHODS = ['BANK', 'POS'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

interface InstructionCells {
  /** The instruction's reference (`payment-reference.ts`), which the result file quotes back. */
  reference: string;
  /** The application's reference, which the office and the applicant know; a refused row names it too. */
  applicationReference: string;
  /** Whole rupiah. */
  amount: number;
}
export interface BankPaymentRow extends InstructionCells {
  method: 'BANK';
  bankCode: string;
  accountNumber: string;
  accountName: string;
}
export interface PosPaymentRow extends InstructionCells {
  method: 'POS';
  name: string;
  districtCode: string;
  districtName: string;
  /** Stored form, without separators (`pickup-code.ts`). */
  pickupCode: string;
}
/** A payment instruction as the file needs it. */
export type PaymentFileRow = BankPaymentRow | PosPaymentRow;

export const PAYMENT_FILE_HEADER = [
  'record_type', 'reference', 'application_reference', 'method', 'amount', 'bank_code', 'account_number', 'account_name', 'name', 'district_code', 'district_name', 'pickup_code',
] as const;
export const DETAIL_RECORD = 'D';
export const TRAILER_RECORD = 'T';

/**
 * Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` as a formula (and TAB or CR before one, or the
 * full-width forms some locales accept), so a cell like `=HYPERLINK(...)` would act when finance opens the file.
 * The result-file reader refuses such cells (`reconciliation-row.ts`).
 */
const FORMULA_CHARACTERS = String.raw`=+\-@\uFF1D\uFF0B\uFF0D\uFF20`;
const FORMULA_START = new RegExp(String.raw`^[\t\r${FORMULA_CHARACTERS}]`);
export const startsLikeFormula = (cell: string) => FORMULA_START.test(cell);

/**
 * A cell's start is not the only place a formula can begin: a spreadsheet that splits on its own list separator
 * (`;` in Excel set to Indonesian, TAB or `|` elsewhere) and ignores quotes opens `Budi;=cmd|'/C calc'!A0` as a cell
 * `=cmd|...`. Quoting every cell (the writer does) defeats the spreadsheets that honour quotes; for the others, a cell
 * is a hazard when a formula character comes at its start or after a separator or line break, past any spaces and
 * quotes (spreadsheets trim and unquote them). Such a cell is refused, not prefixed with an apostrophe: no name,
 * account or district legitimately holds one, and a changed name no longer matches the one the bank compares it with.
 */
const FORMULA_PART = new RegExp(String.raw`(?:^|[,;|\t\r\n])[\s"]*[${FORMULA_CHARACTERS}]`);
export const hasFormulaPart = (cell: string) => FORMULA_PART.test(cell);

/** Largest amount accepted in a file: 15 digits stays within exact integers (2^53) for control totals too. */
const AMOUNT_DIGITS = /^[1-9][0-9]{0,14}$/;

/** A whole-rupiah amount written as digits only (no sign, decimals, separators or leading zeros), else undefined. */
export function parseRupiah(text: string): number | undefined {
  return AMOUNT_DIGITS.test(text) ? Number(text) : undefined;
}

export const isRupiah = (amount: number) => Number.isSafeInteger(amount) && amount > 0;


/** How a refusal names each free-form cell. */
const CELL_LABELS = {
  application_reference: { id: 'Nomor permohonan', en: 'The application reference' },
  bank_code: { id: 'Kode bank', en: 'The bank code' },
  account_number: { id: 'Nomor rekening', en: 'The account number' },
  account_name: { id: 'Nama pemilik rekening', en: 'The account holder name' },
  name: { id: 'Nama penerima', en: "The recipient's name" },
  district_code: { id: 'Kode kecamatan', en: 'The district code' },
  district_name: { id: 'Nama kecamatan', en: 'The district name' },
} as const;

function cell(row: PaymentFileRow, field: keyof typeof CELL_LABELS, value: string): string {
  if (!value) throw new RangeError(`Payment instruction ${row.reference} has no ${field}`);
  const part = FORMULA_PART.exec(value)?.[0];
  if (part !== undefined) {
    const { id, en } = CELL_LABELS[field];
    throw new DomainError('ValidationError', bilingual(
      `${id} pada permohonan ${row.applicationReference} memuat ${JSON.stringify(part)}, yang dibaca spreadsheet sebagai rumus: berkas pembayaran tidak dibuat; perbaiki data permohonan itu`,
      `${en} of application ${row.applicationReference} holds ${JSON.stringify(part)}, which a spreadsheet reads as a formula: the payment file was not written; correct that application's data`,
    ), { applicationReference: row.applicationReference, reference: row.reference, field });
  }
  return value;
}

/**
 * The cells of one `D` row. A row the file must not carry (a wrong reference or pickup code, an amount that is not
 * whole rupiah, a missing account) is a bug upstream: it throws a RangeError, and the file is not finished. A cell
 * that could act as a formula is the data's fault, not the code's: a DomainError names the application to correct.
 */
export function paymentFileRecord(row: PaymentFileRow): string[] {
  if (!isPaymentReference(row.reference)) throw new RangeError(`Not a payment reference: ${JSON.stringify(row.reference)}`);
  if (!isRupiah(row.amount)) throw new RangeError(`Payment instruction ${row.reference} has no whole-rupiah amount (${row.amount})`);
  const head = [DETAIL_RECORD, row.reference, cell(row, 'application_reference', row.applicationReference), row.method, String(row.amount)];
  if (row.method === 'BANK') {
    return [...head, cell(row, 'bank_code', row.bankCode), cell(row, 'account_number', row.accountNumber), cell(row, 'account_name', row.accountName), '', '', '', ''];
  }
  if (!isPickupCode(row.pickupCode)) throw new RangeError(`Payment instruction ${row.reference} has no valid pickup code`);
  return [...head, '', '', '', cell(row, 'name', row.name), cell(row, 'district_code', row.districtCode), cell(row, 'district_name', row.districtName), row.pickupCode];
}

export const paymentFileTrailer = (rowCount: number, controlTotal: number) => [TRAILER_RECORD, String(rowCount), String(controlTotal)];

/** What the trailer promises, to compare with the rows actually read. */
export interface PaymentFileTotals {
  rowCount: number;
  controlTotal: number;
}
