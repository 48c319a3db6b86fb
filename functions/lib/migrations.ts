/**
 * The store's data migrations, in order (the mechanism: shared/use-cases/migrations.ts). Locally they run at every
 * start (local/bootstrap.ts); on AWS at every deployment (functions/events/run-migrations.ts, a CDK Trigger), after
 * CloudFormation has created any index they need (CDK defines the table from the same layout).
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Application } from '../../shared/domain/application.ts';
import { runMigrations, type Migration } from '../../shared/use-cases/migrations.ts';
import { cityIndexAttributes, flagCodesOf } from './adapters/dynamo-applications.ts';
import { DynamoMigrationLedger } from './adapters/dynamo-migrations.ts';
import { isConditionalCheckFailed } from './adapters/item.ts';
import { keys } from './table-layout.ts';

export interface MigrationDeps {
  db: DynamoDBDocumentClient;
  /** The low-level client, for DescribeTable. */
  client: DynamoDBClient;
  tableName: string;
}

/** Fails unless the index exists and is ACTIVE: a backfill into an index still being built would not be found yet. */
async function requireActiveIndex(deps: MigrationDeps, indexName: string): Promise<void> {
  const { Table } = await deps.client.send(new DescribeTableCommand({ TableName: deps.tableName }));
  const status = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName)?.IndexStatus;
  if (status !== 'ACTIVE') {
    throw new Error(`Index ${indexName} of ${deps.tableName} is ${status ?? 'missing'}: deploy the table (CDK) or restart the local store, then run the migrations again`);
  }
}

/**
 * Gives every application item made before the city index its keys (and its flag codes): a scan a page at a time of
 * the applications still missing one, each updated only where the attribute is missing (`if_not_exists`, conditional
 * on the item existing), so a run cut short is finished by the next one and a write since (intake, screening) is
 * never overwritten. Returns how many items it updated.
 */
export async function backfillCityIndex(deps: Pick<MigrationDeps, 'db' | 'tableName'>): Promise<number> {
  let updated = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(new ScanCommand({
      TableName: deps.tableName,
      FilterExpression: 'sk = :app AND begins_with(pk, :prefix) AND (attribute_not_exists(gsi4pk) OR (attribute_exists(#screening) AND attribute_not_exists(flagCodes)))',
      ExpressionAttributeValues: { ':app': keys.application('').sk, ':prefix': keys.application('').pk },
      ProjectionExpression: '#id, #address, #createdAt, #screening',
      ExpressionAttributeNames: { '#id': 'applicationId', '#address': 'address', '#createdAt': 'createdAt', '#screening': 'screening' },
      ExclusiveStartKey,
    }));
    for (const item of (page.Items ?? []) as Pick<Application, 'applicationId' | 'address' | 'createdAt' | 'screening'>[]) {
      const index = cityIndexAttributes(item);
      try {
        await deps.db.send(new UpdateCommand({
          TableName: deps.tableName,
          Key: keys.application(item.applicationId),
          UpdateExpression: 'SET gsi4pk = if_not_exists(gsi4pk, :pk), gsi4sk = if_not_exists(gsi4sk, :sk)' + (item.screening ? ', flagCodes = if_not_exists(flagCodes, :flags)' : ''),
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':pk': index.gsi4pk, ':sk': index.gsi4sk, ...(item.screening ? { ':flags': flagCodesOf(item.screening) } : {}) },
        }));
        updated++;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error; // deleted since the scan: nothing to index
      }
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return updated;
}

export const MIGRATIONS: readonly Migration<MigrationDeps>[] = [
  {
    id: '0001-application-city-index',
    description: 'Applications searchable by city and district (gsi4), with their screening flag codes',
    up: async (deps) => {
      await requireActiveIndex(deps, 'gsi4');
      await backfillCityIndex(deps);
    },
  },
];

/** Runs every migration the table has not completed; returns the ids run. */
export const migrateTable = (deps: MigrationDeps, migrations: readonly Migration<MigrationDeps>[] = MIGRATIONS) =>
  runMigrations(migrations, new DynamoMigrationLedger(deps.db, deps.tableName), deps);
