import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { resumeBatchAfterFailure } from '../../shared/use-cases/resume-payouts.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { observed } from '../lib/observability.ts';

const deps = buildDeps();
const detailSchema = z.object({
  status: z.string(),
  // The execution's input as JSON text: `{"batchId": ...}` for every payout execution.
  input: z.string().transform((text, ctx) => {
    try {
      return z.object({ batchId: z.string().uuid() }).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'input is not a payout batch input' });
      return z.NEVER;
    }
  }),
});

/** EventBridge "Step Functions Execution Status Change" for the payout workflow: FAILED, TIMED_OUT or ABORTED. */
export const handler = observed<EventBridgeEvent<'Step Functions Execution Status Change', unknown>, { outcome: string }>().handler(async (event) => {
  const detail = detailSchema.parse(event.detail);
  const outcome = await resumeBatchAfterFailure(deps, detail.input.batchId);
  // Money waits on this: every early end is an error for operators, resumed or not.
  logger.error('Payout execution ended early', { batchId: detail.input.batchId, executionStatus: detail.status, outcome });
  return { outcome };
});
