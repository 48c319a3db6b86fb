import { finishReturn } from '../../shared/use-cases/payout-disburse.ts';
import { buildDeps } from '../lib/deps.ts';
import { batchPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('finish-payout-return', batchPayload, async ({ batchId }) => ({ batchId, ...(await finishReturn(deps, batchId)) }));
