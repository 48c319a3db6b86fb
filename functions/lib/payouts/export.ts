import { PassThrough } from 'node:stream';
import type { PaymentFileRow } from '../../../shared/domain/payment-file.ts';
import type { PaymentFileExporter, PaymentFileKey, PaymentFileStore } from '../../../shared/ports/index.ts';
import { writePaymentFile } from './payment-file.ts';

/** The payment file writer feeding the store as it writes: bytes flow through, the file is never held whole. */
export class StreamingPaymentFileExporter implements PaymentFileExporter {
  constructor(private readonly store: PaymentFileStore) {}

  async export(key: PaymentFileKey, rows: AsyncIterable<PaymentFileRow>) {
    const bytes = new PassThrough();
    // Both sides run at once; a failure on either ends the other (a refused row destroys the stream, so the store
    // never commits a partial file).
    const [written, stored] = await Promise.all([writePaymentFile(rows, bytes), this.store.write(key, bytes)]);
    if (written.sha256 !== stored.sha256) throw new Error(`Payment file ${key.batchId}/${key.name} was stored with other bytes than written`);
    return { ...stored, rowCount: written.rowCount, controlTotal: written.controlTotal };
  }
}
