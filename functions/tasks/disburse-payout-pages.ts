import { disbursePages } from '../../shared/use-cases/payout-disburse.ts';
import { buildDeps } from '../lib/deps.ts';
import { batchPagesPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('disburse-payout-pages', batchPagesPayload, ({ batchId, pages }) => disbursePages(deps, batchId, pages));
