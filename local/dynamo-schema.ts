/**
 * The embedded store's table follows the shared layout as CDK's table does: an index added to `TABLE.indexes` after a
 * store was made is added to that store before dynalite opens it. dynalite (4.0.0) has no online index creation: its
 * UpdateTable ignores `GlobalSecondaryIndexUpdates.Create` (it only changes throughput). So this writes the index the
 * way dynalite's CreateTable would have recorded it, in its own LevelDB layout (as `dynamo-recovery.ts` reads it), after
 * writing the index's entries for every stored item with dynalite's `getIndexActions`. Entries first, definition last: a
 * crash between the two leaves the index still missing, so the next start does it again (the entries are the same keys).
 * The items themselves get the new index's keys from the data migrations (functions/lib/migrations.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tableKeySchema } from '../functions/lib/table-layout.ts';
import { dynaliteDb, range, writeIndexEntries, type TableDefinition } from './dynamo-recovery.ts';

type GlobalIndex = ReturnType<typeof tableKeySchema>['GlobalSecondaryIndexes'][number];
type StoredTable = TableDefinition & {
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  GlobalSecondaryIndexes?: (GlobalIndex & Record<string, unknown>)[];
};

/** Adds the layout's missing global indexes to every table of the store at `path`; returns the names added. */
export async function addMissingIndexes(path: string): Promise<string[]> {
  if (!existsSync(join(path, 'CURRENT'))) return [];
  const schema = tableKeySchema();
  const { db } = dynaliteDb.create({ path });
  const added: string[] = [];
  try {
    const tables: { key: string; table: StoredTable }[] = [];
    for await (const key of db.keys(range('table~'))) tables.push({ key, table: (await db.get(key)) as StoredTable });
    for (const { key, table } of tables) {
      const present = new Set((table.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
      const missing = schema.GlobalSecondaryIndexes.filter((i) => !present.has(i.IndexName));
      if (!missing.length) continue;
      const defined = new Set(table.AttributeDefinitions.map((a) => a.AttributeName));
      const next: StoredTable = {
        ...table,
        AttributeDefinitions: [...table.AttributeDefinitions, ...schema.AttributeDefinitions.filter((a) => !defined.has(a.AttributeName))],
        GlobalSecondaryIndexes: [...(table.GlobalSecondaryIndexes ?? []), ...missing.map((index) => ({
          ...index,
          IndexArn: `${String((table as { TableArn?: string }).TableArn)}/index/${index.IndexName}`,
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexStatus: 'ACTIVE',
          ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
        }))],
      };
      await writeIndexEntries(db, next, 'global', missing);
      await db.batch([{ type: 'put', key, value: next }]);
      added.push(...missing.map((i) => `${table.TableName}.${i.IndexName}`));
    }
    return added;
  } finally {
    await db.close();
  }
}
