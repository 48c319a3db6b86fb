import { loadPayoutBatch } from '../../shared/use-cases/payout-build.ts';
import { buildDeps } from '../lib/deps.ts';
import { batchPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

/** Where the batch stands, with its snapshot's page numbers for the map states. */
export const handler = workflowTask('load-payout-batch', batchPayload, ({ batchId }) => loadPayoutBatch(deps, batchId));
