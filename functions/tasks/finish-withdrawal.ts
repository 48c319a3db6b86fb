import { finishWithdrawalStep } from '../../shared/use-cases/withdraw-application.ts';
import { buildDeps } from '../lib/deps.ts';
import { applicationPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('finish-withdrawal', applicationPayload, ({ applicationId }) => finishWithdrawalStep(deps, applicationId));
