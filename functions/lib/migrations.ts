/**
 * The store's data migrations, in order (the mechanism: shared/use-cases/migrations.ts). Locally they run at every
 * start (local/bootstrap.ts); on AWS at every deployment (functions/events/run-migrations.ts, a CDK Trigger), after
 * CloudFormation has created any index they need (CDK defines the table from the same layout).
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient, type ScanCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Application } from '../../shared/domain/application.ts';
import { runMigrations, type Migration } from '../../shared/use-cases/migrations.ts';
import { cityIndexAttributes, flagCodesOf } from './adapters/dynamo-applications.ts';
import { DynamoMigrationLedger } from './adapters/dynamo-migrations.ts';
import { staffIndexAttributes } from './adapters/dynamo-staff.ts';
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
 * A backfill: scans a page at a time for the items `scan` filters (those still missing what the migration adds) and
 * updates each, conditional on the item existing and with `if_not_exists` in `update`, so a run cut short is finished
 * by the next one and a write since is never overwritten. Returns how many items it updated.
 */
async function backfill<T>(
  deps: Pick<MigrationDeps, 'db' | 'tableName'>,
  scan: Pick<ScanCommandInput, 'FilterExpression' | 'ExpressionAttributeValues' | 'ProjectionExpression' | 'ExpressionAttributeNames'>,
  update: (item: T) => Pick<UpdateCommandInput, 'Key' | 'UpdateExpression' | 'ExpressionAttributeValues'>,
): Promise<number> {
  let updated = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(new ScanCommand({ TableName: deps.tableName, ...scan, ExclusiveStartKey }));
    for (const item of (page.Items ?? []) as T[]) {
      try {
        await deps.db.send(new UpdateCommand({ TableName: deps.tableName, ConditionExpression: 'attribute_exists(pk)', ...update(item) }));
        updated++;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error; // deleted since the scan: nothing to index
      }
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return updated;
}

/** Gives every application item made before the city index its keys (and its flag codes). */
export const backfillCityIndex = (deps: Pick<MigrationDeps, 'db' | 'tableName'>) => backfill<Pick<Application, 'applicationId' | 'address' | 'createdAt' | 'screening'>>(deps, {
  FilterExpression: 'sk = :app AND begins_with(pk, :prefix) AND (attribute_not_exists(gsi4pk) OR (attribute_exists(#screening) AND attribute_not_exists(flagCodes)))',
  ExpressionAttributeValues: { ':app': keys.application('').sk, ':prefix': keys.application('').pk },
  ProjectionExpression: '#id, #address, #createdAt, #screening',
  ExpressionAttributeNames: { '#id': 'applicationId', '#address': 'address', '#createdAt': 'createdAt', '#screening': 'screening' },
}, (item) => {
  const index = cityIndexAttributes(item);
  return {
    Key: keys.application(item.applicationId),
    UpdateExpression: 'SET gsi4pk = if_not_exists(gsi4pk, :pk), gsi4sk = if_not_exists(gsi4sk, :sk)' + (item.screening ? ', flagCodes = if_not_exists(flagCodes, :flags)' : ''),
    ExpressionAttributeValues: { ':pk': index.gsi4pk, ':sk': index.gsi4sk, ...(item.screening ? { ':flags': flagCodesOf(item.screening) } : {}) },
  };
});

/** Gives every staff account stored before the admin's list its gsi2 keys. */
export const backfillStaffIndex = (deps: Pick<MigrationDeps, 'db' | 'tableName'>) => backfill<{ username: string }>(deps, {
  FilterExpression: 'sk = :staff AND begins_with(pk, :prefix) AND attribute_not_exists(gsi2pk)',
  ExpressionAttributeValues: { ':staff': keys.staff('').sk, ':prefix': keys.staff('').pk },
  ProjectionExpression: 'username',
}, ({ username }) => {
  const index = staffIndexAttributes(username);
  return {
    Key: keys.staff(username),
    UpdateExpression: 'SET gsi2pk = if_not_exists(gsi2pk, :pk), gsi2sk = if_not_exists(gsi2sk, :sk)',
    ExpressionAttributeValues: { ':pk': index.gsi2pk, ':sk': index.gsi2sk },
  };
});

export const MIGRATIONS: readonly Migration<MigrationDeps>[] = [
  {
    id: '0001-application-city-index',
    description: 'Applications searchable by city and district (gsi4), with their screening flag codes',
    up: async (deps) => {
      await requireActiveIndex(deps, 'gsi4');
      await backfillCityIndex(deps);
    },
  },
  {
    id: '0002-staff-directory-index',
    description: 'Staff accounts listed by username for the admin (gsi2 STAFF)',
    up: async (deps) => {
      await backfillStaffIndex(deps);
    },
  },
];

/** Runs every migration the table has not completed; returns the ids run. */
export const migrateTable = (deps: MigrationDeps, migrations: readonly Migration<MigrationDeps>[] = MIGRATIONS) =>
  runMigrations(migrations, new DynamoMigrationLedger(deps.db, deps.tableName), deps);
