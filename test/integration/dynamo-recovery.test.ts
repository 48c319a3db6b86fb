/**
 * The embedded store's recovery after an unclean stop, on its own: index entries a killed write left behind (an
 * entry for an item never stored, an item missing from its index) are rebuilt from the items, and a clean stop
 * skips the work. crash-intake.test.ts shows the same end to end, but only when a kill happens to land between
 * dynalite's index write and its item write.
 */
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { ensureTable, startDynamo } from '../../local/dynamo.ts';
import { recoverAfterUncleanStop } from '../../local/dynamo-recovery.ts';

type Item = Record<string, unknown>;
interface Level {
  keys(range: { gte: string; lt: string }): AsyncIterable<string>;
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  close(): Promise<void>;
}
const dynaliteDb = createRequire(import.meta.url)('dynalite/db') as {
  create(o: { path: string }): { db: Level };
  getIndexActions(indexes: unknown[], existing: undefined, item: Item, table: unknown): { puts: { index: string; key: string; item: Item }[] };
};

let dir = '';
afterAll(() => rm(dir, { recursive: true, force: true }));

const gsi2 = `index-global~${LOCAL_TABLE_NAME}~gsi2~`;
const range = (prefix: string) => ({ gte: prefix, lt: `${prefix}\xff` });
const attr = (s: string) => ({ S: s });

async function listed(url: string, status: string): Promise<string[]> {
  const client = new DynamoDBClient({ endpoint: url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const { Items } = await DynamoDBDocumentClient.from(client).send(new QueryCommand({
    TableName: LOCAL_TABLE_NAME, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :s', ExpressionAttributeValues: { ':s': `STATUS#${status}` },
  }));
  client.destroy();
  return (Items ?? []).map((i) => String(i.applicationId)).sort();
}

describe('the embedded store after an unclean stop', () => {
  it('rebuilds its indexes from the items, and leaves a cleanly stopped store alone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'jaring-recovery-'));
    const path = join(dir, 'dynamodb');
    let dynamo = await startDynamo({ path });
    const client = new DynamoDBClient({ endpoint: dynamo.url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(client, LOCAL_TABLE_NAME);
    const db = DynamoDBDocumentClient.from(client);
    for (const id of ['a', 'b']) {
      await db.send(new PutCommand({ TableName: LOCAL_TABLE_NAME, Item: { pk: `APP#${id}`, sk: 'APP', gsi2pk: 'STATUS#SUBMITTED', gsi2sk: `2026-12-01#${id}`, applicationId: id } }));
    }
    client.destroy();
    await dynamo.close();
    expect(await recoverAfterUncleanStop(path)).toBe(0); // stopped cleanly: nothing to do (and the marker is consumed)

    // What a kill mid-write leaves: "a" is in no index (its entry deleted before the new one was put), and an entry
    // names "ghost", whose item was never stored.
    const { db: level } = dynaliteDb.create({ path });
    const table = await level.get(`table~${LOCAL_TABLE_NAME}`) as { GlobalSecondaryIndexes: { IndexName: string }[] };
    const entries: string[] = [];
    for await (const key of level.keys(range(gsi2))) entries.push(key);
    expect(entries).toHaveLength(2);
    const entryOf = async (id: string) => {
      for (const key of entries) if (((await level.get(key)) as { applicationId: { S: string } }).applicationId.S === id) return key;
      throw new Error(`no index entry for ${id}`);
    };
    await level.del(await entryOf('a'));
    const ghost = { pk: attr('APP#ghost'), sk: attr('APP'), gsi2pk: attr('STATUS#SUBMITTED'), gsi2sk: attr('2026-12-01#ghost'), applicationId: attr('ghost') };
    const [planted] = dynaliteDb.getIndexActions(table.GlobalSecondaryIndexes.filter((i) => i.IndexName === 'gsi2'), undefined, ghost, table).puts;
    await level.put(gsi2 + planted!.key, planted!.item);
    await level.close();

    dynamo = await startDynamo({ path }); // no clean-stop marker: recovery runs first
    expect(await listed(dynamo.url, 'SUBMITTED')).toEqual(['a', 'b']);
    await dynamo.close();
  });
});
