import { exportPaymentFile } from '../../shared/use-cases/payout-disburse.ts';
import { buildDeps } from '../lib/deps.ts';
import { batchPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('export-payment-file', batchPayload, async ({ batchId }) => ({ batchId, ...(await exportPaymentFile(deps, batchId)) }));
