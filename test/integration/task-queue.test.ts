/**
 * One task queue across all of an officer's regions, over real HTTP against the local stack: an officer holding
 * two districts of Kota Tangerang, the whole of Kota Kupang and one district of Kota Palembang pages through one
 * queue, highest priority first across all of them (not one region after another), with nothing skipped or
 * repeated whatever the page size; tasks decided or arriving between pages do not upset the cursor; forged
 * cursors are refused; single-region officers page as before.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import type { StaffAccount } from '../../local/staff-accounts.ts';
import { coversDistrict } from '../../shared/domain/staff.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { signInOfficer } from '../support/officers.ts';

interface TaskItem { taskId: string; applicationId: string; districtCode: string; priority: number; createdAt: string }
interface Page { items: TaskItem[]; nextCursor: string | null }

const OFFICER: StaffAccount = { username: 'verifikator.lintas', roles: ['verifier'], regions: ['36.71.02', '36.71.03', '53.71', '16.71.13'] };
const inScope = (account: StaffAccount, districtCode: string) => coversDistrict(account, districtCode);

/** Households whose circumstances give these priority scores (unregistered applicants: no desil points). */
const HOUSEHOLDS = {
  0: {},
  5: { children: 1 },
  15: { femaleHeaded: true },
  30: { disabled: 2 },
  45: { disabled: 1, elderly: 1, children: 4 },
  85: { elderly: 2, disabled: 2, children: 4, femaleHeaded: true },
} as const;
type Score = keyof typeof HOUSEHOLDS;

// Equal scores in every region, so the order across regions rests on the tie-break.
const APPLICATIONS: Array<[district: string, score: Score]> = [
  ['36.71.02', 30], ['36.71.02', 15], ['36.71.02', 15], ['36.71.02', 0], ['36.71.02', 45],
  ['36.71.03', 15], ['36.71.03', 5], ['36.71.03', 30],
  ['53.71.01', 45], ['53.71.02', 15], ['53.71.01', 0], ['53.71.02', 30], ['53.71.01', 5],
  ['16.71.13', 15], ['16.71.13', 30], ['16.71.13', 0], ['16.71.13', 45],
  // Outside the officer's regions, three of them in cities the officer holds districts of.
  ['36.71.04', 45], ['36.71.04', 15], ['16.71.01', 30], ['71.72.01', 45],
];

let dataDir = '';
let stack: LocalStack;
let api: ApiClient;
let admin = '';
let officer = '';

const codeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byQueueOrder = (a: TaskItem, b: TaskItem) => b.priority - a.priority || codeUnits(a.createdAt, b.createdAt) || codeUnits(a.taskId, b.taskId);
const ids = (tasks: readonly TaskItem[]) => tasks.map((t) => t.taskId);
const cursorParam = (cursor: string | null) => (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');

async function page(token: string, limit: number, cursor: string | null = null): Promise<Page> {
  const r = await api.call<Page>('GET', `/api/tasks?kind=verification&limit=${limit}${cursorParam(cursor)}`, { token });
  if (r.status !== 200) throw new Error(`task list -> ${r.status} ${r.text}`);
  return r.json;
}

/** Every page from `cursor` on, as the console would fetch them. */
async function pages(token: string, limit: number, cursor: string | null = null): Promise<Page[]> {
  const all: Page[] = [];
  do {
    const next = await page(token, limit, cursor);
    all.push(next);
    cursor = next.nextCursor;
    if (all.length > 100) throw new Error('the cursor never ends');
  } while (cursor);
  return all;
}

async function submit(districtCode: string, score: Score): Promise<string> {
  const body = { ...applicationBody({ districtCode }), household: { members: 6, monthlyIncome: 1_500_000, ...HOUSEHOLDS[score] } };
  const r = await api.call<{ applicationId: string }>('POST', '/api/applications', { body });
  if (r.status !== 201) throw new Error(`submit -> ${r.status} ${r.text}`);
  return r.json.applicationId;
}

/** The admins' queue: one partition of the index, so already in queue order. */
const adminQueue = async () => (await pages(admin, 100)).flatMap((p) => p.items);

async function waitForTasks(applicationIds: readonly string[]) {
  await api.until(`${applicationIds.length} open verification tasks`, async () => {
    const open = new Set((await adminQueue()).map((t) => t.applicationId));
    return applicationIds.every((id) => open.has(id));
  }, 30_000);
}

beforeAll(async () => {
  // On disk, so the test can sign an officer in with the local identity provider's key (support/officers.ts).
  dataDir = await mkdtemp(join(tmpdir(), 'jaring-task-queue-'));
  stack = await startLocalStack({ dataDir });
  api = apiClient(stack.url);
  admin = await api.login('admin');
  officer = await signInOfficer(dataDir, OFFICER);
  await waitForTasks(await Promise.all(APPLICATIONS.map(([district, score]) => submit(district, score))));
});
afterAll(async () => {
  await stack?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('an officer with several regions', () => {
  it('pages through one queue, highest priority first across all regions, nothing skipped or repeated', async () => {
    const queue = await adminQueue();
    expect(ids(queue)).toEqual(ids([...queue].sort(byQueueOrder)));
    const expected = queue.filter((t) => inScope(OFFICER, t.districtCode));
    expect(expected).toHaveLength(17);
    expect(expected.map((t) => t.priority)).toEqual(APPLICATIONS.filter(([d]) => inScope(OFFICER, d)).map(([, s]) => s).sort((a, b) => b - a));
    // The regions interleave (region by region, three partitions would change city at most twice).
    const cityChanges = expected.filter((t, i) => i > 0 && t.districtCode.slice(0, 5) !== expected[i - 1]!.districtCode.slice(0, 5)).length;
    expect(cityChanges).toBeGreaterThan(2);

    for (const limit of [1, 2, 3, 5, 100]) {
      const all = await pages(officer, limit);
      expect(all.every((p) => p.items.length <= limit), `limit ${limit}`).toBe(true);
      expect(all.length, `limit ${limit}`).toBeLessThanOrEqual(Math.ceil(expected.length / limit) + 1);
      expect(ids(all.flatMap((p) => p.items)), `limit ${limit}`).toEqual(ids(expected));
    }
    // The first page is the neediest in all regions: one from each city holding a 45.
    expect(new Set((await page(officer, 3)).items.map((t) => `${t.priority} ${t.districtCode.slice(0, 5)}`))).toEqual(new Set(['45 36.71', '45 53.71', '45 16.71']));
  });

  it('refuses cursors it did not issue, and a cursor carries no region', async () => {
    const first = await page(officer, 2);
    const cursor = first.nextCursor!;
    const after = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after: string }).after;
    const [score, createdAt, taskId] = after.split('#');
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = [
      'bm9wZQ',
      encode(null),
      encode({}),
      encode({ after: 'x' }),
      encode({ after, region: 0 }),
      encode({ after: `${score}#${createdAt}#${taskId!.replace('.verification', '.approval')}` }),
      encode({ after: `${score}#${createdAt}#${taskId}#x` }),
      encode({ after: `1${score}#${createdAt}#${taskId}` }),
      encode({ after: `${score}#${createdAt!.slice(0, 10)}#${taskId}` }),
      encode({ after: `${score}#${createdAt}#../${taskId}` }),
      encode({ after: 'a'.repeat(500) }),
      encode({ region: 0, key: { pk: `TASK#${taskId}`, sk: 'TASK', gsi2pk: 'QUEUE#verification#36.71', gsi2sk: after } }),
      `${cursor}x`.repeat(30),
    ];
    for (const text of forged) {
      const r = await api.call<{ error: string; message: string }>('GET', `/api/tasks?kind=verification&limit=2${cursorParam(text)}`, { token: officer });
      expect(r.status, text).toBe(400);
      expect(r.json.error).toBe('ValidationError');
    }
    // A cursor is only a place in queue order: another officer's pages from it stay in that officer's regions.
    const kupang = await pages(await api.login('verifikator.kupang'), 2, cursor);
    const kupangTasks = kupang.flatMap((p) => p.items);
    expect(kupangTasks.length).toBeGreaterThan(0);
    expect(kupangTasks.every((t) => t.districtCode.startsWith('53.71.'))).toBe(true);
    expect(cursor.length).toBeLessThan(200);
  });
});

describe('an officer with one region', () => {
  it('pages through the city queue in priority order, as before', async () => {
    const queue = await adminQueue();
    for (const [username, limit] of [['verifikator.tangerang', 2], ['verifikator.kupang', 3]] as const) {
      const account: StaffAccount = { username, roles: ['verifier'], regions: [username.endsWith('tangerang') ? '36.71' : '53.71'] };
      const all = await pages(await api.login(username), limit);
      expect(ids(all.flatMap((p) => p.items)), username).toEqual(ids(queue.filter((t) => inScope(account, t.districtCode))));
    }
  });

  it('takes an empty cursor (`?cursor=`, as generic clients send it) for the first page', async () => {
    const token = await api.login('verifikator.tangerang');
    const empty = await api.call<Page>('GET', '/api/tasks?kind=verification&limit=3&cursor=', { token });
    expect(empty.status).toBe(200);
    expect(ids(empty.json.items)).toEqual(ids((await page(token, 3)).items));
  });
});

describe('between pages', () => {
  it('resumes after the last task shown even when that task is decided and new tasks arrive', async () => {
    const first = await page(officer, 4);
    const last = first.items.at(-1)!;
    expect((await api.call('POST', `/api/tasks/${encodeURIComponent(last.taskId)}/decision`, { token: officer, body: { decision: 'APPROVE' } })).status).toBe(200);
    // One newcomer ahead of the officer's place (seen on a fresh first page), one behind it (still to come).
    const urgent = await submit('53.71.01', 85);
    const late = await submit('16.71.13', 0);
    await waitForTasks([urgent, late]);

    const rest = (await pages(officer, 4, first.nextCursor)).flatMap((p) => p.items);
    const fresh = (await pages(officer, 100)).flatMap((p) => p.items);
    expect(fresh[0]!.applicationId).toBe(urgent);
    expect(ids(rest)).toEqual(ids(fresh.filter((t) => byQueueOrder(t, last) > 0)));
    expect(rest.at(-1)!.applicationId).toBe(late);
    expect(rest.some((t) => first.items.some((f) => f.taskId === t.taskId) || t.applicationId === urgent)).toBe(false);
  });
});
