import { totalBatch } from '../../shared/use-cases/payout-build.ts';
import { buildDeps } from '../lib/deps.ts';
import { batchPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('total-payout-batch', batchPayload, async ({ batchId }) => ({ batchId, ...(await totalBatch(deps, batchId)) }));
