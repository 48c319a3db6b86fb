import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MigrationLedger } from '../../../shared/use-cases/migrations.ts';
import { keys } from '../table-layout.ts';
import { putIfAbsent } from './item.ts';

/** One item per completed migration, `MIGRATION / <id>`. */
export class DynamoMigrationLedger implements MigrationLedger {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async applied(): Promise<Set<string>> {
    const ids = new Set<string>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.migration('').pk },
        ConsistentRead: true,
        ExclusiveStartKey,
      }));
      for (const item of page.Items ?? []) ids.add(String(item.sk));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return ids;
  }

  async record(id: string, description: string, at: string): Promise<void> {
    await putIfAbsent(this.db, this.tableName, { ...keys.migration(id), description, appliedAt: at });
  }
}
