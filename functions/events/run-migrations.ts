import { documentClient, dynamoClient } from '../lib/clients.ts';
import { config } from '../lib/config.ts';
import { logger } from '../lib/logger.ts';
import { migrateTable } from '../lib/migrations.ts';
import { observed } from '../lib/observability.ts';

/**
 * Run by CDK at deployment (a Trigger, after the table and its indexes): the data migrations the table has not
 * completed. A failure fails the deployment's trigger; the next deployment (or a manual invoke) runs the rest again.
 */
export const handler = observed<unknown, { ran: string[] }>().handler(async () => {
  const ran = await migrateTable({ db: documentClient, client: dynamoClient, tableName: config.tableName });
  logger.info('Migrations run', { ran });
  return { ran };
});
