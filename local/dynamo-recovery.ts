/**
 * Crash recovery for the embedded store. dynalite writes an item's index entries first and the item itself last,
 * as separate LevelDB writes, so a SIGKILL between them leaves an index that disagrees with its items: an
 * application in no status list (never resumed), a decided task still queued, an entry for an item never stored.
 * The items are always whole (each is one LevelDB put), and a write cut short was never acknowledged, so the indexes
 * are rebuilt from the items after any stop that was not clean: the store is then as if that write never began.
 *
 * This reads dynalite's own LevelDB layout (`table~`, `item-<table>~`, `index-<kind>~<table>~<index>~`) and derives
 * the entries with dynalite's own `getIndexActions`, so they are exactly what its writes would have made.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface IndexDefinition { IndexName: string }
export interface TableDefinition {
  TableName: string;
  GlobalSecondaryIndexes?: IndexDefinition[];
  LocalSecondaryIndexes?: IndexDefinition[];
}
type StoredItem = Record<string, unknown>;
export interface LevelDb {
  get(key: string): Promise<unknown>;
  keys(range: { gte: string; lt: string }): AsyncIterable<string>;
  values(range: { gte: string; lt: string }): AsyncIterable<unknown>;
  batch(ops: ({ type: 'put'; key: string; value: unknown } | { type: 'del'; key: string })[]): Promise<void>;
  close(): Promise<void>;
}
interface DynaliteDb {
  create(options: { path: string }): { db: LevelDb };
  getIndexActions(indexes: IndexDefinition[], existing: StoredItem | undefined, item: StoredItem, table: TableDefinition): {
    puts: { index: string; key: string; item: StoredItem }[];
  };
}

export const dynaliteDb = createRequire(import.meta.url)('dynalite/db') as DynaliteDb;
const BATCH = 500;

/** Present while the store is closed after a clean stop; removed while it runs, so its absence means a crash. */
const cleanStopMarker = (path: string) => `${path}.clean-stop`;

export const markCleanStop = (path: string) => writeFile(cleanStopMarker(path), new Date().toISOString());

/**
 * Before dynalite opens `path`: if the store exists and was not stopped cleanly, rebuild every index from the items.
 * Returns how many index entries were written (0 when nothing needed recovering).
 */
export async function recoverAfterUncleanStop(path: string): Promise<number> {
  const marker = cleanStopMarker(path);
  const clean = existsSync(marker);
  await rm(marker, { force: true });
  if (clean || !existsSync(join(path, 'CURRENT'))) return 0;
  const { db } = dynaliteDb.create({ path });
  try {
    let written = 0;
    for await (const table of db.values(range('table~')) as AsyncIterable<TableDefinition>) written += await rebuildIndexes(db, table);
    return written;
  } finally {
    await db.close();
  }
}

export const range = (prefix: string) => ({ gte: prefix, lt: `${prefix}\xff` });

async function rebuildIndexes(db: LevelDb, table: TableDefinition): Promise<number> {
  const kinds = [
    { kind: 'global' as const, indexes: table.GlobalSecondaryIndexes ?? [] },
    { kind: 'local' as const, indexes: table.LocalSecondaryIndexes ?? [] },
  ].filter((k) => k.indexes.length);
  for (const { kind, indexes } of kinds) {
    for (const index of indexes) await inBatches(db.keys(range(indexPrefix(table, kind, index.IndexName))), (key) => ({ type: 'del', key }), db);
  }
  let written = 0;
  for (const { kind, indexes } of kinds) written += await writeIndexEntries(db, table, kind, indexes);
  return written;
}

const indexPrefix = (table: TableDefinition, kind: string, index: string) => `index-${kind}~${table.TableName}~${index}~`;

/** Writes the entries of these indexes for every item of the table, as dynalite's own writes would have made them. */
export async function writeIndexEntries(db: LevelDb, table: TableDefinition, kind: 'global' | 'local', indexes: IndexDefinition[]): Promise<number> {
  let written = 0;
  async function* entries() {
    for await (const item of db.values(range(`item-${table.TableName}~`)) as AsyncIterable<StoredItem>) {
      for (const put of dynaliteDb.getIndexActions(indexes, undefined, item, table).puts) {
        written++;
        yield { key: indexPrefix(table, kind, put.index) + put.key, value: put.item };
      }
    }
  }
  await inBatches(entries(), (e) => ({ type: 'put', key: e.key, value: e.value }), db);
  return written;
}

async function inBatches<T>(source: AsyncIterable<T>, op: (t: T) => Parameters<LevelDb['batch']>[0][number], db: LevelDb) {
  let ops: Parameters<LevelDb['batch']>[0] = [];
  for await (const entry of source) {
    ops.push(op(entry));
    if (ops.length >= BATCH) {
      await db.batch(ops);
      ops = [];
    }
  }
  if (ops.length) await db.batch(ops);
}
