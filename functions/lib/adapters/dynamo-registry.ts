import { BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Pseudonymizer } from '../../../shared/domain/hash.ts';
import type { Registry, RegistryRecord } from '../../../shared/ports/index.ts';
import type { RegistryEntry } from '../../../shared/rules/facts.ts';
import { keys } from '../table-layout.ts';

const BATCH = 25;

/** Registry entries keyed by a pseudonym of the NIK: screening can look a person up, a table dump names nobody. */
export class DynamoRegistry implements Registry {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string, private readonly pseudonyms: Pseudonymizer) {}

  async lookup(nik: string): Promise<RegistryEntry | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.registry(await this.pseudonyms.pseudonym(`registry|${nik}`)) }));
    return Item ? { desil: Number(Item.desil), districtCode: String(Item.districtCode) } : undefined;
  }

  async save(entries: readonly RegistryRecord[]): Promise<void> {
    for (let i = 0; i < entries.length; i += BATCH) {
      const items = await Promise.all(entries.slice(i, i + BATCH).map(async (e) => ({
        PutRequest: { Item: { ...keys.registry(await this.pseudonyms.pseudonym(`registry|${e.nik}`)), desil: e.desil, districtCode: e.districtCode } },
      })));
      let unprocessed: Record<string, typeof items> | undefined = { [this.tableName]: items };
      // BatchWrite may hand back items under load; keep sending them until none are left.
      for (let attempt = 0; unprocessed && Object.keys(unprocessed).length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const result = await this.db.send(new BatchWriteCommand({ RequestItems: unprocessed }));
        unprocessed = result.UnprocessedItems as typeof unprocessed;
      }
    }
  }
}
