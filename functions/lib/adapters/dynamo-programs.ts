import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Program } from '../../../shared/domain/programs.ts';
import type { ProgramCatalogue } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { putAll, stripKeys } from './item.ts';

export class DynamoProgramCatalogue implements ProgramCatalogue {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async list(): Promise<Program[]> {
    const { Items } = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.programPartition },
    }));
    return (Items ?? []).map((i) => stripKeys<Program>(i));
  }

  async get(programId: string): Promise<Program | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.programPartition, sk: programId } }));
    return Item ? stripKeys<Program>(Item) : undefined;
  }

  /** Writes the given programmes (idempotent: same id, same item). */
  async save(programs: readonly Program[]): Promise<void> {
    await putAll(this.db, this.tableName, programs.map((p) => ({ pk: keys.programPartition, sk: p.id, ...p })));
  }
}

/**
 * Keeps programmes read by id for a short while: intake and screening read one on every application, and a
 * programme changes a few times a year. An edit reaches every instance within `ttlMs`; unknown ids are not kept.
 */
export class CachedProgramCatalogue implements ProgramCatalogue {
  private readonly cache = new Map<string, { program: Program; until: number }>();

  constructor(private readonly inner: ProgramCatalogue, private readonly ttlMs = 30_000, private readonly now: () => number = Date.now) {}

  list(): Promise<Program[]> {
    return this.inner.list();
  }

  save(programs: readonly Program[]): Promise<void> {
    return this.inner.save(programs);
  }

  async get(programId: string): Promise<Program | undefined> {
    const hit = this.cache.get(programId);
    if (hit && hit.until > this.now()) return hit.program;
    const program = await this.inner.get(programId);
    if (program) this.cache.set(programId, { program, until: this.now() + this.ttlMs });
    return program;
  }
}
