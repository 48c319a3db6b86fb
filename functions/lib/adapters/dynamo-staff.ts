import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StaffAccountState, StaffDirectory } from '../../../shared/ports/staff-directory.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, queryPage, stripKeys } from './item.ts';

/** The account's place in the admin's list (gsi2), by username. */
export const staffIndexAttributes = (username: string) => ({ gsi2pk: keys.staffDirectory, gsi2sk: username });

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
      UpdateExpression: 'SET username = :u, #roles = :roles, regions = :regions, disabled = if_not_exists(disabled, :no), gsi2pk = :ipk, gsi2sk = :u',
      ExpressionAttributeNames: { '#roles': 'roles' },
      ExpressionAttributeValues: { ':u': account.username, ':roles': account.roles, ':regions': account.regions, ':no': false, ':ipk': keys.staffDirectory },
      ReturnValues: 'ALL_NEW',
    }));
    const stored = stripKeys<StaffAccountState>(Attributes ?? {});
    await this.keepListInStep(stored);
    return stored;
  }

  async setAccess(username: string, access: { disabled?: boolean; tokensValidAfter?: string }): Promise<StaffAccountState | undefined> {
    // Only the fields that change: a read-modify-put would undo a concurrent change of the other field.
    // The index keys too, so an account stored before the list joins it at its first change.
    const fields = Object.entries({ ...access, ...staffIndexAttributes(username) }).filter(([, value]) => value !== undefined);
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

  list(page: { cursor?: string; limit: number }) {
    return queryPage<StaffAccountState>(this.db, {
      TableName: this.tableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :staff',
      ExpressionAttributeValues: { ':staff': keys.staffDirectory },
    }, page);
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
