/**
 * A store made by the version before the city index (gsi4): its table without the index, its applications without the
 * index keys or flag codes. Started as `npm start` starts (a process on the data folder), the store gets the index and
 * the migrations backfill it, so the staff search finds the old applications; a second start changes nothing; and a
 * backfill cut short (a crash mid-way, before the migration was recorded) is finished by the next start. Its staff
 * accounts, stored before the admin's list (gsi2 `STAFF`), join that list.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { keys, LOCAL_TABLE_NAME, tableKeySchema } from '../../functions/lib/table-layout.ts';
import { MIGRATIONS, type MigrationDeps } from '../../functions/lib/migrations.ts';
import { startDynamo } from '../../local/dynamo.ts';
import { newApplication, type Application } from '../../shared/domain/application.ts';
import { apiClient, type ApiResponse } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { kill, startApp, type RunningApp } from '../support/process.ts';

const running: RunningApp[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const app of running) await kill(app);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The stopped app's store, opened directly (which also gives an old store today's index, as every start does). */
async function withStore<T>(dataDir: string, fn: (deps: MigrationDeps) => Promise<T>): Promise<T> {
  const dynamo = await startDynamo({ path: join(dataDir, 'dynamodb') });
  const client = new DynamoDBClient({ endpoint: dynamo.url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    return await fn({ db: DynamoDBDocumentClient.from(client), client, tableName: LOCAL_TABLE_NAME });
  } finally {
    client.destroy();
    await dynamo.close();
  }
}

/** The previous version's table (no gsi4) holding `count` Tangerang applications as that version stored them. */
async function oldStore(count: number): Promise<{ dataDir: string; apps: Application[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jaring-migrations-'));
  dirs.push(dataDir);
  const current = tableKeySchema();
  const apps: Application[] = [];
  await withStore(dataDir, async ({ db, client }) => {
    await client.send(new CreateTableCommand({
      TableName: LOCAL_TABLE_NAME,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: current.KeySchema,
      AttributeDefinitions: current.AttributeDefinitions.filter((a) => !a.AttributeName.startsWith('gsi4')),
      GlobalSecondaryIndexes: current.GlobalSecondaryIndexes.filter((i) => i.IndexName !== 'gsi4'),
    }));
    for (let i = 0; i < count; i++) {
      const { consent: _consent, ...input } = applicationBody({ districtCode: i % 3 ? '36.71.01' : '36.71.02' });
      const created = newApplication({ ...input, consent: true } as Parameters<typeof newApplication>[0], {
        applicationId: crypto.randomUUID(), reference: `JRG-2611-OLD${String(i).padStart(2, '2')}-AAAAA`, period: '2026-11',
      }, new Date(Date.UTC(2026, 10, 1, 0, i)));
      // Final statuses, so the start resumes none of them and the store stays as the migration leaves it.
      const app: Application = {
        ...created, status: i % 2 ? 'APPROVED' : 'REJECTED',
        screening: { desil: null, priority: { score: 0, factors: [] }, flags: i % 4 ? [] : [{ code: 'HOUSEHOLD_ALREADY_APPLIED' }] },
      };
      apps.push(app);
      await db.send(new PutCommand({ TableName: LOCAL_TABLE_NAME, Item: {
        ...keys.application(app.applicationId), gsi1pk: keys.byReference(app.reference), gsi1sk: 'APP',
        gsi2pk: keys.byStatus(app.status), gsi2sk: `${app.createdAt}#${app.applicationId}`, ...app,
      } }));
    }
    // An officer the previous version recorded at a sign-in (not a seeded account, which every start syncs again),
    // stored without the staff list's index keys.
    await db.send(new PutCommand({ TableName: LOCAL_TABLE_NAME, Item: { ...keys.staff(OLD_OFFICER), username: OLD_OFFICER, roles: ['verifier'], regions: ['36.71'], disabled: false } }));
  });
  return { dataDir, apps };
}

const OLD_OFFICER = 'petugas.lama';

/** Every application item and migration record, as stored. */
const snapshot = (dataDir: string) => withStore(dataDir, async ({ db }) => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: LOCAL_TABLE_NAME, ExclusiveStartKey }));
    items.push(...(page.Items ?? []).filter((i) => i.sk === 'APP' || i.pk === 'MIGRATION'));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => `${String(a.pk)}${String(a.sk)}`.localeCompare(`${String(b.pk)}${String(b.sk)}`));
});

async function start(dataDir: string) {
  const app = await startApp(['--port', '0', '--data-dir', dataDir]);
  running.push(app);
  const api = apiClient(app.url);
  return { app, api, token: await api.login('verifikator.tangerang') };
}

/** Every username GET /api/staff lists. */
async function staffList(api: ReturnType<typeof apiClient>) {
  const r = await api.call<{ items: { username: string; roles: string[] }[] }>('GET', '/api/staff?limit=100', { token: await api.login('admin') });
  expect(r.status, r.text).toBe(200);
  return r.json.items;
}

interface SearchPage { items: { applicationId: string }[]; nextCursor: string | null; total: number }

/** Every application the staff search finds for the token's regions, and the total it reported. */
async function searchAll(api: ReturnType<typeof apiClient>, token: string, query = '') {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  do {
    const r: ApiResponse<SearchPage> = await api.call<SearchPage>('GET', `/api/applications?limit=7${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(r.status, r.text).toBe(200);
    ids.push(...r.json.items.map((i) => i.applicationId));
    total = r.json.total;
    cursor = r.json.nextCursor;
  } while (cursor);
  return { ids: ids.sort(), total };
}

describe('migrating a store made by the previous version', () => {
  it('adds the index, backfills the old applications, and a second start changes nothing', async () => {
    const { dataDir, apps } = await oldStore(20);
    const first = await start(dataDir);
    const found = await searchAll(first.api, first.token);
    expect(found).toEqual({ ids: apps.map((a) => a.applicationId).sort(), total: 20 });
    // The backfilled flag codes serve the flag filter; the district prefix the district.
    expect((await searchAll(first.api, first.token, '&flag=HOUSEHOLD_ALREADY_APPLIED')).total).toBe(apps.filter((a) => a.screening?.flags.length).length);
    expect((await searchAll(first.api, first.token, '&districtCode=36.71.02')).total).toBe(apps.filter((a) => a.address.districtCode === '36.71.02').length);
    // The old officer's account joined the admin's list (migration 2).
    expect((await staffList(first.api)).find((a) => a.username === OLD_OFFICER)).toMatchObject({ roles: ['verifier'] });
    await kill(first.app, 'SIGTERM');

    const migrated = await snapshot(dataDir);
    const index = await withStore(dataDir, async ({ client }) => (await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE_NAME }))).Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === 'gsi4'));
    expect(index?.IndexStatus).toBe('ACTIVE');
    expect(migrated.filter((i) => i.pk === 'MIGRATION').map((i) => i.sk)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(migrated.filter((i) => i.sk === 'APP').every((i) => typeof i.gsi4pk === 'string' && Array.isArray(i.flagCodes))).toBe(true);

    const second = await start(dataDir);
    expect((await searchAll(second.api, second.token)).total).toBe(20);
    expect((await staffList(second.api)).filter((a) => a.username === OLD_OFFICER)).toHaveLength(1);
    await kill(second.app, 'SIGTERM');
    expect(await snapshot(dataDir)).toEqual(migrated);
  }, 300_000);

  it('finishes a backfill that a crash cut short at the next start', async () => {
    const { dataDir, apps } = await oldStore(30);
    // The migration's up() dies after 10 of its writes (a process killed mid-way): nothing recorded.
    const crashed = await withStore(dataDir, async (deps) => {
      let writes = 0;
      const dying = { send: (command: unknown) => {
        if (command instanceof UpdateCommand && ++writes > 10) throw new Error('killed');
        return deps.db.send(command as never);
      } } as unknown as DynamoDBDocumentClient;
      await expect(MIGRATIONS[0]!.up({ ...deps, db: dying })).rejects.toThrow('killed');
      return (await deps.db.send(new ScanCommand({ TableName: LOCAL_TABLE_NAME }))).Items ?? [];
    });
    expect(crashed.filter((i) => i.sk === 'APP' && i.gsi4pk)).toHaveLength(10);
    expect(crashed.filter((i) => i.pk === 'MIGRATION')).toEqual([]);

    const next = await start(dataDir);
    expect(await searchAll(next.api, next.token)).toEqual({ ids: apps.map((a) => a.applicationId).sort(), total: 30 });
    await kill(next.app, 'SIGTERM');
    const after = await snapshot(dataDir);
    expect(after.filter((i) => i.pk === 'MIGRATION').map((i) => i.sk)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(after.filter((i) => i.sk === 'APP')).toHaveLength(30);
  }, 300_000);
});
