import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from '../../shared/domain/business-metrics.ts';

/** One logger per process. Never log request bodies or domain objects: they carry NIKs and phone numbers. */
export const logger = new Logger({ serviceName: SERVICE_NAME });
