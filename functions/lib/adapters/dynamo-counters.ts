import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HouseholdIndex, QuotaLedger, RateLimiter } from '../../../shared/ports/index.ts';
import { keys, TTL_ATTRIBUTE } from '../table-layout.ts';
import { isConditionalCheckFailed } from './item.ts';

/**
 * A quota's places are a string set of application ids on one item. Adding to a set is idempotent (a re-run
 * screening takes no second place) and the size check sits in the same conditional write, so concurrent
 * claims can never overshoot the limit.
 */
export class DynamoQuotaLedger implements QuotaLedger {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async claim(key: string, applicationId: string, limit: number): Promise<boolean> {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.quota(key),
        UpdateExpression: 'ADD holders :app',
        ConditionExpression: 'attribute_not_exists(holders) OR contains(holders, :id) OR size(holders) < :limit',
        ExpressionAttributeValues: { ':app': new Set([applicationId]), ':id': applicationId, ':limit': limit },
      }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async release(key: string, applicationId: string): Promise<void> {
    await this.db.send(new UpdateCommand({
      TableName: this.tableName,
      Key: keys.quota(key),
      UpdateExpression: 'DELETE holders :app',
      ExpressionAttributeValues: { ':app': new Set([applicationId]) },
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
