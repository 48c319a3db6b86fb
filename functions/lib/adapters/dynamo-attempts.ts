import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AttemptLedger, AttemptWindow } from '../../../shared/ports/index.ts';
import { keys, TTL_ATTRIBUTE } from '../table-layout.ts';
import { isConditionalCheckFailed } from './item.ts';

/**
 * Attempts per key and window as `RATE#<key>#<window>` counters, the items the per-client limit counts in: taking
 * one is an `ADD` conditional on the count being below the limit, so however many arrive at once, at most `limit`
 * are let through in a window.
 */
export class DynamoAttemptLedger implements AttemptLedger {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async take(key: string, window: AttemptWindow, limit: number): Promise<number | undefined> {
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.rateWindow(key, window.index),
        UpdateExpression: 'ADD hits :one SET #ttl = :expires',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': (window.index + 2) * window.seconds },
        ReturnValues: 'UPDATED_NEW',
      }));
      return Number(Attributes?.hits);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async giveBack(key: string, window: AttemptWindow): Promise<void> {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.rateWindow(key, window.index),
        UpdateExpression: 'ADD hits :minusOne',
        // Never below zero, and never an item of its own: what is given back was taken.
        ConditionExpression: 'hits > :zero',
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      }));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
