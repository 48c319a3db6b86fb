import { BatchWriteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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

const STORAGE_KEYS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'taskToken']);

/** The domain object stored in an item, without the table's key and index attributes. */
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
