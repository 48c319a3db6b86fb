import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { validationError } from '../../../shared/domain/errors.ts';
import type { HumanTask, TaskDecision } from '../../../shared/domain/human-task.ts';
import { isQueuePosition, mergeQueues, queuePosition, type QueueReader } from '../../../shared/domain/task-queue.ts';
import type { TaskPage, TaskRepository } from '../../../shared/ports/index.ts';
import type { TaskKind } from '../../../shared/schemas/application.ts';
import { keys } from '../table-layout.ts';
import { getAll, isConditionalCheckFailed, putIfAbsent, stripKeys } from './item.ts';

/**
 * Where the merged page stopped: the queue position of its last task. Every region's queue resumes right after
 * it, since the merge returned everything before it in all of them; so the cursor stays one position however
 * many regions an officer holds, and names no partition or key the client could point elsewhere.
 */
const cursorSchema = z.strictObject({ after: z.string().max(200) });

const encodeCursor = (after: string) => Buffer.from(JSON.stringify({ after })).toString('base64url');

/** A cursor comes back from the client, so it is checked like any input: exactly a queue position of this kind. */
function decodeCursor(text: string, kind: TaskKind): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || !isQueuePosition(result.data.after, kind)) {
    throw validationError('The cursor is not one this API issued', [{ path: 'cursor', message: 'cursor.invalid' }]);
  }
  return result.data.after;
}

/** One queue partition to read: the admins' queue of a kind, or one city's queue, maybe narrowed to districts. */
interface QueueQuery {
  indexName: 'gsi1' | 'gsi2';
  partition: string;
  districts?: string[];
}

/**
 * The partitions behind a region list, each once: a city code takes its whole queue, district codes filter
 * their city's queue, and a district inside a city already listed adds nothing (so no task is listed twice).
 */
function queueQueries(kind: TaskKind, regions: readonly string[] | 'all'): QueueQuery[] {
  if (regions === 'all') return [{ indexName: 'gsi1', partition: `QUEUE#${kind}` }];
  const cities = new Map<string, Set<string> | 'whole'>();
  for (const region of regions) {
    const city = region.slice(0, 5);
    const listed = cities.get(city);
    if (region.length <= 5) cities.set(city, 'whole');
    else if (listed !== 'whole') cities.set(city, (listed ?? new Set<string>()).add(region));
  }
  return [...cities].map(([city, districts]) => ({
    indexName: 'gsi2',
    partition: keys.taskQueue(kind, city),
    ...(districts === 'whole' ? {} : { districts: [...districts] }),
  }));
}

/** Nobody else holds a claim that is still running (`:me`, `:now` supplied by the caller). */
const FREE_FOR_ME = '(attribute_not_exists(claimedBy) OR claimedBy = :me OR claimExpiresAt < :now)';

/**
 * Open tasks sit in two sparse queues, per city (regional staff) and per kind (admins), sorted by priority,
 * highest first (the inverted score sorts ascending), then oldest first.
 */
function queueAttributes(t: HumanTask) {
  const order = queuePosition(t);
  return { gsi1pk: `QUEUE#${t.kind}`, gsi1sk: order, gsi2pk: keys.taskQueue(t.kind, t.regencyCode), gsi2sk: order };
}

export class DynamoTaskRepository implements TaskRepository {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async create(task: HumanTask): Promise<void> {
    await putIfAbsent(this.db, this.tableName, { ...keys.task(task.taskId), ...queueAttributes(task), ...task });
  }

  async close(taskId: string): Promise<void> {
    await this.updateOpen(taskId, 'SET #status = :closed REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk', undefined, { ':closed': 'CLOSED' });
  }

  storeToken(taskId: string, token: string): Promise<HumanTask | undefined> {
    return this.updateOpen(taskId, 'SET taskToken = :token', undefined, { ':token': token });
  }

  async openWithToken(task: HumanTask, token: string): Promise<HumanTask> {
    if (await putIfAbsent(this.db, this.tableName, { ...keys.task(task.taskId), ...queueAttributes(task), ...task, taskToken: token })) return task;
    // Stored already (still OPEN: the token goes on it) or decided or closed before (returned as it is).
    const stored = (await this.storeToken(task.taskId, token)) ?? (await this.get(task.taskId));
    if (!stored) throw new Error(`Task ${task.taskId} vanished while being opened`);
    return stored;
  }

  async get(taskId: string): Promise<HumanTask | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.task(taskId), ConsistentRead: true }));
    return Item ? stripKeys<HumanTask>(Item) : undefined;
  }

  async getMany(taskIds: readonly string[]): Promise<HumanTask[]> {
    return (await getAll(this.db, this.tableName, taskIds.map((id) => keys.task(id)))).map((item) => stripKeys<HumanTask>(item));
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

  /**
   * One queue over all the caller's regions, highest priority first: every region's partition is read lazily
   * (about a page at a time) and merged in queue order, so a second district's most urgent task is not hidden
   * behind every task of the first.
   */
  async listOpen(kind: TaskKind, regions: readonly string[] | 'all', page: { cursor?: string; limit: number }): Promise<TaskPage> {
    // An empty cursor (`?cursor=`, as generic clients send it) is the first page, as before.
    const after = page.cursor ? decodeCursor(page.cursor, kind) : undefined;
    const readers = queueQueries(kind, regions).map((query) => this.queueReader(query, after, page.limit));
    const merged = await mergeQueues(readers, page.limit, (row) => row.position);
    const last = merged.items.at(-1);
    return { items: merged.items.map((row) => row.task), nextCursor: merged.more && last ? encodeCursor(last.position) : undefined };
  }

  /** Reads one partition in index order from just after `after`, continuing from where its previous page ended. */
  private queueReader(query: QueueQuery, after: string | undefined, pageSize: number): QueueReader<{ task: HumanTask; position: string }> {
    const partitionKey = `${query.indexName}pk`;
    const sortKey = `${query.indexName}sk`;
    const districts = Object.fromEntries((query.districts ?? []).map((d, i) => [`:d${i}`, d]));
    let startKey: Record<string, unknown> | undefined;
    return async (want) => {
      const result = await this.db.send(new QueryCommand({
        TableName: this.tableName,
        IndexName: query.indexName,
        KeyConditionExpression: `${partitionKey} = :q${after === undefined ? '' : ` AND ${sortKey} > :after`}`,
        ...(query.districts ? { FilterExpression: `districtCode IN (${Object.keys(districts).join(', ')})` } : {}),
        ExpressionAttributeValues: { ':q': query.partition, ...(after === undefined ? {} : { ':after': after }), ...districts },
        // The store applies Limit before the district filter: a filtered read asks for a whole page, so that a
        // sparse district is not read a task or two per round trip.
        Limit: query.districts ? pageSize : want,
        ExclusiveStartKey: startKey,
      }));
      startKey = result.LastEvaluatedKey;
      const items = (result.Items ?? []).map((item) => ({ task: stripKeys<HumanTask>(item), position: String(item[sortKey]) }));
      return { items, done: startKey === undefined };
    };
  }
}
