import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per process. Never log request bodies or domain objects: they carry NIKs and phone numbers. */
export const logger = new Logger({ serviceName: 'jaring' });
