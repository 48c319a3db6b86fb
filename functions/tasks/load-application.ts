import * as z from 'zod';
import { loadApplicationStatus } from '../../shared/use-cases/lifecycle-steps.ts';
import { buildDeps } from '../lib/deps.ts';
import { applicationPayload, workflowTask } from '../lib/task.ts';

const deps = buildDeps();

/** The whole state comes in (`Payload.$: $`): `submitted` only when intake started the execution. */
const payload = applicationPayload.extend({ submitted: z.boolean().optional() });

export const handler = workflowTask('load-application', payload, ({ applicationId, submitted }) =>
  loadApplicationStatus(deps, applicationId, submitted));
