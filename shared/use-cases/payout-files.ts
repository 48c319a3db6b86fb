/**
 * Downloading a batch's payment file (issue #9 deliverable 5): finance of the batch's city only, and every download
 * is an event on the batch's audit trail with the file's SHA-256 and who took it, so the office can tell which copy
 * went to the bank.
 */
import type { AuditEventInput } from '../domain/audit.ts';
import { bilingual } from '../domain/bilingual.ts';
import { DomainError } from '../domain/errors.ts';
import { EXPORTED_STATUSES, PAYOUT_BATCH_LABELS, paymentFileKey, type PayoutBatch } from '../domain/payout-batch.ts';
import type { StaffUser } from '../domain/staff.ts';
import type { Deps } from './deps.ts';
import { batchFor } from './payout-access.ts';

/**
 * The largest file answered in the response itself: Lambda's response payload is at most 6 MB (API Gateway's 10 MB
 * does not come into play). About 45,000 rows; a larger file needs a presigned S3 link (docs/ARCHITECTURE.md).
 */
export const INLINE_FILE_MAX_BYTES = 5 * 1024 * 1024;

export interface DownloadedFile {
  /** The name the browser saves it under. */
  fileName: string;
  sha256: string;
  text: string;
}

const conflict = (id: string, en: string) => new DomainError('Conflict', bilingual(id, en));

/** A name that says which batch it is: programme, period, city and the batch's id. */
const fileNameOf = (batch: PayoutBatch) => `pembayaran-${batch.programId}-${batch.period}-${batch.regencyCode}-${batch.batchId}.csv`.replace(/[^A-Za-z0-9._-]/g, '-');

/** The payment file of a batch of the officer's city, once exported; the download is audited before it is given. */
export async function downloadPaymentFile(deps: Pick<Deps, 'payoutBatches' | 'paymentFiles' | 'audit' | 'clock'>, user: StaffUser, batchId: string): Promise<DownloadedFile> {
  const batch = await batchFor(deps, user, batchId, 'payout.read');
  if (!EXPORTED_STATUSES.includes(batch.status)) {
    const label = PAYOUT_BATCH_LABELS[batch.status];
    throw conflict(`Kumpulan pembayaran ini ${label.id}; berkas pembayaran baru ada setelah kumpulan disetujui dan disalurkan`, `this payout batch is ${label.en}; its payment file exists only once the batch is approved and disbursed`);
  }
  const file = await deps.paymentFiles.read(paymentFileKey(batchId));
  if (!file) throw conflict('Berkas pembayaran kumpulan ini belum tersimpan; coba lagi beberapa menit lagi', 'the payment file of this batch is not stored yet; try again in a few minutes');
  if (file.size > INLINE_FILE_MAX_BYTES) {
    for await (const _ of file.body) break; // closes the stream
    throw new DomainError('PayloadTooLarge', bilingual(
      `Berkas pembayaran ini ${Math.ceil(file.size / 1024 / 1024)} MiB, lebih besar dari yang dapat diunduh langsung (${INLINE_FILE_MAX_BYTES / 1024 / 1024} MiB); hubungi admin sistem`,
      `this payment file is ${Math.ceil(file.size / 1024 / 1024)} MiB, larger than a direct download takes (${INLINE_FILE_MAX_BYTES / 1024 / 1024} MiB); ask the system administrator`,
    ));
  }
  // Bounded by the size checked above; the store's stream fails at its end unless the bytes are the ones stored.
  const bytes = new Uint8Array(file.size);
  let filled = 0;
  for await (const chunk of file.body) {
    bytes.set(chunk, filled);
    filled += chunk.byteLength;
  }
  const fileName = fileNameOf(batch);
  const event: AuditEventInput = {
    eventId: `payment-file-downloaded:${crypto.randomUUID()}`, actor: user.username, action: 'PAYMENT_FILE_DOWNLOADED',
    detail: { batchId, fileName, sha256: file.sha256, bytes: String(file.size) }, at: deps.clock.now().toISOString(),
  };
  await deps.audit.record(batchId, [event]);
  return { fileName, sha256: file.sha256, text: new TextDecoder().decode(bytes) };
}
