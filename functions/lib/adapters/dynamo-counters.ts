import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HouseholdIndex, QuotaLedger, RateLimiter } from '../../../shared/ports/index.ts';
import { keys, TTL_ATTRIBUTE } from '../table-layout.ts';
import { isConditionalCheckFailed } from './item.ts';

/**
 * A quota is a counter item plus one marker item per application that holds a place. The counter's increment
 * is conditional on the limit, so concurrent claims never overshoot; the marker makes a claim repeatable (a
 * screening run again does not take a second place). Each step is one conditional single-item write, in an
 * order where a crash between two can cost a place but never grant one too many.
 */
export class DynamoQuotaLedger implements QuotaLedger {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async claim(key: string, applicationId: string, limit: number): Promise<boolean> {
    const marker = keys.quotaHolder(key, applicationId);
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: marker, ConsistentRead: true }));
    if (Item) return true;
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.quota(key),
        UpdateExpression: 'ADD used :one',
        ConditionExpression: 'attribute_not_exists(used) OR used < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': limit },
      }));
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...marker, applicationId }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      await this.addUsed(key, -1); // the same application claimed twice at once: it holds one place
    }
    return true;
  }

  async release(key: string, applicationId: string): Promise<void> {
    try {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.quotaHolder(key, applicationId), ConditionExpression: 'attribute_exists(pk)' }));
    } catch (error) {
      if (isConditionalCheckFailed(error)) return; // held no place (or gave it back already)
      throw error;
    }
    await this.addUsed(key, -1);
  }

  private async addUsed(key: string, delta: number): Promise<void> {
    await this.db.send(new UpdateCommand({
      TableName: this.tableName, Key: keys.quota(key), UpdateExpression: 'ADD used :delta', ExpressionAttributeValues: { ':delta': delta },
    }));
  }
}

export class DynamoHouseholdIndex implements HouseholdIndex {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async register(key: string, applicationId: string): Promise<string[]> {
    const { Attributes } = await this.db.send(new UpdateCommand({
      TableName: this.tableName,
      Key: keys.household(key),
      UpdateExpression: 'ADD applicationIds :app',
      ExpressionAttributeValues: { ':app': new Set([applicationId]) },
      ReturnValues: 'ALL_NEW',
    }));
    const ids = Attributes?.applicationIds as Set<string> | undefined;
    return [...(ids ?? [])].filter((id) => id !== applicationId).sort();
  }
}

/** Fixed windows: one counter item per key and window; `expiresAt` lets DynamoDB TTL sweep old windows on AWS. */
export class DynamoRateLimiter implements RateLimiter {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string, private readonly now: () => number = Date.now) {}

  async hit(key: string, limit: number, windowSeconds: number) {
    const nowSeconds = Math.floor(this.now() / 1000);
    const window = Math.floor(nowSeconds / windowSeconds);
    const { Attributes } = await this.db.send(new UpdateCommand({
      TableName: this.tableName,
      Key: keys.rateWindow(key, window),
      UpdateExpression: 'ADD hits :one SET #ttl = :expires',
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':one': 1, ':expires': (window + 2) * windowSeconds },
      ReturnValues: 'UPDATED_NEW',
    }));
    const hits = Number(Attributes?.hits ?? 1);
    return { allowed: hits <= limit, retryAfterSeconds: (window + 1) * windowSeconds - nowSeconds };
  }
}
