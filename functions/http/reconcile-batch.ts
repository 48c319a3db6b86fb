import { bilingual } from '../../shared/domain/bilingual.ts';
import { batchIdSchema } from '../../shared/schemas/payout.ts';
import { reconcileBatch } from '../../shared/use-cases/payout-reconcile.ts';
import { buildDeps } from '../lib/deps.ts';
import { bodyBytes, pathParameter, staffRoute } from '../lib/http.ts';
import { parseReconciliation, RECONCILIATION_LIMITS } from '../lib/payouts/reconciliation-file.ts';

const deps = buildDeps();

/**
 * One upload's size: a Lambda event holds at most 6 MB, and a file sent as application/octet-stream arrives
 * base64-encoded (a third larger). About 70,000 rows; partial files add up, so a larger result is sent in parts.
 */
const UPLOAD_MAX_BYTES = 4 * 1024 * 1024;
const LIMITS = { ...RECONCILIATION_LIMITS, maxBytes: UPLOAD_MAX_BYTES };

/** Applies the bank's result file (text/csv) to the batch: strict, whole-file checks first, nothing applied on a problem. */
export const handler = staffRoute(async (event, user) => {
  const batchId = pathParameter(event, 'batchId', batchIdSchema);
  const bytes = bodyBytes(event, {
    mediaTypes: ['text/csv', 'application/octet-stream'],
    maxBytes: UPLOAD_MAX_BYTES,
    tooLarge: bilingual(
      `Berkas hasil lebih besar dari ${UPLOAD_MAX_BYTES / 1024 / 1024} MiB: bagi menjadi beberapa berkas dan unggah satu per satu (hasilnya dijumlahkan)`,
      `the result file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MiB: split it into several files and upload them one by one (they add up)`,
    ),
  });
  const { rows } = await parseReconciliation(bytes, LIMITS);
  return { statusCode: 200, body: await reconcileBatch(deps, user, batchId, rows) };
});
