import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, invalidCursor } from './item.ts';

/**
 * One Query of a plan: an index partition (maybe a key prefix of it) with a filter. `owns` tells whether a store key
 * lies in this query's key range, so a cursor (the last key read) names the query to resume, and a cursor no query
 * of the plan owns (another city's key, a forged one) is refused rather than read.
 */
export interface PlannedQuery {
  input: Pick<QueryCommand['input'], 'IndexName' | 'KeyConditionExpression' | 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>;
  owns(key: Record<string, string>): boolean;
  /** The store key of an item this query returned (table key + index key), to resume right after it. */
  keyOf(item: Record<string, unknown>): Record<string, string>;
}

/** Items evaluated per round trip: the store applies Limit before the filter, so a sparse filter still reads pages. */
const READ_BUDGET = 200;
/** Round trips per request at most; past them the page is shorter and its cursor resumes the reading. */
const MAX_ROUNDS = 10;

/**
 * Up to `limit` matching items, reading the queries one after another from where `cursor` stopped. The cursor is the
 * key of the last item returned (or of the last item read, when the rounds run out first), so every item is returned
 * exactly once over the pages.
 */
export async function readPlan(db: DynamoDBDocumentClient, tableName: string, plan: readonly PlannedQuery[], page: { cursor?: string; limit: number }) {
  let start = decodeCursor(page.cursor);
  let at = 0;
  if (start) {
    const from = start;
    at = plan.findIndex((q) => q.owns(from));
    if (at < 0) throw invalidCursor();
  }
  const items: Record<string, unknown>[] = [];
  let rounds = 0;
  for (; at < plan.length; at++, start = undefined) {
    const query = plan[at]!;
    do {
      const result = await db.send(new QueryCommand({ TableName: tableName, ...query.input, Limit: READ_BUDGET, ExclusiveStartKey: start }));
      rounds++;
      for (const item of result.Items ?? []) {
        items.push(item);
        if (items.length === page.limit) return { items, cursor: encodeCursor(query.keyOf(item)) };
      }
      start = result.LastEvaluatedKey as Record<string, string> | undefined;
      if (start && rounds >= MAX_ROUNDS) return { items, cursor: encodeCursor(start) };
    } while (start);
  }
  return { items, cursor: undefined };
}

/**
 * How many items the plan matches: the same key conditions and filters with `Select: 'COUNT'`, a page (1 MB read) at a
 * time. It reads what the items' queries read (each item evaluated costs its read units) but returns none.
 */
export async function countPlan(db: DynamoDBDocumentClient, tableName: string, plan: readonly PlannedQuery[]): Promise<number> {
  let total = 0;
  for (const query of plan) {
    let start: Record<string, unknown> | undefined;
    do {
      const result = await db.send(new QueryCommand({ TableName: tableName, ...query.input, Select: 'COUNT', ExclusiveStartKey: start }));
      total += result.Count ?? 0;
      start = result.LastEvaluatedKey;
    } while (start);
  }
  return total;
}

/** The key of an item read from an index: the table's key and the index's. */
export const indexKeyOf = (indexName: string) => (item: Record<string, unknown>): Record<string, string> => ({
  pk: String(item.pk), sk: String(item.sk), [`${indexName}pk`]: String(item[`${indexName}pk`]), [`${indexName}sk`]: String(item[`${indexName}sk`]),
});
