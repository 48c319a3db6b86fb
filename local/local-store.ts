import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_TABLE_NAME } from '../functions/lib/table-layout.ts';
import { ensureTable, startDynamo } from './dynamo.ts';

const ENDPOINT_FILE = 'endpoints.json';

/** `npm start` records its store's address, so tools can reach it while it holds the data folder's lock. */
export const recordEndpoint = (dataDir: string, dynamoUrl: string) =>
  writeFile(join(dataDir, ENDPOINT_FILE), JSON.stringify({ dynamodb: dynamoUrl }));

/** The running app's store if it answers, else the data folder opened directly (the app is not running). */
export async function openLocalStore(dataDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const recorded = await readFile(join(dataDir, ENDPOINT_FILE), 'utf8').then((t) => JSON.parse(t) as { dynamodb?: string }).catch(() => undefined);
  if (recorded?.dynamodb) {
    const client = new DynamoDBClient({ endpoint: recorded.dynamodb, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    const alive = await client.send(new ListTablesCommand({})).then(() => true, () => false);
    client.destroy();
    if (alive) return { url: recorded.dynamodb, close: async () => undefined };
  }
  const dynamo = await startDynamo({ path: join(dataDir, 'dynamodb') });
  const client = new DynamoDBClient({ endpoint: dynamo.url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, LOCAL_TABLE_NAME);
  client.destroy();
  return dynamo;
}
