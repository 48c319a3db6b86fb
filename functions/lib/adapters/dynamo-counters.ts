import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAX_QUOTA_PER_DISTRICT } from '../../../shared/domain/programs.ts';
import type { HouseholdIndex, QuotaLedger, RateLimiter } from '../../../shared/ports/index.ts';
import { keys, TTL_ATTRIBUTE } from '../table-layout.ts';
import { getAll, isConditionalCheckFailed } from './item.ts';

/**
 * A district's places for one programme and period are one item: the set of applications holding a place. A claim
 * adds the application to the set only while the set is smaller than the quota (or already holds it), a release
 * removes it; each is one conditional single-item write, so the places taken always equal the holders, whatever
 * moment a crash comes at, and repeating either changes nothing. The workflow claims before it moves an application
 * on and releases before it rejects one, so a step cut short by a crash converges when it runs again.
 *
 * One item holds at most MAX_QUOTA_PER_DISTRICT ids (about 37 bytes each, well under DynamoDB's 400 KB item limit).
 */
export class DynamoQuotaLedger implements QuotaLedger {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async claim(key: string, applicationId: string, limit: number): Promise<boolean> {
    if (limit > MAX_QUOTA_PER_DISTRICT) throw new Error(`A quota of ${limit} places is above the ${MAX_QUOTA_PER_DISTRICT} one item holds`);
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.quota(key),
        UpdateExpression: 'ADD holders :holder',
        ConditionExpression: 'attribute_not_exists(holders) OR size(holders) < :limit OR contains(holders, :id)',
        ExpressionAttributeValues: { ':holder': new Set([applicationId]), ':limit': limit, ':id': applicationId },
      }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async release(key: string, applicationId: string): Promise<void> {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.quota(key),
        UpdateExpression: 'DELETE holders :holder',
        // Conditional, so an application that held no place (or gave it back already) writes nothing.
        ConditionExpression: 'contains(holders, :id)',
        ExpressionAttributeValues: { ':holder': new Set([applicationId]), ':id': applicationId },
      }));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async taken(quotaKeys: readonly string[]): Promise<Map<string, number>> {
    const items = await getAll(this.db, this.tableName, quotaKeys.map((key) => keys.quota(key)));
    const holders = new Map(items.map((item) => [String(item.pk), item.holders instanceof Set ? item.holders.size : 0]));
    return new Map(quotaKeys.map((key) => [key, holders.get(keys.quota(key).pk) ?? 0]));
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
