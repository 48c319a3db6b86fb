import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PayoutPageStore, SnapshotPage } from '../../../shared/ports/payouts.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, stripKeys } from './item.ts';

/**
 * Snapshot pages live on their batch's partition (`PAYOUT#<id> / PAGE#<n>`), so the totals are one consistent query
 * of the partition, never an index that may lag the writes. A page holds at most PAYOUT_PAGE ids (~40 KB).
 */
export class DynamoPayoutPageStore implements PayoutPageStore {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async putPage(page: SnapshotPage, next: { cursor?: string }): Promise<void> {
    // A copy left by a crash before the batch moved on is replaced: the page is read again from the same cursor.
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.snapshotPage(page.batchId, page.page), ...page } }));
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName, Key: keys.payoutBatch(page.batchId),
        UpdateExpression: 'SET #snapshot = :snapshot',
        ConditionExpression: page.page === 1 ? 'attribute_not_exists(#snapshot)' : '#snapshot.pages = :previous',
        ExpressionAttributeNames: { '#snapshot': 'snapshot' },
        ExpressionAttributeValues: {
          ':snapshot': { pages: page.page, done: next.cursor === undefined, ...(next.cursor ? { cursor: next.cursor } : {}) },
          ...(page.page === 1 ? {} : { ':previous': page.page - 1 }),
        },
      }));
    } catch (error) {
      // Another run of the step stored this page first and moved on: nothing to do.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async getPage(batchId: string, page: number): Promise<SnapshotPage | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.snapshotPage(batchId, page), ConsistentRead: true }));
    return Item ? stripKeys<SnapshotPage>(Item) : undefined;
  }

  async recordClaimed(batchId: string, page: number, claimed: NonNullable<SnapshotPage['claimed']>): Promise<void> {
    await this.db.send(new UpdateCommand({
      TableName: this.tableName, Key: keys.snapshotPage(batchId, page), UpdateExpression: 'SET claimed = :claimed',
      ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':claimed': claimed },
    }));
  }

  async claimedTotals(batchId: string) {
    const totals = { pages: 0, count: 0, amount: 0, heldElsewhere: 0 };
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const result = await this.db.send(new QueryCommand({
        TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :page)',
        ProjectionExpression: 'sk, #claimed.#count, #claimed.#amount, #claimed.heldElsewhere', ExpressionAttributeNames: { '#claimed': 'claimed', '#count': 'count', '#amount': 'amount' },
        ExpressionAttributeValues: { ':pk': keys.payoutBatch(batchId).pk, ':page': keys.snapshotPagePrefix },
      }));
      for (const item of result.Items ?? []) {
        const claimed = item.claimed as { count: number; amount: number; heldElsewhere?: number } | undefined;
        if (!claimed) continue;
        totals.pages++;
        totals.count += claimed.count;
        totals.amount += claimed.amount;
        totals.heldElsewhere += claimed.heldElsewhere ?? 0;
      }
      ExclusiveStartKey = result.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return totals;
  }

  async markDisbursed(batchId: string, page: number, count: number, at: string): Promise<void> {
    try {
      // One write: the page joins the disbursed set and its count the progress, or neither (a page reported again).
      await this.db.send(new UpdateCommand({
        TableName: this.tableName, Key: keys.payoutBatch(batchId),
        UpdateExpression: 'ADD disbursedPages :page, #progress.#done :count SET updatedAt = :at',
        ConditionExpression: 'NOT contains(disbursedPages, :n)',
        ExpressionAttributeNames: { '#progress': 'progress', '#done': 'done' },
        ExpressionAttributeValues: { ':page': new Set([page]), ':n': page, ':count': count, ':at': at },
      }));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
