import { loadApplicationStatus } from '../../shared/use-cases/lifecycle-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { applicationPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

export const handler = workflowTask('load-application', applicationPayload, ({ applicationId }) =>
  loadApplicationStatus(deps, applicationId));
