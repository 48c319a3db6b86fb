import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { TASK_KINDS } from '../../shared/schemas/application.ts';
import { logger } from './logger.ts';

/**
 * A workflow Task handler: the payload is validated (the state machine is code too, and can be wrong),
 * failures are logged with the step's name and rethrown so Step Functions sees them and retries or fails.
 */
export function workflowTask<S extends z.ZodType, R>(name: string, schema: S, fn: (input: z.output<S>) => Promise<R>) {
  return middy<unknown, R, Error, Context>()
    .onError((request) => {
      logger.error('Workflow step failed', { step: name, errorName: request.error?.name, errorMessage: request.error?.message });
    })
    .handler(async (payload) => fn(schema.parse(payload)));
}

export const applicationPayload = z.object({ applicationId: z.string().min(1) });

/** A step about one application's task of one kind. */
export const taskPayload = applicationPayload.extend({ kind: z.enum(TASK_KINDS) });
