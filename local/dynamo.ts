/** The embedded DynamoDB: dynalite on disk (or in memory), with the table created from the shared layout. */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { tableKeySchema } from '../functions/lib/table-layout.ts';
import { markCleanStop, recoverAfterUncleanStop } from './dynamo-recovery.ts';
import { addMissingIndexes } from './dynamo-schema.ts';

export interface LocalDynamo {
  url: string;
  close(): Promise<void>;
}

export async function startDynamo(opts: { path?: string; port?: number }): Promise<LocalDynamo> {
  if (opts.path) {
    await recoverAfterUncleanStop(opts.path);
    // A store made before an index was added to the layout gets it (the items get its keys from the migrations).
    await addMissingIndexes(opts.path);
  }
  const server = dynalite({ path: opts.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (opts.path) await markCleanStop(opts.path);
    },
  };
}

/** Creates the table if it does not exist (idempotent at every start), from the keys and GSIs CDK uses. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
  }
  await client.send(new CreateTableCommand({ TableName: tableName, BillingMode: 'PAY_PER_REQUEST', ...tableKeySchema() }));
}
