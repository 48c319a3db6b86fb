import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AttemptOutcome, Outbox, OutboxMessage, OutboxStatus } from '../../../shared/ports/notifications.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, putIfAbsent, queryPage, stripKeys } from './item.ts';

/** The message's places in the indexes: its status (gsi1, the staff's list, newest first) and, while PENDING, when it is due (gsi2). */
const statusIndex = (status: OutboxStatus, m: Pick<OutboxMessage, 'createdAt' | 'messageId'>) => ({ gsi1pk: keys.outboxByStatus(status), gsi1sk: `${m.createdAt}#${m.messageId}` });
const dueIndex = (dueAt: string, messageId: string) => ({ gsi2pk: keys.outboxDue, gsi2sk: `${dueAt}#${messageId}` });

/**
 * The outbox (`OUTBOX#<messageId>`): a conditional put per message, then one conditional update per attempt (the
 * claim) and per outcome. Every update is conditional on the attempt it belongs to, so a worker whose lease ran out
 * cannot overwrite what the worker that took the message over recorded.
 */
export class DynamoOutbox implements Outbox {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  enqueue(message: OutboxMessage): Promise<boolean> {
    return putIfAbsent(this.db, this.tableName, {
      ...keys.outboxMessage(message.messageId), ...message,
      ...statusIndex(message.status, message), ...dueIndex(message.dueAt, message.messageId),
    });
  }

  async get(messageId: string): Promise<OutboxMessage | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.outboxMessage(messageId), ConsistentRead: true }));
    return Item ? stripKeys<OutboxMessage>(Item) : undefined;
  }

  async due(now: string, limit: number): Promise<OutboxMessage[]> {
    // The index's sort key begins with dueAt: everything up to `now`, then the highest character after it.
    const { Items } = await this.db.send(new QueryCommand({
      TableName: this.tableName, IndexName: 'gsi2', Limit: limit,
      KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':due': keys.outboxDue, ':now': `${now}#\uffff` },
    }));
    return (Items ?? []).map((i) => stripKeys<OutboxMessage>(i));
  }

  claim(messageId: string, attempts: number, leaseUntil: string): Promise<OutboxMessage | undefined> {
    return this.update(messageId, attempts, {
      UpdateExpression: 'SET attempts = :next, dueAt = :lease, gsi2sk = :sk',
      ExpressionAttributeValues: { ':next': attempts + 1, ':lease': leaseUntil, ':sk': dueIndex(leaseUntil, messageId).gsi2sk },
    });
  }

  async settle(messageId: string, attempt: number, outcome: AttemptOutcome): Promise<boolean> {
    const current = await this.get(messageId);
    if (!current) return false;
    const fields: Record<string, unknown> = outcome.status === 'SENT'
      ? { status: 'SENT', sentAt: outcome.at, providerMessageId: outcome.providerMessageId, ...statusIndex('SENT', current) }
      : outcome.status === 'DEAD'
        ? { status: 'DEAD', deadAt: outcome.at, lastError: outcome.error, ...statusIndex('DEAD', current) }
        : { dueAt: outcome.dueAt, lastError: outcome.error, ...dueIndex(outcome.dueAt, messageId) };
    const names = Object.keys(fields);
    // A settled message leaves the due index: nobody claims it again.
    const remove = outcome.status === 'PENDING' ? '' : ' REMOVE gsi2pk, gsi2sk';
    return (await this.update(messageId, attempt, {
      UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}${remove}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
      ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
    })) !== undefined;
  }

  list(status: OutboxStatus, page: { cursor?: string; limit: number }) {
    return queryPage<OutboxMessage>(this.db, {
      TableName: this.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :status',
      ExpressionAttributeValues: { ':status': keys.outboxByStatus(status) }, ScanIndexForward: false,
    }, page);
  }

  /** An update conditional on the message being PENDING at `attempts`; the message after it, or undefined. */
  private async update(messageId: string, attempts: number, change: { UpdateExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> }) {
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outboxMessage(messageId),
        ...change,
        ConditionExpression: '#st = :pending AND attempts = :attempts',
        ExpressionAttributeNames: { ...change.ExpressionAttributeNames, '#st': 'status' },
        ExpressionAttributeValues: { ...change.ExpressionAttributeValues, ':pending': 'PENDING', ':attempts': attempts },
        ReturnValues: 'ALL_NEW',
      }));
      return Attributes ? stripKeys<OutboxMessage>(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }
}
