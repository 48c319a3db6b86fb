import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { seedPrograms } from '../../shared/use-cases/seed-programs.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';

const deps = buildDeps();

/** Run by CDK at deployment (a Trigger): the seed programmes an office starts with, where missing. */
export const handler = middy<unknown, { seeded: string[] }, Error, Context>().handler(async () => {
  const seeded = await seedPrograms(deps.programs);
  logger.info('Programmes seeded', { seeded });
  return { seeded };
});
