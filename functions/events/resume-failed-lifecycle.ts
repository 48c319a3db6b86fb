import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { resumeAfterFailure } from '../../shared/use-cases/resume-applications.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { observed } from '../lib/observability.ts';

const deps = buildDeps();
const detailSchema = z.object({
  status: z.string(),
  // The execution's input as JSON text: `{"applicationId": ...}` for every lifecycle execution.
  input: z.string().transform((text, ctx) => {
    try {
      return z.object({ applicationId: z.string().min(1) }).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'input is not a lifecycle input' });
      return z.NEVER;
    }
  }),
});

/** EventBridge "Step Functions Execution Status Change" for the lifecycle: FAILED, TIMED_OUT or ABORTED. */
export const handler = observed<EventBridgeEvent<'Step Functions Execution Status Change', unknown>, { outcome: string }>().handler(async (event) => {
  const detail = detailSchema.parse(event.detail);
  const outcome = await resumeAfterFailure(deps, detail.input.applicationId);
  // Ids only in logs; an application the workflow gave up on needs an operator.
  (outcome === 'gave-up' ? logger.error : logger.info).call(logger, 'Lifecycle execution ended early', {
    applicationId: detail.input.applicationId, executionStatus: detail.status, outcome,
  });
  return { outcome };
});
