import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { versionOf, type Program } from '../../../shared/domain/programs.ts';
import type { ProgramCatalogue } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, putIfAbsent, stripKeys } from './item.ts';

/**
 * Programmes as versions: every published version is an item written once (PROGRAMVERSION#<id>), and the current one
 * is a copy under PROGRAM, moved forward one version at a time by a conditional write. Publishing writes the version
 * first, so a crash between the two writes leaves a version that the next publish of that programme makes current.
 */
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
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.programPartition, sk: programId }, ConsistentRead: true }));
    return Item ? stripKeys<Program>(Item) : undefined;
  }

  async version(programId: string, version: number): Promise<Program | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.programVersion(programId, version), ConsistentRead: true }));
    if (Item) return stripKeys<Program>(Item);
    // Stored before versions: version 1 is the current item itself, until an edit publishes version 2.
    const current = await this.get(programId);
    return current && versionOf(current) === version ? current : undefined;
  }

  async versions(programId: string): Promise<Program[]> {
    const { Items } = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.programVersion(programId, 0).pk },
      ConsistentRead: true,
    }));
    return (Items ?? []).map((i) => stripKeys<Program>(i));
  }

  async publish(program: Program): Promise<boolean> {
    const version = versionOf(program);
    // A programme stored before versions has no item for its version 1, which its applications still name: kept
    // before anything replaces it (written once; a no-op for every programme published as versions).
    const current = version > 1 ? await this.get(program.id) : undefined;
    if (current && versionOf(current) === version - 1) {
      await putIfAbsent(this.db, this.tableName, { ...keys.programVersion(program.id, version - 1), ...current, version: version - 1 });
    }
    const ours = await putIfAbsent(this.db, this.tableName, { ...keys.programVersion(program.id, version), ...program, version });
    // A version another edit wrote and then crashed before making current is made current first (it came first).
    const published = ours ? { ...program, version } : await this.version(program.id, version);
    if (!published) throw new Error(`Programme ${program.id} version ${version} is neither written nor readable`);
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.programPartition, sk: program.id, ...published },
        ConditionExpression: version === 1 ? 'attribute_not_exists(pk)' : version === 2 ? '#v = :before OR attribute_not_exists(#v)' : '#v = :before',
        ...(version > 1 && { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':before': version - 1 } }),
      }));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // Already current (this publish ran before and crashed after), or another version moved in first.
      return ours && versionOf((await this.get(program.id)) ?? {}) === version;
    }
    return ours;
  }
}

/**
 * Keeps programmes read by id for a short while: intake and screening read one on every application, and a
 * programme changes a few times a year. An edit reaches every instance within `ttlMs`; unknown ids are not kept.
 * Versions never change, so they are kept for as long as the instance lives.
 */
export class CachedProgramCatalogue implements ProgramCatalogue {
  private readonly cache = new Map<string, { program: Program; until: number }>();
  private readonly published = new Map<string, Program>();

  constructor(private readonly inner: ProgramCatalogue, private readonly ttlMs = 30_000, private readonly now: () => number = Date.now) {}

  list(): Promise<Program[]> {
    return this.inner.list();
  }

  versions(programId: string): Promise<Program[]> {
    return this.inner.versions(programId);
  }

  async publish(program: Program): Promise<boolean> {
    const done = await this.inner.publish(program);
    this.cache.delete(program.id);
    return done;
  }

  async version(programId: string, version: number): Promise<Program | undefined> {
    const key = `${programId}|${version}`;
    const hit = this.published.get(key);
    if (hit) return hit;
    const program = await this.inner.version(programId, version);
    if (program) this.published.set(key, program);
    return program;
  }

  async get(programId: string): Promise<Program | undefined> {
    const hit = this.cache.get(programId);
    if (hit && hit.until > this.now()) return hit.program;
    const program = await this.inner.get(programId);
    if (program) this.cache.set(programId, { program, until: this.now() + this.ttlMs });
    return program;
  }
}
