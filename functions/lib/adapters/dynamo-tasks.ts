import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { validationError } from '../../../shared/domain/errors.ts';
import type { HumanTask, TaskDecision } from '../../../shared/domain/human-task.ts';
import { MAX_PRIORITY } from '../../../shared/rules/priority.ts';
import type { TaskPage, TaskRepository } from '../../../shared/ports/index.ts';
import type { TaskKind } from '../../../shared/schemas/application.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, stripKeys } from './item.ts';

/** Where in the region list a page stopped, and the store's key within that region. */
interface Cursor {
  region: number;
  key?: Record<string, string>;
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;
const cursorSchema = z.strictObject({
  region: z.number().int().min(0).max(100),
  key: z.partialRecord(z.enum(KEY_ATTRIBUTES), z.string().min(1).max(1024)).optional(),
});

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

/**
 * A cursor comes back from the client, so it is checked like any input: the region must be one of the caller's
 * queries and the key must belong to that query's partition, or the store would be asked something it refuses.
 */
function decodeCursor(text: string, queries: readonly { partition: [string, string] }[]): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorSchema.safeParse(parsed);
  const cursor = result.success ? (result.data as Cursor) : undefined;
  const query = cursor ? queries[cursor.region] : undefined;
  // Exactly the index's key attributes (table key + index key), with the query's own partition.
  const indexKeys = query ? ['pk', 'sk', query.partition[0], query.partition[0].replace(/pk$/, 'sk')].sort() : [];
  const keyFits = !cursor?.key || (query !== undefined
    && JSON.stringify(Object.keys(cursor.key).sort()) === JSON.stringify(indexKeys)
    && cursor.key[query.partition[0] as (typeof KEY_ATTRIBUTES)[number]] === query.partition[1]);
  if (!cursor || (cursor.region > 0 && !query) || !keyFits) {
    throw validationError('The cursor is not one this API issued', [{ path: 'cursor', message: 'cursor.invalid' }]);
  }
  return cursor;
}

/** Nobody else holds a claim that is still running (`:me`, `:now` supplied by the caller). */
const FREE_FOR_ME = '(attribute_not_exists(claimedBy) OR claimedBy = :me OR claimExpiresAt < :now)';

/**
 * Open tasks sit in two sparse queues, per city (regional staff) and per kind (admins), sorted by priority,
 * highest first (the inverted score sorts ascending), then oldest first.
 */
function queueAttributes(t: HumanTask) {
  const order = `${String(MAX_PRIORITY - Math.min(MAX_PRIORITY, Math.max(0, t.priority))).padStart(3, '0')}#${t.createdAt}#${t.taskId}`;
  return { gsi1pk: `QUEUE#${t.kind}`, gsi1sk: order, gsi2pk: keys.taskQueue(t.kind, t.regencyCode), gsi2sk: order };
}

export class DynamoTaskRepository implements TaskRepository {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async openWithToken(task: HumanTask, token: string): Promise<HumanTask> {
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.task(task.taskId), ...queueAttributes(task), ...task, taskToken: token },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
      return task;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.task(task.taskId),
        UpdateExpression: 'SET taskToken = :token',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':token': token, ':open': 'OPEN' },
        ReturnValues: 'ALL_NEW',
      }));
      return stripKeys<HumanTask>(Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const decided = await this.get(task.taskId);
    if (!decided) throw new Error(`Task ${task.taskId} vanished while being opened`);
    return decided;
  }

  async get(taskId: string): Promise<HumanTask | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.task(taskId), ConsistentRead: true }));
    return Item ? stripKeys<HumanTask>(Item) : undefined;
  }

  async recordedToken(taskId: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.task(taskId), ConsistentRead: true, ProjectionExpression: 'taskToken' }));
    return typeof Item?.taskToken === 'string' ? Item.taskToken : undefined;
  }

  async recordDecision(taskId: string, decision: TaskDecision) {
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.task(taskId),
        // Leaving the queues is part of the same write: a decided task is never listed again.
        UpdateExpression: 'SET #status = :decided, decision = :decision REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
        ConditionExpression: `#status = :open AND ${FREE_FOR_ME}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':decided': 'DECIDED', ':open': 'OPEN', ':decision': decision, ':me': decision.decidedBy, ':now': decision.decidedAt },
        ReturnValues: 'ALL_NEW',
      }));
      const item = Attributes ?? {};
      return { task: stripKeys<HumanTask>(item), token: typeof item.taskToken === 'string' ? item.taskToken : undefined };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  claim(taskId: string, username: string, expiresAt: string, now: string) {
    return this.updateOpen(taskId, 'SET claimedBy = :me, claimExpiresAt = :expires', FREE_FOR_ME, { ':me': username, ':now': now, ':expires': expiresAt });
  }

  assign(taskId: string, username: string, expiresAt: string) {
    return this.updateOpen(taskId, 'SET claimedBy = :to, claimExpiresAt = :expires', undefined, { ':to': username, ':expires': expiresAt });
  }

  async markReminded(taskId: string, at: string) {
    return (await this.updateOpen(taskId, 'SET remindedAt = :at', 'attribute_not_exists(remindedAt)', { ':at': at })) !== undefined;
  }

  async markEscalated(taskId: string, at: string) {
    return (await this.updateOpen(taskId, 'SET escalatedAt = :at', 'attribute_not_exists(escalatedAt)', { ':at': at })) !== undefined;
  }

  /** An update of an OPEN task under an extra condition; undefined when the condition did not hold. */
  private async updateOpen(taskId: string, update: string, condition: string | undefined, values: Record<string, string>): Promise<HumanTask | undefined> {
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.task(taskId),
        UpdateExpression: update,
        ConditionExpression: `#status = :open${condition ? ` AND ${condition}` : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'OPEN', ...values },
        ReturnValues: 'ALL_NEW',
      }));
      return Attributes ? stripKeys<HumanTask>(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async listOpen(kind: TaskKind, regions: readonly string[] | 'all', page: { cursor?: string; limit: number }): Promise<TaskPage> {
    const queries = regions === 'all'
      ? [{ partition: ['gsi1pk', `QUEUE#${kind}`] as [string, string], IndexName: 'gsi1' }]
      : regions.map((region) => ({
          partition: ['gsi2pk', keys.taskQueue(kind, region.slice(0, 5))] as [string, string],
          IndexName: 'gsi2',
          // A city code scopes to its whole queue; a district code filters that city's queue to the district.
          district: region.length > 5 ? region : undefined,
        }));
    const items: HumanTask[] = [];
    let cursor: Cursor | undefined = page.cursor ? decodeCursor(page.cursor, queries) : { region: 0 };
    while (cursor && cursor.region < queries.length && items.length < page.limit) {
      const query = queries[cursor.region] as (typeof queries)[number] & { district?: string };
      const result: QueryCommandOutput = await this.db.send(new QueryCommand({
        TableName: this.tableName,
        IndexName: query.IndexName,
        KeyConditionExpression: `${query.partition[0]} = :q`,
        ...(query.district ? { FilterExpression: 'districtCode = :district' } : {}),
        ExpressionAttributeValues: { ':q': query.partition[1], ...(query.district ? { ':district': query.district } : {}) },
        Limit: page.limit - items.length,
        ExclusiveStartKey: cursor.key,
      }));
      items.push(...(result.Items ?? []).map((i) => stripKeys<HumanTask>(i)));
      cursor = result.LastEvaluatedKey
        ? { region: cursor.region, key: result.LastEvaluatedKey }
        : { region: cursor.region + 1 };
    }
    const more = cursor !== undefined && cursor.region < queries.length;
    return { items, nextCursor: more && cursor ? encodeCursor(cursor) : undefined };
  }
}
