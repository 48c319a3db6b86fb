/**
 * What every handler wears (docs/OBSERVABILITY.md): Powertools' logger with the Lambda context and the correlation ids
 * of the work at hand on every line, X-Ray tracing of the handler and its AWS clients, and the CloudWatch metrics
 * (embedded metric format) the use-cases record through the BusinessMetrics port.
 *
 * Outside Lambda (the local runtime, tests) the tracer is off by itself and POWERTOOLS_DEV turns the metrics off.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/domain/business-metrics.ts';
import { logger } from './logger.ts';
import { tracer } from './tracer.ts';


export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/** The ids a log line is found by: the application, payout batch and workflow execution the invocation works on. */
export interface CorrelationKeys {
  applicationId?: string;
  batchId?: string;
  executionId?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined);
const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/**
 * The correlation ids an event carries, wherever its kind keeps them: a route's path parameters, a workflow step's
 * payload (a map item's under BatchInput), an EventBridge execution-status change's detail. Ids only: never a body.
 */
export function correlationKeys(event: unknown): CorrelationKeys {
  const outer = record(event);
  // A step given a whole state has it under `input`, beside its executionId (workflows/index.ts).
  const e = 'input' in outer && 'executionId' in outer ? { ...record(outer.input), executionId: outer.executionId } : outer;
  const path = record(e.pathParameters);
  const batchInput = record(e.BatchInput);
  const detail = record(e.detail);
  const keys: CorrelationKeys = {
    applicationId: text(e.applicationId) ?? text(path.applicationId),
    batchId: text(e.batchId) ?? text(batchInput.batchId) ?? text(path.batchId),
    executionId: text(e.executionId) ?? text(batchInput.executionId) ?? text(detail.executionArn),
  };
  return Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined));
}

/** API Gateway's request id: the id an officer quotes from an error message, and the access log's. */
const requestIdOf = (event: unknown) => text(record(record(event).requestContext).requestId);

const correlated = <E, R>(): MiddlewareObj<E, R, Error, Context> => ({
  before: (request) => {
    logger.appendKeys({ ...correlationKeys(request.event) });
    const requestId = requestIdOf(request.event);
    if (requestId) logger.setCorrelationId(requestId);
  },
});

/** A middy handler with the logger, the correlation ids and the tracer in place; keys are reset per invocation. */
export function observed<E, R>() {
  return middy<E, R, Error, Context>()
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlated<E, R>());
}
