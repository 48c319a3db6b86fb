import { batchIdSchema } from '../../shared/schemas/payout.ts';
import { downloadPaymentFile } from '../../shared/use-cases/payout-files.ts';
import { buildDeps } from '../lib/deps.ts';
import { pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** The batch's payment file as a CSV attachment (finance of its city); every download is audited on the batch. */
export const handler = staffRoute(async (event, user) => {
  const file = await downloadPaymentFile(deps, user, pathParameter(event, 'batchId', batchIdSchema));
  return {
    statusCode: 200,
    text: file.text,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file.fileName}"`, 'x-content-sha256': file.sha256 },
  };
});
