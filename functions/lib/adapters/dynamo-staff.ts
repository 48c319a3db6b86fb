import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StaffAccountState, StaffDirectory } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, stripKeys } from './item.ts';

const isEnabledAdmin = (account: StaffAccountState | undefined) => account !== undefined && !account.disabled && account.roles.includes('admin');

/**
 * Staff accounts (`STAFF#<username>`) and the list of enabled admins (`STAFF / ENABLED_ADMINS`). Without
 * transactions the two are kept in an order that keeps the list a subset of the enabled admin accounts: an admin is
 * taken off (conditionally, `withdrawAdmin`) before its account is disabled, and put on only after its account was
 * read back enabled. Every write to an account ends with `keepListInStep`, so a crash between the two writes heals at
 * the account's next change or sign-in.
 */
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
    const stored = stripKeys<StaffAccountState>(Attributes ?? {});
    await this.keepListInStep(stored);
    return stored;
  }

  async setAccess(username: string, access: { disabled?: boolean; tokensValidAfter?: string }): Promise<StaffAccountState | undefined> {
    // Only the fields that change: a read-modify-put would undo a concurrent change of the other field.
    const fields = Object.entries(access).filter(([, value]) => value !== undefined);
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.staff(username),
        UpdateExpression: `SET ${fields.map(([name]) => `#${name} = :${name}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(fields.map(([name]) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])),
        ReturnValues: 'ALL_NEW',
      }));
      const stored = stripKeys<StaffAccountState>(Attributes ?? {});
      await this.keepListInStep(stored);
      return stored;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async enabledAdmins(): Promise<string[]> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.enabledAdmins, ConsistentRead: true }));
    return [...((Item?.admins as Set<string> | undefined) ?? [])].sort();
  }

  async withdrawAdmin(username: string, actor: string): Promise<boolean> {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.enabledAdmins,
        UpdateExpression: 'DELETE admins :target',
        ConditionExpression: 'contains(admins, :actor)',
        ExpressionAttributeValues: { ':target': new Set([username]), ':actor': actor },
      }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Puts an enabled admin on the list, or takes anyone else off it. After putting one on, the account is read again:
   * a disable that ran meanwhile (taken off, then the account disabled) could otherwise be undone by this put.
   */
  private async keepListInStep(account: StaffAccountState): Promise<void> {
    const enabled = isEnabledAdmin(account);
    await this.changeList(enabled ? 'ADD' : 'DELETE', account.username);
    if (enabled && !isEnabledAdmin(await this.get(account.username))) await this.changeList('DELETE', account.username);
  }

  private async changeList(op: 'ADD' | 'DELETE', username: string): Promise<void> {
    await this.db.send(new UpdateCommand({
      TableName: this.tableName,
      Key: keys.enabledAdmins,
      UpdateExpression: `${op} admins :u`,
      ExpressionAttributeValues: { ':u': new Set([username]) },
    }));
  }
}
