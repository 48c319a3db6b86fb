/**
 * Streams a batch's payment file (layout in `shared/domain/payment-file.ts`): header, one row per instruction as the
 * rows arrive, then the trailer, hashing the bytes on their way out. Memory stays flat whatever the batch size:
 * rows are pulled from `rows` only as fast as `out` takes the bytes (stream backpressure).
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { PAYMENT_FILE_HEADER, paymentFileRecord, paymentFileTrailer, type PaymentFileRow, type PaymentFileTotals } from '../../../shared/domain/payment-file.ts';
import { measuredStream } from './measured.ts';

export interface PaymentFileSummary extends PaymentFileTotals {
  /** Hex SHA-256 of the bytes written, for the batch's audit trail. */
  sha256: string;
  bytes: number;
}

/**
 * Writes the file to `out` and ends it. Rejects (and destroys `out`) when a row is one the file must not carry or
 * `rows` fails: a partial file is never reported as written.
 */
export async function writePaymentFile(rows: AsyncIterable<PaymentFileRow> | Iterable<PaymentFileRow>, out: Writable): Promise<PaymentFileSummary> {
  const totals: PaymentFileTotals = { rowCount: 0, controlTotal: 0 };
  async function* records() {
    yield [...PAYMENT_FILE_HEADER];
    for await (const row of rows) {
      const record = paymentFileRecord(row);
      totals.rowCount += 1;
      totals.controlTotal += row.amount;
      if (!Number.isSafeInteger(totals.controlTotal)) throw new RangeError('The control total is beyond exact integers');
      yield record;
    }
    yield paymentFileTrailer(totals.rowCount, totals.controlTotal);
  }
  const { stream: measure, measure: measured } = measuredStream();
  // Every cell quoted, empty ones too: a spreadsheet that honours quotes then never splits inside a cell, whatever
  // list separator its locale uses (`;` in Indonesian Excel); cells that would still act in one that ignores quotes
  // are refused by `paymentFileRecord`.
  await pipeline(Readable.from(records()), stringify({ record_delimiter: 'windows', quoted_string: true }), measure, out);
  return { ...totals, ...measured() };
}
