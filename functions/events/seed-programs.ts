import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { seedPrograms } from '../../shared/use-cases/seed-programs.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';

const deps = buildDeps();

/** Run by CDK at deployment (a Trigger): the seed programmes where missing, and a new version where a seed changed. */
export const handler = middy<unknown, { seeded: string[] }, Error, Context>().handler(async () => {
  const seeded = await seedPrograms(deps);
  logger.info('Programmes published from the seed', { seeded });
  return { seeded };
});
