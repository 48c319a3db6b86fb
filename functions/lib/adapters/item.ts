import { BatchGetCommand, BatchWriteCommand, PutCommand, QueryCommand, type BatchGetCommandInput, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { validationError } from '../../../shared/domain/errors.ts';
import type { Page } from '../../../shared/ports/payouts.ts';

/** BatchWriteItem's limit. */
const BATCH = 25;
const MAX_BATCH_ATTEMPTS = 10;

/**
 * Puts every item, 25 to a request. BatchWrite may hand items back under load (UnprocessedItems): they are sent
 * again with backoff, and after MAX_BATCH_ATTEMPTS the write fails loudly rather than drop them.
 */
export async function putAll(db: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    let unprocessed: Record<string, unknown>[] = items.slice(i, i + BATCH) as Record<string, unknown>[];
    for (let attempt = 0; unprocessed.length > 0; attempt++) {
      if (attempt === MAX_BATCH_ATTEMPTS) throw new Error(`${unprocessed.length} items were still unprocessed after ${attempt} batch writes`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: unprocessed.map((Item) => ({ PutRequest: { Item } })) } }));
      unprocessed = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) => (request.PutRequest?.Item ? [request.PutRequest.Item] : []));
    }
  }
}

// `flagCodes`: an application's screening flag codes, kept for the search's filter (a copy of `screening.flags`).
const STORAGE_KEYS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'taskToken', 'flagCodes']);

/** The domain object stored in an item, without the table's key, index and search attributes. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_KEYS.has(k))) as T;
}

export const isConditionalCheckFailed = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Puts the item unless an item with its key exists (a conditional put): true if this call created it, false when
 * one was there already, which a step run again (or a race) finds and keeps.
 */
export async function putIfAbsent(db: DynamoDBDocumentClient, tableName: string, item: Record<string, unknown>): Promise<boolean> {
  try {
    await db.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** A page cursor is the store's last key, as base64url JSON of string attributes; anything else is refused. */
const cursorSchema = z.record(z.string().max(300), z.string().max(300)).refine((k) => Object.keys(k).length <= 4);
export const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);
export const invalidCursor = () => validationError('The cursor is not one this API issued', [{ path: 'cursor', message: 'cursor.invalid' }]);
export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (!cursor) return undefined;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor();
  }
}

export async function queryPage<T>(db: DynamoDBDocumentClient, input: QueryCommand['input'], page: { cursor?: string; limit: number }): Promise<Page<T>> {
  const result = await db.send(new QueryCommand({ ...input, Limit: page.limit, ExclusiveStartKey: decodeCursor(page.cursor) }));
  return { items: (result.Items ?? []).map((i) => stripKeys<T>(i)), cursor: encodeCursor(result.LastEvaluatedKey) };
}


/** DynamoDB's BatchGetItem takes at most 100 keys. */
const BATCH_GET = 100;

/**
 * The stored items among these keys, read consistently 100 to a request, in the order of the keys (missing ones left
 * out). Keys the store could not serve this time come back unprocessed and are asked for again.
 */
export async function getAll(db: DynamoDBDocumentClient, tableName: string, itemKeys: readonly { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < itemKeys.length; i += BATCH_GET) {
    let request: BatchGetCommandInput['RequestItems'] | undefined = { [tableName]: { Keys: itemKeys.slice(i, i + BATCH_GET), ConsistentRead: true } };
    for (let attempt = 0; request && attempt < 5; attempt++) {
      const result: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of result.Responses?.[tableName] ?? []) found.set(`${String(item.pk)}|${String(item.sk)}`, item);
      request = result.UnprocessedKeys && Object.keys(result.UnprocessedKeys).length ? result.UnprocessedKeys : undefined;
    }
    if (request) throw new Error('The store left reads unprocessed after retries');
  }
  return itemKeys.flatMap((k): Record<string, unknown>[] => {
    const item = found.get(`${k.pk}|${k.sk}`);
    return item ? [item] : [];
  });
}
