import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Pseudonymizer } from '../../../shared/domain/hash.ts';
import type { Registry, RegistryRecord } from '../../../shared/ports/index.ts';
import type { RegistryEntry } from '../../../shared/rules/facts.ts';
import { keys } from '../table-layout.ts';
import { putAll } from './item.ts';

/** Registry entries keyed by a pseudonym of the NIK: screening can look a person up, a table dump names nobody. */
export class DynamoRegistry implements Registry {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string, private readonly pseudonyms: Pseudonymizer) {}

  async lookup(nik: string): Promise<RegistryEntry | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.registry(await this.pseudonyms.pseudonym(`registry|${nik}`)) }));
    return Item ? { desil: Number(Item.desil), districtCode: String(Item.districtCode) } : undefined;
  }

  async save(entries: readonly RegistryRecord[]): Promise<void> {
    const items = await Promise.all(entries.map(async (e) => ({
      ...keys.registry(await this.pseudonyms.pseudonym(`registry|${e.nik}`)), desil: e.desil, districtCode: e.districtCode,
    })));
    await putAll(this.db, this.tableName, items);
  }
}
