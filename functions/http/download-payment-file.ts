import { batchIdSchema } from '../../shared/schemas/payout.ts';
import { downloadPaymentFile, PAYMENT_FILE_CONTENT_TYPE } from '../../shared/use-cases/payout-files.ts';
import { buildDeps } from '../lib/deps.ts';
import { pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/**
 * The batch's payment file as a CSV attachment (finance of its city); every download is audited on the batch. A file
 * larger than a Lambda response carries is a 303 to a short-lived link of the store, which the browser follows.
 */
export const handler = staffRoute(async (event, user) => {
  const file = await downloadPaymentFile(deps, user, pathParameter(event, 'batchId', batchIdSchema));
  const sha256 = { 'x-content-sha256': file.sha256 };
  if (file.kind === 'link') return { statusCode: 303, text: '', headers: { location: file.url, ...sha256 } };
  return {
    statusCode: 200,
    text: file.text,
    headers: { 'content-type': PAYMENT_FILE_CONTENT_TYPE, 'content-disposition': `attachment; filename="${file.fileName}"`, ...sha256 },
  };
});
