import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StaffAccountState, StaffDirectory } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { stripKeys } from './item.ts';

export class DynamoStaffDirectory implements StaffDirectory {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async get(username: string): Promise<StaffAccountState | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.staff(username), ConsistentRead: true }));
    return Item ? stripKeys<StaffAccountState>(Item) : undefined;
  }

  async sync(account: Pick<StaffAccountState, 'username' | 'roles' | 'regions'>): Promise<StaffAccountState> {
    const { Attributes } = await this.db.send(new UpdateCommand({
      TableName: this.tableName,
      Key: keys.staff(account.username),
      UpdateExpression: 'SET username = :u, #roles = :roles, regions = :regions, disabled = if_not_exists(disabled, :no)',
      ExpressionAttributeNames: { '#roles': 'roles' },
      ExpressionAttributeValues: { ':u': account.username, ':roles': account.roles, ':regions': account.regions, ':no': false },
      ReturnValues: 'ALL_NEW',
    }));
    return stripKeys<StaffAccountState>(Attributes ?? {});
  }

  async save(account: StaffAccountState): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.staff(account.username), ...account } }));
  }
}
