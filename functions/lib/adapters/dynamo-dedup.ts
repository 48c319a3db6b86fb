import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DedupHolder, DedupRegistry } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed } from './item.ts';

export class DynamoDedupRegistry implements DedupRegistry {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async claim(key: string, holder: DedupHolder): Promise<DedupHolder | undefined> {
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.dedup(key), ...holder },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
      return undefined;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.dedup(key), ConsistentRead: true }));
    if (!Item) return this.claim(key, holder); // released between our write and read
    return { applicationId: String(Item.applicationId), reference: String(Item.reference), claimedAt: String(Item.claimedAt) };
  }

  async replace(key: string, previous: DedupHolder, next: DedupHolder): Promise<boolean> {
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.dedup(key), ...next },
        ConditionExpression: 'applicationId = :previous',
        ExpressionAttributeValues: { ':previous': previous.applicationId },
      }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
