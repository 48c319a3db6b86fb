import { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from '../../shared/domain/business-metrics.ts';

/**
 * X-Ray through Powertools: on in Lambda (active tracing), off by itself elsewhere. Its own module, so the clients can
 * be traced without importing the logger and metrics (which read their environment when built).
 */
export const tracer = new Tracer({ serviceName: SERVICE_NAME });
