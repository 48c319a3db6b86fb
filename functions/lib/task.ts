import * as z from 'zod';
import { SUBJECT_ID_FIELDS, TASK_STAGES } from '../../shared/domain/human-task.ts';
import { TASK_KINDS } from '../../shared/schemas/application.ts';
import { logger } from './logger.ts';
import { observed } from './observability.ts';

/**
 * A workflow Task handler: the payload is validated (the state machine is code too, and can be wrong),
 * failures are logged with the step's name and rethrown so Step Functions sees them and retries or fails.
 */
export function workflowTask<S extends z.ZodType, R>(name: string, schema: S, fn: (input: z.output<S>) => Promise<R>) {
  return observed<unknown, R>()
    .onError((request) => {
      logger.error('Workflow step failed', { step: name, errorName: request.error?.name, errorMessage: request.error?.message });
    })
    .handler(async (payload) => fn(schema.parse(stepInput(payload))));
}

/** A step given a whole state comes as `{ input, executionId }` (workflows/index.ts); its schema judges the input. */
const stepInput = (payload: unknown): unknown =>
  typeof payload === 'object' && payload !== null && 'input' in payload && 'executionId' in payload ? (payload as { input: unknown }).input : payload;

export const applicationPayload = z.object({ applicationId: z.string().min(1) });

/**
 * A step about one subject's task of one kind: the subject's id comes under its subject's field (`applicationId`,
 * `batchId`), as the generated stage states send it; it reaches the step as `subjectId`.
 */
export const taskPayload = z
  .object({ kind: z.enum(TASK_KINDS), applicationId: z.string().min(1).optional(), batchId: z.string().min(1).optional() })
  .transform((p, ctx) => {
    const field = SUBJECT_ID_FIELDS[TASK_STAGES[p.kind].subject];
    const subjectId = p[field];
    if (!subjectId) {
      ctx.addIssue({ code: 'custom', path: [field], message: `a ${p.kind} step needs ${field}` });
      return z.NEVER;
    }
    return { kind: p.kind, subjectId, subjectField: field };
  });

/** A payout workflow step about one batch. */
export const batchPayload = z.object({ batchId: z.string().uuid() });

/**
 * A payout map item: the pages a map state's item batcher grouped (`Items`) with the batch they belong to
 * (`BatchInput`), as Step Functions' ItemBatcher delivers them (and the local endpoint does the same).
 */
export const batchPagesPayload = z.object({
  Items: z.array(z.number().int().positive()).min(1).max(100),
  BatchInput: batchPayload,
}).transform((p) => ({ batchId: p.BatchInput.batchId, pages: p.Items }));
