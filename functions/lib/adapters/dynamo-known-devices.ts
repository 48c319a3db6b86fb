import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KnownDevices } from '../../../shared/ports/index.ts';
import { keys, TTL_ATTRIBUTE } from '../table-layout.ts';

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * Devices that signed in to a staff account as `DEVICE#<account>#<device>` items, each with its expiry in the TTL
 * attribute: a sign-in puts the item again, so a device in use stays known.
 */
export class DynamoKnownDevices implements KnownDevices {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async remember(account: string, device: string, until: Date): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.knownDevice(account, device), [TTL_ATTRIBUTE]: epochSeconds(until) } }));
  }

  async isKnown(account: string, device: string, now: Date): Promise<boolean> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.knownDevice(account, device) }));
    // DynamoDB's TTL removes an expired item up to days later (and the local store never): the expiry is read too.
    return Item !== undefined && Number(Item[TTL_ATTRIBUTE]) > epochSeconds(now);
  }
}
