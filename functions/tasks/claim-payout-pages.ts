import { claimPages } from '../../shared/use-cases/payout-build.ts';
import { buildDeps } from '../lib/deps.ts';
import { batchPagesPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('claim-payout-pages', batchPagesPayload, ({ batchId, pages }) => claimPages(deps, batchId, pages));
