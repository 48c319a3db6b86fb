import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StaffAccountState, StaffDirectory } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { stripKeys } from './item.ts';

export class DynamoStaffDirectory implements StaffDirectory {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async get(username: string): Promise<StaffAccountState | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.staff(username), ConsistentRead: true }));
    return Item ? stripKeys<StaffAccountState>(Item) : undefined;
  }

  async save(account: StaffAccountState): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.staff(account.username), ...account } }));
  }
}
