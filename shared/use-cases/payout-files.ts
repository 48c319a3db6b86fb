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
import type { StoredPaymentFile } from '../ports/index.ts';
import type { Deps } from './deps.ts';
import { batchFor } from './payout-access.ts';

/**
 * The largest file answered in the response itself: Lambda's response payload is at most 6 MB (API Gateway's 10 MB
 * does not come into play). About 45,000 rows; a larger file is given as a short-lived link to the store.
 */
export const INLINE_FILE_MAX_BYTES = 5 * 1024 * 1024;

export const PAYMENT_FILE_CONTENT_TYPE = 'text/csv; charset=utf-8';

interface FileAnswer {
  /** The name the browser saves it under. */
  fileName: string;
  sha256: string;
}

/** The file in the answer itself, or a link the browser follows to take it straight from the store. */
export type DownloadedFile = (FileAnswer & { kind: 'inline'; text: string }) | (FileAnswer & { kind: 'link'; url: string });

const conflict = (id: string, en: string) => new DomainError('Conflict', bilingual(id, en));
const notStored = () => conflict('Berkas pembayaran kumpulan ini belum tersimpan; coba lagi beberapa menit lagi', 'the payment file of this batch is not stored yet; try again in a few minutes');

/** A name that says which batch it is: programme, period, city and the batch's id. */
const fileNameOf = (batch: PayoutBatch) => `pembayaran-${batch.programId}-${batch.period}-${batch.regencyCode}-${batch.batchId}.csv`.replace(/[^A-Za-z0-9._-]/g, '-');

type DownloadDeps = Pick<Deps, 'payoutBatches' | 'paymentFiles' | 'audit' | 'clock'>;

/** Recorded before the file or its link is given, so no copy leaves without its trace. */
async function recordDownload(deps: DownloadDeps, user: StaffUser, batchId: string, fileName: string, file: StoredPaymentFile, extra: Record<string, string> = {}) {
  const event: AuditEventInput = {
    eventId: `payment-file-downloaded:${crypto.randomUUID()}`, actor: user.username, action: 'PAYMENT_FILE_DOWNLOADED',
    detail: { batchId, fileName, sha256: file.sha256, bytes: String(file.size), ...extra }, at: deps.clock.now().toISOString(),
  };
  await deps.audit.record(batchId, [event]);
}

/** The payment file of a batch of the officer's city, once exported; the download is audited before it is given. */
export async function downloadPaymentFile(deps: DownloadDeps, user: StaffUser, batchId: string): Promise<DownloadedFile> {
  const batch = await batchFor(deps, user, batchId, 'payout.read');
  if (!EXPORTED_STATUSES.includes(batch.status)) {
    const label = PAYOUT_BATCH_LABELS[batch.status];
    throw conflict(`Kumpulan pembayaran ini ${label.id}; berkas pembayaran baru ada setelah kumpulan disetujui dan disalurkan`, `this payout batch is ${label.en}; its payment file exists only once the batch is approved and disbursed`);
  }
  const key = paymentFileKey(batchId);
  const file = await deps.paymentFiles.read(key);
  if (!file) throw notStored();
  const fileName = fileNameOf(batch);
  if (file.size > INLINE_FILE_MAX_BYTES) {
    for await (const _ of file.body) break; // closes the stream: the bytes go by the link
    // The link's own file is recorded: the one its bytes are, should the file have been written again meanwhile.
    const link = await deps.paymentFiles.link(key, { fileName, contentType: PAYMENT_FILE_CONTENT_TYPE });
    if (!link) throw notStored();
    await recordDownload(deps, user, batchId, fileName, link, { delivery: 'link' });
    return { kind: 'link', fileName, sha256: link.sha256, url: link.url };
  }
  // Bounded by the size checked above; the store's stream fails at its end unless the bytes are the ones stored.
  const bytes = new Uint8Array(file.size);
  let filled = 0;
  for await (const chunk of file.body) {
    bytes.set(chunk, filled);
    filled += chunk.byteLength;
  }
  await recordDownload(deps, user, batchId, fileName, file);
  return { kind: 'inline', fileName, sha256: file.sha256, text: new TextDecoder().decode(bytes) };
}
