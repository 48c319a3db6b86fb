import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { validationError } from '../../../shared/domain/errors.ts';
import type { HumanTask, TaskDecision } from '../../../shared/domain/human-task.ts';
import type { TaskPage, TaskRepository } from '../../../shared/ports/index.ts';
import type { TaskKind } from '../../../shared/schemas/application.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, stripKeys } from './item.ts';

/** Where in the region list a page stopped, and the store's key within that region. */
interface Cursor {
  region: number;
  key?: Record<string, unknown>;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.region === 'number' && (c.key === undefined || typeof c.key === 'object')) return c;
  } catch {
    // fall through to the validation error
  }
  throw validationError('The cursor is not one this API issued', [{ path: 'cursor', message: 'invalid cursor' }]);
}

/** Open tasks sit in two sparse queues: per city (for regional staff) and per kind (for admins). */
const queueAttributes = (t: HumanTask) => ({
  gsi1pk: `QUEUE#${t.kind}`,
  gsi1sk: `${t.createdAt}#${t.taskId}`,
  gsi2pk: keys.taskQueue(t.kind, t.regencyCode),
  gsi2sk: `${t.districtCode}#${t.createdAt}#${t.taskId}`,
});

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

  async recordDecision(taskId: string, decision: TaskDecision) {
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.task(taskId),
        // Leaving the queues is part of the same write: a decided task is never listed again.
        UpdateExpression: 'SET #status = :decided, decision = :decision REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':decided': 'DECIDED', ':open': 'OPEN', ':decision': decision },
        ReturnValues: 'ALL_NEW',
      }));
      const item = Attributes ?? {};
      return { task: stripKeys<HumanTask>(item), token: typeof item.taskToken === 'string' ? item.taskToken : undefined };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async listOpen(kind: TaskKind, regions: readonly string[] | 'all', page: { cursor?: string; limit: number }): Promise<TaskPage> {
    const queries = regions === 'all'
      ? [{ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :q', ExpressionAttributeValues: { ':q': `QUEUE#${kind}` } }]
      : regions.map((region) => ({
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :q AND begins_with(gsi2sk, :district)',
          // A city code scopes to all its districts; a district code to that district.
          ExpressionAttributeValues: { ':q': keys.taskQueue(kind, region.slice(0, 5)), ':district': region.length > 5 ? `${region}#` : `${region}.` },
        }));
    const items: HumanTask[] = [];
    let cursor: Cursor | undefined = page.cursor ? decodeCursor(page.cursor) : { region: 0 };
    while (cursor && cursor.region < queries.length && items.length < page.limit) {
      const result: QueryCommandOutput = await this.db.send(new QueryCommand({
        TableName: this.tableName,
        ...queries[cursor.region],
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
