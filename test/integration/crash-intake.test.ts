/**
 * SIGKILL the real app while a burst of submissions is in flight, at many moments (during intake, during
 * screening right after the last answer), restart it on the same data each time, and check what the issue asks:
 * - every stored application reaches its screening outcome within seconds of the first restart, and each one
 *   waiting for verification has its task in the queue staff see;
 * - each district's places taken are exactly the applications holding one (none lost, none overshot).
 * Each round uses its own district of a programme whose quota (40) is smaller than the burst (100).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { apiClient, type QueuedTask } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { kill, startApp, type RunningApp } from '../support/process.ts';

const BURST = 100;
const QUOTA = 40; // pelatihan's places per district
const SETTLE_MS = 20_000;
const SETTLED = new Set(['PENDING_VERIFICATION', 'REJECTED']);

/** When to kill: after the n-th answer of the burst, or some milliseconds after its last answer (screening). */
type KillMoment = { afterAnswers: number } | { msAfterBurst: number };
const KILL_MOMENTS: KillMoment[] = [
  { afterAnswers: 1 }, { afterAnswers: 15 }, { afterAnswers: 40 }, { afterAnswers: 70 },
  { msAfterBurst: 0 }, { msAfterBurst: 60 }, { msAfterBurst: 200 },
];

const running: RunningApp[] = [];
let dataDir = '';
afterAll(async () => {
  for (const app of running) await kill(app);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

type Item = Record<string, unknown> & { pk: string; sk: string };

/** The applications and quotas in the running app's store (its address is recorded under the data folder). */
async function scanStore(): Promise<Item[]> {
  const { dynamodb } = JSON.parse(await readFile(join(dataDir, 'endpoints.json'), 'utf8')) as { dynamodb: string };
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamodb, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({
      TableName: LOCAL_TABLE_NAME,
      FilterExpression: 'sk = :app OR sk = :quota',
      ProjectionExpression: 'pk, sk, applicationId, #status, address, holders',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':app': 'APP', ':quota': 'QUOTA' },
      ExclusiveStartKey,
    }));
    items.push(...((page.Items ?? []) as Item[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  client.destroy();
  return items;
}

async function start(): Promise<RunningApp> {
  const app = await startApp(['--port', '0', '--data-dir', dataDir]);
  running.push(app);
  return app;
}

/** Fires the burst and kills the app at the given moment; returns the ids answered 201 before the kill. */
async function burstAndKill(app: RunningApp, districtCode: string, moment: KillMoment): Promise<string[]> {
  const api = apiClient(app.url);
  const accepted: string[] = [];
  let answers = 0;
  let killing: Promise<void> | undefined;
  const killNow = () => (killing ??= kill(app));
  const requests = Array.from({ length: BURST }, async () => {
    const r = await api.call<{ applicationId: string }>('POST', '/api/applications', {
      body: applicationBody({ programId: 'pelatihan', districtCode }),
    }).catch(() => undefined); // cut by the kill
    if (killing) return;
    answers++;
    if (r?.status === 201) accepted.push(r.json.applicationId);
    else if (r) throw new Error(`submission answered ${r.status}: ${r.text}`);
    if ('afterAnswers' in moment && answers >= moment.afterAnswers) void killNow();
  });
  await Promise.all(requests);
  if ('msAfterBurst' in moment) await new Promise((r) => setTimeout(r, moment.msAfterBurst));
  await killNow();
  return accepted;
}

describe('SIGKILL during a burst of submissions', () => {
  it('strands no accepted application and leaks no quota place, whatever the moment of the kill', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jaring-crash-'));
    let app = await start();
    const acceptedEver = new Set<string>();

    for (const [round, moment] of KILL_MOMENTS.entries()) {
      const districtCode = `36.71.${String(round + 1).padStart(2, '0')}`;
      for (const id of await burstAndKill(app, districtCode, moment)) acceptedEver.add(id);

      app = await start();
      const api = apiClient(app.url);
      const restartedAt = Date.now();
      const admin = await api.login('admin');
      let unsettled: unknown[] = [];
      const items = await api.until(`round ${round} (${JSON.stringify(moment)}): every application settled`, async () => {
        const all = await scanStore();
        unsettled = all.filter((i) => i.sk === 'APP' && !SETTLED.has(String(i.status))).map((a) => ({ id: a.applicationId, status: a.status, gsi2pk: a.gsi2pk }));
        return unsettled.length === 0 && all;
      }, SETTLE_MS).catch((error: Error) => {
        throw new Error(`${error.message}; unsettled: ${JSON.stringify(unsettled)}\n${app.output().slice(-3000)}`);
      });
      const apps = items.filter((i) => i.sk === 'APP');
      for (const id of acceptedEver) expect(apps.some((a) => a.applicationId === id), `accepted ${id} is stored`).toBe(true);
      expect(Date.now() - restartedAt).toBeLessThan(SETTLE_MS);

      // Each application waiting for verification is in the queue staff work from.
      const waiting = apps.filter((a) => a.status === 'PENDING_VERIFICATION').map((a) => String(a.applicationId));
      const queued = await api.until('every waiting application has its task listed', async () => {
        const listed = await listQueue(api, admin);
        return waiting.every((id) => listed.has(id)) && listed;
      }, SETTLE_MS);
      expect(queued.size).toBe(waiting.length);

      // Quotas: per district, the places taken are exactly the applications holding one, and no more than the quota.
      for (let d = 0; d <= round; d++) {
        const district = `36.71.${String(d + 1).padStart(2, '0')}`;
        const quota = items.find((i) => i.pk.startsWith('QUOTA#pelatihan|') && i.pk.endsWith(`|${district}`) && i.sk === 'QUOTA');
        const holders = [...((quota?.holders as Set<string> | undefined) ?? [])].sort();
        const holding = apps.filter((a) => (a.address as { districtCode: string }).districtCode === district && a.status === 'PENDING_VERIFICATION')
          .map((a) => String(a.applicationId)).sort();
        const inDistrict = apps.filter((a) => (a.address as { districtCode: string }).districtCode === district).length;
        expect(holders, `places taken in ${district}`).toEqual(holding);
        expect(holders.length, `places taken in ${district}`).toBe(Math.min(QUOTA, inDistrict));
      }
    }
  }, 300_000);
});

/** The application ids of the admin's whole verification queue, page by page. */
async function listQueue(api: ReturnType<typeof apiClient>, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const r = await api.call<{ items: QueuedTask[]; nextCursor?: string }>('GET', `/api/tasks?kind=verification&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(r.status).toBe(200);
    for (const t of r.json.items) ids.add(t.applicationId);
    cursor = r.json.nextCursor;
  } while (cursor);
  return ids;
}
