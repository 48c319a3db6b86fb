/**
 * Who may do what, where: every staff route x every seeded account x a Tangerang (36.71.01) and a Kupang
 * (53.71.01) application, over real HTTP against the in-memory stack.
 *
 * The table below is the specification, written by hand from the intent of the roles (it is deliberately not
 * derived from POLICY in shared/domain/staff.ts, so a wrong policy entry shows up as a failing cell):
 * - verifiers work verification tasks in their region, read applications, their audit and the full NIK there;
 * - approvers work approval tasks in their region, also see the verification queue, read applications and audit
 *   in their region, but not the full NIK;
 * - verifiers, approvers and admins search the applications of their regions (an admin names the district);
 * - finance reads applications in its region, searches none (it works from payout batches), and works (and lists) no task;
 * - admins read everything everywhere, see every queue, reassign tasks and manage staff, but do not verify or
 *   approve a task that has not been escalated;
 * - a head of office (viewer) reads the city's reports and dashboard, and nothing about any one household;
 * - nobody approves an application they verified (segregation of duties);
 * - a refusal is a 403 whose message names the reason: the role, the region or the segregation rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HTTP_ROUTES } from '../../functions/catalog.ts';
import { DynamoEnrolmentRepository } from '../../functions/lib/adapters/dynamo-enrolments.ts';
import { DynamoPaymentInstructionRepository, DynamoPayoutBatchRepository } from '../../functions/lib/adapters/dynamo-payouts.ts';
import { newPickupCode } from '../../shared/domain/pickup-code.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient, type ApiResponse } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { BATCH_WORKFLOW_ROUTES, PAYOUT_SPEC } from '../support/payout-matrix.ts';

import { ACCOUNTS, REGIONS, SEGREGATION_ROUTES, SPEC, type Account, type Cell, type Outcome, type Region, type RouteKey } from '../support/authorization-spec.ts';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures.
// ---------------------------------------------------------------------------------------------------------------

interface TaskItem { taskId: string; applicationId: string; kind: string }
interface AuditEvent { eventId: string; actor: string; action: string }
interface ErrorBody { error?: string; message?: string }

let stack: LocalStack;
let api: ApiClient;
const tokens = {} as Record<Account, string>;

interface Row { route: RouteKey; account: Account; region: Region; expected: Outcome }
const ROWS: Row[] = Object.entries(SPEC).flatMap(([route, byAccount]) =>
  ACCOUNTS.flatMap((account) => {
    const [tangerang, kupang] = (byAccount as Record<Account, Cell>)[account];
    return [
      { route: route as RouteKey, account, region: 'tangerang' as const, expected: tangerang },
      { route: route as RouteKey, account, region: 'kupang' as const, expected: kupang },
    ];
  }));

/** A task route on a task of its own (fresh application), so no cell consumes another's task. */
const isTaskWork = (route: RouteKey) => route.startsWith('POST /api/tasks/');
const kindOf = (route: RouteKey) => (route.includes('[approval task]') ? 'approval' : 'verification');
const cellKey = (route: string, account: string, region: Region) => `${route}|${account}|${region}`;

/** One application per mutating cell; shared ones (queue and read cells) per region and stage. */
const taskFor = new Map<string, { applicationId: string; taskId: string }>();
const shared = {} as Record<Region, { verification: string; approval: string; nik: string }>;

const submit = async (districtCode: string) => {
  const body = applicationBody({ districtCode });
  const r = await api.call<{ applicationId: string }>('POST', '/api/applications', { body });
  if (r.status !== 201) throw new Error(`submit -> ${r.status} ${r.text}`);
  return { applicationId: r.json.applicationId, nik: body.nik };
};

/** Every open task of a kind, all pages (the admin sees every region). */
async function openTaskIds(kind: 'verification' | 'approval'): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const query: string = `/api/tasks?kind=${kind}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: ApiResponse<{ items: TaskItem[]; nextCursor: string | null }> = await api.call('GET', query, { token: tokens.admin });
    if (page.status !== 200) throw new Error(`admin task list -> ${page.status} ${page.text}`);
    for (const t of page.json.items) ids.add(t.taskId);
    cursor = page.json.nextCursor;
  } while (cursor);
  return ids;
}
const waitForTasks = (kind: 'verification' | 'approval', applicationIds: string[]) =>
  api.until(`${applicationIds.length} open ${kind} tasks`, async () => {
    const open = await openTaskIds(kind);
    return applicationIds.every((id) => open.has(`${id}.${kind}`));
  }, 30_000);

/** Visible in a caller's queue (all pages)? */
async function listed(token: string, kind: string, applicationId: string): Promise<{ status: number; listed: boolean; body: ApiResponse }> {
  let cursor: string | null = null;
  let first: ApiResponse | undefined;
  do {
    const query: string = `/api/tasks?kind=${kind}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: ApiResponse<{ items: TaskItem[]; nextCursor: string | null }> = await api.call('GET', query, { token });
    first ??= page;
    if (page.status !== 200) return { status: page.status, listed: false, body: page };
    if (page.json.items.some((t) => t.applicationId === applicationId)) return { status: 200, listed: true, body: first };
    cursor = page.json.nextCursor;
  } while (cursor);
  return { status: 200, listed: false, body: first };
}

/** Found by a search of the district (all pages)? */
async function searchListed(token: string, districtCode: string, applicationId: string): Promise<{ listed: boolean; body: ApiResponse }> {
  let cursor: string | null = null;
  let first: ApiResponse | undefined;
  do {
    const query: string = `/api/applications?districtCode=${districtCode}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: ApiResponse<{ items: { applicationId: string }[]; nextCursor: string | null }> = await api.call('GET', query, { token });
    first ??= page;
    if (page.status !== 200) return { listed: false, body: page };
    if (page.json.items.some((a) => a.applicationId === applicationId)) return { listed: true, body: first };
    cursor = page.json.nextCursor;
  } while (cursor);
  return { listed: false, body: first };
}

const decide = (token: string, taskId: string) =>
  api.call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token, body: { decision: 'APPROVE', note: 'rumah dikunjungi' } });

const auditOf = async (applicationId: string) => {
  const r = await api.call<{ events: AuditEvent[] }>('GET', `/api/applications/${applicationId}/audit`, { token: tokens.admin });
  expect(r.status, r.text).toBe(200);
  return r.json.events;
};

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  await Promise.all(ACCOUNTS.map(async (a) => { tokens[a] = await api.login(a); }));

  // Which applications to create: one per task-work cell (+ the segregation cells), two shared per region.
  const taskCells: Array<{ key: string; region: Region; kind: 'verification' | 'approval'; verifier: Account }> = [];
  for (const row of ROWS) {
    if (!isTaskWork(row.route)) continue;
    const verifier = row.region === 'tangerang' ? 'verifikator.tangerang' : 'verifikator.kupang';
    taskCells.push({ key: cellKey(row.route, row.account, row.region), region: row.region, kind: kindOf(row.route), verifier });
  }
  for (const route of SEGREGATION_ROUTES) {
    taskCells.push({ key: cellKey(route, 'kasi.tangerang', 'tangerang') + '|segregation', region: 'tangerang', kind: 'approval', verifier: 'kasi.tangerang' });
  }

  // Create everything in parallel up front.
  const [cellApps, sharedApps] = await Promise.all([
    Promise.all(taskCells.map(async (c) => ({ ...c, ...(await submit(REGIONS[c.region])) }))),
    Promise.all((Object.keys(REGIONS) as Region[]).map(async (region) => ({
      region,
      inVerification: await submit(REGIONS[region]),
      inApproval: await submit(REGIONS[region]),
    }))),
  ]);
  const allIds = [...cellApps.map((c) => c.applicationId), ...sharedApps.flatMap((s) => [s.inVerification.applicationId, s.inApproval.applicationId])];
  await waitForTasks('verification', allIds);

  // Move the approval-stage ones on: a verifier of their region approves the verification task.
  const toApproval = [
    ...cellApps.filter((c) => c.kind === 'approval').map((c) => ({ applicationId: c.applicationId, verifier: c.verifier })),
    ...sharedApps.map((s) => ({ applicationId: s.inApproval.applicationId, verifier: (s.region === 'tangerang' ? 'verifikator.tangerang' : 'verifikator.kupang') as Account })),
  ];
  const verified = await Promise.all(toApproval.map((a) => decide(tokens[a.verifier], `${a.applicationId}.verification`)));
  verified.forEach((r) => expect(r.status, r.text).toBe(200));
  await waitForTasks('approval', toApproval.map((a) => a.applicationId));

  for (const c of cellApps) taskFor.set(c.key, { applicationId: c.applicationId, taskId: `${c.applicationId}.${c.kind}` });
  for (const s of sharedApps) {
    shared[s.region] = { verification: s.inVerification.applicationId, approval: s.inApproval.applicationId, nik: s.inApproval.nik };
  }
}, 60_000);
afterAll(() => stack?.close());

// ---------------------------------------------------------------------------------------------------------------
// The cells.
// ---------------------------------------------------------------------------------------------------------------

const STAFF_TARGET: Record<Region, string> = { tangerang: 'keuangan2.tangerang', kupang: 'verifikator.kupang' };
const REASSIGN_TARGET: Record<Region, string> = { tangerang: 'verifikator2.tangerang', kupang: 'verifikator.kupang' };

/** What an allowed task request leaves in the audit trail (and a refused one must not). */
const TRACE: Record<string, (e: AuditEvent, kind: string) => boolean> = {
  decision: (e, kind) => e.eventId === `decision:${kind}`,
  claim: (e) => e.action === 'TASK_CLAIMED',
  'request-info': (e) => e.action === 'INFO_REQUESTED',
  reassign: (e) => e.action === 'TASK_REASSIGNED',
};

/** An enrolment of its own for one cell, in a district, as an approval would have made it. */
async function enrolledIn(districtCode: string): Promise<string> {
  const applicationId = crypto.randomUUID();
  await new DynamoEnrolmentRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoUrl })), LOCAL_TABLE_NAME).enrol({
    applicationId, reference: 'JRG-2612-MATRX-TESTS', programId: 'sembako', beneficiaryId: applicationId.replace(/-/g, ''),
    regencyCode: districtCode.slice(0, 5), districtCode, periods: ['2026-12'], status: 'ACTIVE', enrolledAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(), updatedBy: 'system:workflow',
  });
  return applicationId;
}

/** An approved batch of the district's city holding one POS household, as the disbursement step leaves it. */
async function exportedBatchIn(districtCode: string): Promise<string> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoUrl }));
  const batchId = crypto.randomUUID();
  const at = new Date().toISOString();
  await new DynamoPayoutBatchRepository(client, LOCAL_TABLE_NAME).create({
    batchId, programId: 'sembako', period: '2026-12', regencyCode: districtCode.slice(0, 5), status: 'AWAITING_RECONCILIATION', itemCount: 1,
    totalAmount: 200_000, progress: { done: 1, total: 1 }, createdBy: 'keuangan.matrix', approvedBy: 'keuangan2.matrix', createdAt: at, updatedAt: at,
  });
  await new DynamoPaymentInstructionRepository(client, LOCAL_TABLE_NAME).put({
    batchId, entitlementId: `${batchId}.2026-12`, applicationId: crypto.randomUUID(), applicationReference: 'JRG-2612-MATRX-TESTS', reference: `J${batchId.replace(/-/g, '').slice(0, 15).toUpperCase()}`,
    amount: 200_000, status: 'SENT', method: 'POS', name: 'Siti Aminah', districtCode, districtName: 'Matriks', pickupCode: newPickupCode(),
  });
  return batchId;
}

async function perform(route: RouteKey, account: Account, region: Region, cellId: string): Promise<{ response: ApiResponse<ErrorBody>; listedInQueue?: boolean; applicationId?: string; enrolmentOf?: string }> {
  const token = tokens[account];
  if (route === 'GET /api/applications?districtCode') {
    const r = await searchListed(token, REGIONS[region], shared[region].approval);
    return { response: r.body as ApiResponse<ErrorBody>, listedInQueue: r.listed };
  }
  if (route.startsWith('GET /api/tasks')) {
    const kind = route.endsWith('verification') ? 'verification' : 'approval';
    const r = await listed(token, kind, shared[region][kind]);
    return { response: r.body as ApiResponse<ErrorBody>, listedInQueue: r.listed };
  }
  if (isTaskWork(route)) {
    const fixture = taskFor.get(cellId);
    if (!fixture) throw new Error(`no fixture for ${cellId}`);
    const action = /\/\{id\}\/([a-z-]+)/.exec(route)![1]!;
    const path = `/api/tasks/${encodeURIComponent(fixture.taskId)}/${action}`;
    const body = action === 'decision' ? { decision: 'APPROVE', note: 'sesuai' }
      : action === 'request-info' ? { message: 'Mohon bawa KTP dan KK asli ke kantor kelurahan.' }
      : action === 'reassign' ? { username: REASSIGN_TARGET[region] }
      : {};
    return { response: await api.call<ErrorBody>('POST', path, { token, body }), applicationId: fixture.applicationId };
  }
  if (route === 'POST /api/staff/{username}/access') {
    return { response: await api.call<ErrorBody>('POST', `/api/staff/${STAFF_TARGET[region]}/access`, { token, body: { disabled: false } }) };
  }
  if (route === 'POST /api/applications/{id}/enrolment') {
    const applicationId = await enrolledIn(REGIONS[region]);
    const response = await api.call<ErrorBody>('POST', `/api/applications/${applicationId}/enrolment`, { token, body: { action: 'SUSPEND', reason: 'Tidak ditemukan di alamat' } });
    return { response, enrolmentOf: applicationId };
  }
  if (route === 'GET /api/payout-batches/{batchId}/invitations') {
    return { response: await api.call<ErrorBody>('GET', `/api/payout-batches/${await exportedBatchIn(REGIONS[region])}/invitations`, { token }) };
  }
  if (route === 'GET /api/me') return { response: await api.call<ErrorBody>('GET', '/api/me', { token }) };
  // The directory is the office's, not a region's: both cells make the same call.
  if (route === 'GET /api/staff') return { response: await api.call<ErrorBody>('GET', '/api/staff?limit=100', { token }) };
  if (route === 'GET /api/notifications') return { response: await api.call<ErrorBody>('GET', '/api/notifications?status=SENT&limit=5', { token }) };
  if (route === 'GET /api/programs/{programId}/versions') return { response: await api.call<ErrorBody>('GET', '/api/programs/sembako/versions', { token }) };
  if (route === 'POST /api/programs/{programId}/versions') {
    // The same enrolment length again: a new version that changes nothing the other cells' applications follow.
    return { response: await api.call<ErrorBody>('POST', '/api/programs/sembako/versions', { token, body: { note: 'Uji hak akses petugas', enrolmentPeriods: 12 } }) };
  }
  const suffix = route.endsWith('/audit') ? '/audit' : route.endsWith('/nik') ? '/nik' : '';
  return { response: await api.call<ErrorBody>('GET', `/api/applications/${shared[region].approval}${suffix}`, { token }) };
}

function expectRefusal(response: ApiResponse<ErrorBody>, reason: 'role' | 'region' | 'segregation', account: Account, region: Region) {
  expect(response.status, response.text).toBe(403);
  expect(response.json.error).toBe('Forbidden');
  const message = response.json.message ?? '';
  if (reason === 'role') {
    expect(message).toMatch(/hanya untuk peran .* needs the role/);
    expect(message).toContain(account);
  } else if (reason === 'region') {
    // A batch is refused by its city (the district's first five characters).
    expect(message).toContain(`does not work in district ${REGIONS[region].slice(0, 5)}`);
    expect(message).toContain(account);
  } else {
    expect(message).toMatch(/Segregation of duties/);
    expect(message).toContain(account);
  }
}

async function check(row: Row, cellId: string) {
  const { route, account, region, expected } = row;
  const { response, listedInQueue, applicationId, enrolmentOf } = await perform(route, account, region, cellId);
  if (expected === 'listed' || expected === 'unlisted') {
    expect(response.status, response.text).toBe(200);
    expect(listedInQueue, `${REGIONS[region]} task ${expected} in ${account}'s queue`).toBe(expected === 'listed');
  } else if (expected === 'allow') {
    expect(response.status, response.text).toBeGreaterThanOrEqual(200);
    expect(response.status, response.text).toBeLessThan(300);
  } else {
    expectRefusal(response, expected, account, region);
  }

  // Route-specific evidence of what the answer did or did not do.
  if (route === 'GET /api/applications/{id}/nik') {
    const nik = shared[region].nik;
    if (expected === 'allow') expect(response.json).toMatchObject({ applicationId: shared[region].approval, nik });
    else expect(response.text).not.toContain(nik);
  } else if (route === 'GET /api/applications/{id}' && expected === 'allow') {
    // The mask shows the city only, for everyone (nik-mask.test.ts).
    expect(response.json).toMatchObject({ applicationId: shared[region].approval, nik: expect.stringMatching(/^\d{4}\*{12}$/) });
  } else if (route === 'GET /api/applications/{id}/audit' && expected === 'allow') {
    expect(response.json).toMatchObject({ chainValid: true, events: expect.any(Array) });
  } else if (route === 'GET /api/me') {
    expect(response.json).toMatchObject({ username: account, actions: expect.any(Array) });
  } else if (route.includes('/api/programs/') && expected === 'allow') {
    expect(response.json).toMatchObject(route.startsWith('GET') ? { items: expect.any(Array) } : { id: 'sembako', revision: { by: account } });
  } else if (enrolmentOf) {
    const stored = await new DynamoEnrolmentRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoUrl })), LOCAL_TABLE_NAME).get(enrolmentOf);
    expect(stored?.status).toBe(expected === 'allow' ? 'SUSPENDED' : 'ACTIVE');
  } else if (route === 'GET /api/staff') {
    if (expected === 'allow') expect((response.json as { items?: { username: string }[] }).items?.map((i) => i.username)).toEqual(expect.arrayContaining([...ACCOUNTS]));
    else expect(response.text).not.toContain('tokensValidAfter');
  } else if (route === 'GET /api/notifications') {
    if (expected === 'allow') expect(response.json).toMatchObject({ items: expect.any(Array) });
    else expect(response.text).not.toContain('messageId');
  } else if (route === 'POST /api/staff/{username}/access' && expected === 'allow') {
    expect(response.json).toMatchObject({ username: STAFF_TARGET[region], disabled: false });
  } else if (applicationId) {
    const action = /\/\{id\}\/([a-z-]+)/.exec(route)![1]!;
    const traces = (await auditOf(applicationId)).filter((e) => TRACE[action]!(e, kindOf(route)));
    if (expected === 'allow') {
      expect(traces.map((e) => e.actor)).toEqual([account]);
    } else {
      expect(traces, `a refused ${action} left an audit event`).toEqual([]);
    }
  }
}

describe('authorization matrix', () => {
  it('covers every staff route in the catalog, with the payout routes\' own matrix (payout-authorization.test.ts)', () => {
    const staffRoutes = HTTP_ROUTES.filter((r) => r.access === 'staff').map((r) => `${r.method} ${r.path}`).sort();
    const specified = new Set(Object.keys(SPEC).map((k) => {
      const [method, path] = k.replace(/ \[.*\]$/, '').split(' ') as [string, string];
      return `${method} ${path.replace(/\?.*$/, '').replace('{id}', path.startsWith('/api/tasks') ? '{taskId}' : '{applicationId}')}`;
    }));
    const elsewhere = new Set<string>(BATCH_WORKFLOW_ROUTES);
    expect(staffRoutes.filter((r) => !specified.has(r) && !Object.hasOwn(PAYOUT_SPEC, r) && !elsewhere.has(r))).toEqual([]);
  });

  it.each(ROWS.map((row) => [row.route, row.account, row.region, row.expected, row] as const))(
    '%s | %s | %s -> %s',
    async (_route, _account, _region, _expected, row) => {
      await check(row, cellKey(row.route, row.account, row.region));
    },
  );

  it.each(SEGREGATION_ROUTES.map((route) => [route] as const))(
    '%s | kasi.tangerang on an application kasi verified -> segregation',
    async (route) => {
      await check({ route, account: 'kasi.tangerang', region: 'tangerang', expected: 'segregation' }, cellKey(route, 'kasi.tangerang', 'tangerang') + '|segregation');
    },
  );
});

describe('authentication before authorization', () => {
  const sampleId = '00000000-0000-4000-8000-000000000000';
  const REQUESTS: Array<[string, string]> = [
    ['GET', '/api/tasks?kind=verification'],
    ['GET', '/api/tasks?kind=approval'],
    ['POST', `/api/tasks/${sampleId}.verification/decision`],
    ['POST', `/api/tasks/${sampleId}.verification/claim`],
    ['POST', `/api/tasks/${sampleId}.verification/reassign`],
    ['POST', `/api/tasks/${sampleId}.verification/request-info`],
    ['GET', `/api/applications/${sampleId}`],
    ['GET', `/api/applications/${sampleId}/audit`],
    ['GET', `/api/applications/${sampleId}/nik`],
    ['POST', '/api/staff/keuangan2.tangerang/access'],
  ];
  it.each(REQUESTS.flatMap(([method, path]) => [[method, path, 'no token'], [method, path, 'a forged token']] as const))(
    '%s %s with %s -> 401',
    async (method, path, how) => {
      const token = how === 'no token' ? undefined : `${tokens.admin.slice(0, -4)}AAAA`;
      const r = await api.call(method, path, { token, body: method === 'POST' ? { disabled: false } : undefined });
      expect(r.status, r.text).toBe(401);
    },
  );
});

describe('token revocation (runs last: it invalidates keuangan2.tangerang tokens)', () => {
  it('refuses a revoked token with 401 and accepts a fresh login', async () => {
    const before = tokens['keuangan2.tangerang'];
    const readPath = `/api/applications/${shared.tangerang.approval}`;
    expect((await api.call('GET', readPath, { token: before })).status).toBe(200);
    const revoked = await api.call<{ tokensValidAfter: string | null }>('POST', '/api/staff/keuangan2.tangerang/access', { token: tokens.admin, body: { revokeTokens: true } });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json.tokensValidAfter).toEqual(expect.any(String));
    expect((await api.call('GET', readPath, { token: before })).status).toBe(401);
    // Tokens carry whole-second issue times: wait into the next second so the fresh login is newer than the revocation.
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = await api.login('keuangan2.tangerang');
    expect((await api.call('GET', readPath, { token: fresh })).status).toBe(200);
  });
});
