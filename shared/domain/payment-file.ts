/**
 * The payment file of a payout batch (issue #9): what it holds, cell by cell. Browser-safe; the streaming writer is
 * `functions/lib/payouts/payment-file.ts`.
 *
 * Layout (CSV, UTF-8 without BOM, CRLF, RFC 4180 quoting):
 *   record_type,reference,method,amount,bank_code,account_number,account_name,name,district_code,district_name,pickup_code
 *   D,<reference>,BANK,<amount>,<bank code>,<account number>,<account name>,,,,
 *   D,<reference>,POS,<amount>,,,,<name>,<district code>,<district name>,<pickup code>
 *   T,<row count>,<control total>
 * One `D` row per payment instruction and a last `T` row (trailer) with the number of `D` rows and the sum of their
 * amounts, so a file cut short or edited by hand is caught by the receiver. Amounts are whole rupiah, digits only.
 */
import { isPickupCode } from './pickup-code.ts';
import { isPaymentReference } from './payment-reference.ts';

export const PAYMENT_METHODS = ['BANK', 'POS'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

interface InstructionCells {
  /** The instruction's reference (`payment-reference.ts`), which the result file quotes back. */
  reference: string;
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
  'record_type', 'reference', 'method', 'amount', 'bank_code', 'account_number', 'account_name', 'name', 'district_code', 'district_name', 'pickup_code',
] as const;
export const DETAIL_RECORD = 'D';
export const TRAILER_RECORD = 'T';

/**
 * Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` as a formula (and TAB or CR before one, or the
 * full-width forms some locales accept), so an account name like `=HYPERLINK(...)` would act when finance opens the
 * file. Such a cell gets a leading apostrophe, which spreadsheets read as "text", as OWASP advises. Every other cell
 * is left exactly as it is.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
export const startsLikeFormula = (cell: string) => FORMULA_START.test(cell);
export const guardCell = (cell: string) => (startsLikeFormula(cell) ? `'${cell}` : cell);

/** Largest amount accepted in a file: 15 digits stays within exact integers (2^53) for control totals too. */
const AMOUNT_DIGITS = /^[1-9][0-9]{0,14}$/;

/** A whole-rupiah amount written as digits only (no sign, decimals, separators or leading zeros), else undefined. */
export function parseRupiah(text: string): number | undefined {
  return AMOUNT_DIGITS.test(text) ? Number(text) : undefined;
}

export const isRupiah = (amount: number) => Number.isSafeInteger(amount) && amount > 0;

const required = (row: PaymentFileRow, field: string, value: string) => {
  if (!value) throw new RangeError(`Payment instruction ${row.reference} has no ${field}`);
  return guardCell(value);
};

/**
 * The cells of one `D` row. A row the file must not carry (a wrong reference or pickup code, an amount that is not
 * whole rupiah, a missing account) is a bug upstream: it throws, and the file is not finished.
 */
export function paymentFileRecord(row: PaymentFileRow): string[] {
  if (!isPaymentReference(row.reference)) throw new RangeError(`Not a payment reference: ${JSON.stringify(row.reference)}`);
  if (!isRupiah(row.amount)) throw new RangeError(`Payment instruction ${row.reference} has no whole-rupiah amount (${row.amount})`);
  const head = [DETAIL_RECORD, row.reference, row.method, String(row.amount)];
  if (row.method === 'BANK') {
    return [...head, required(row, 'bank code', row.bankCode), required(row, 'account number', row.accountNumber), required(row, 'account name', row.accountName), '', '', '', ''];
  }
  if (!isPickupCode(row.pickupCode)) throw new RangeError(`Payment instruction ${row.reference} has no valid pickup code`);
  return [...head, '', '', '', required(row, 'name', row.name), required(row, 'district code', row.districtCode), required(row, 'district name', row.districtName), row.pickupCode];
}

export const paymentFileTrailer = (rowCount: number, controlTotal: number) => [TRAILER_RECORD, String(rowCount), String(controlTotal)];

/** What the trailer promises, to compare with the rows actually read. */
export interface PaymentFileTotals {
  rowCount: number;
  controlTotal: number;
}
