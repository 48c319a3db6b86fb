import { seedPrograms } from '../../shared/use-cases/seed-programs.ts';
import { buildDeps } from '../lib/deps.ts';
import { logger } from '../lib/logger.ts';
import { observed } from '../lib/observability.ts';

const deps = buildDeps();

/** Run by CDK at deployment (a Trigger): the seed programmes where missing, and a new version where a seed changed. */
export const handler = observed<unknown, { seeded: string[] }>().handler(async () => {
  const seeded = await seedPrograms(deps);
  logger.info('Programmes published from the seed', { seeded });
  return { seeded };
});
