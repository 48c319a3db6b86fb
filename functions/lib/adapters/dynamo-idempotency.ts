import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyStore, KeyedRequest } from '../../../shared/ports/idempotency.ts';
import { keys, TTL_ATTRIBUTE } from '../table-layout.ts';
import { isConditionalCheckFailed } from './item.ts';

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * Idempotency keys as `IDEMPOTENCY#<key>` items of the one table, each its own partition (no hot key), expiring by the
 * TTL attribute. DynamoDB's TTL removes an item up to days late and the local store never, so an expired item is
 * treated as absent by every read and by the claim's condition. Every change after the claim is conditional on the
 * attempt holding the key.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async claim(key: string, request: KeyedRequest, expiresAt: Date, now: Date): Promise<KeyedRequest | undefined> {
    for (;;) {
      try {
        await this.db.send(new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.idempotency(key), ...request, [TTL_ATTRIBUTE]: epochSeconds(expiresAt) },
          ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now',
          ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': epochSeconds(now) },
        }));
        return undefined;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      const existing = await this.get(key, now);
      if (existing) return existing;
      // Forgotten between the write and the read: claim again.
    }
  }

  async get(key: string, now: Date): Promise<KeyedRequest | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.idempotency(key), ConsistentRead: true }));
    if (!Item || Number(Item[TTL_ATTRIBUTE]) < epochSeconds(now)) return undefined;
    const { fingerprint, reserved, attempt, leaseUntil, outcome } = Item;
    return { fingerprint, reserved, attempt, leaseUntil, ...(outcome === undefined ? {} : { outcome }) } as KeyedRequest;
  }

  takeOver(key: string, from: string, to: Pick<KeyedRequest, 'attempt' | 'leaseUntil'>): Promise<boolean> {
    return this.#held(key, from, 'SET attempt = :to, leaseUntil = :lease', { ':to': to.attempt, ':lease': to.leaseUntil });
  }

  async complete(key: string, attempt: string, outcome: unknown): Promise<void> {
    await this.#held(key, attempt, 'SET outcome = :outcome', { ':outcome': outcome });
  }

  async forget(key: string, attempt: string): Promise<void> {
    try {
      await this.db.send(new DeleteCommand({
        TableName: this.tableName,
        Key: keys.idempotency(key),
        ConditionExpression: 'attempt = :me AND attribute_not_exists(outcome)',
        ExpressionAttributeValues: { ':me': attempt },
      }));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async endLease(key: string, attempt: string, now: Date): Promise<void> {
    await this.#held(key, attempt, 'SET leaseUntil = :now', { ':now': now.toISOString() });
  }

  /** An update while `attempt` holds the unfinished key; false when another attempt took it over or it is done. */
  async #held(key: string, attempt: string, update: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(key),
        UpdateExpression: update,
        ConditionExpression: 'attempt = :me AND attribute_not_exists(outcome)',
        ExpressionAttributeValues: { ':me': attempt, ...values },
      }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
