/**
 * The world the authorization matrix (test/integration/authorization-matrix.test.ts) runs in: every seeded account
 * logged in, an application of its own for every cell that works a task, shared applications per region in
 * verification and in approval, and the request each cell of the table (authorization-spec.ts) makes.
 */
import { expect } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoEnrolmentRepository } from '../../functions/lib/adapters/dynamo-enrolments.ts';
import { DynamoPaymentInstructionRepository, DynamoPayoutBatchRepository } from '../../functions/lib/adapters/dynamo-payouts.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import type { LocalStack } from '../../local/stack.ts';
import { newPickupCode } from '../../shared/domain/pickup-code.ts';
import { apiClient, type ApiClient, type ApiResponse } from './api.ts';
import { ACCOUNTS, REGIONS, SEGREGATION_ROUTES, SPEC, type Account, type Cell, type Outcome, type Region, type RouteKey } from './authorization-spec.ts';
import { applicationBody } from './fixtures.ts';

interface TaskItem { taskId: string; applicationId: string; kind: string }
export interface AuditEvent { eventId: string; actor: string; action: string }
export interface ErrorBody { error?: string; message?: string }
type TaskKind = 'verification' | 'approval';

export interface Row { route: RouteKey; account: Account; region: Region; expected: Outcome }
export const ROWS: Row[] = Object.entries(SPEC).flatMap(([route, byAccount]) =>
  ACCOUNTS.flatMap((account) => {
    const [tangerang, kupang] = (byAccount as Record<Account, Cell>)[account];
    return [
      { route: route as RouteKey, account, region: 'tangerang' as const, expected: tangerang },
      { route: route as RouteKey, account, region: 'kupang' as const, expected: kupang },
    ];
  }));

/** A task route on a task of its own (fresh application), so no cell consumes another's task. */
const isTaskWork = (route: RouteKey) => route.startsWith('POST /api/tasks/');
export const kindOf = (route: RouteKey) => (route.includes('[approval task]') ? 'approval' : 'verification');
export const cellKey = (route: string, account: string, region: Region) => `${route}|${account}|${region}`;
/** The key of the segregation cell of a route: kasi.tangerang on an application kasi verified. */
export const segregationKey = (route: RouteKey) => `${cellKey(route, 'kasi.tangerang', 'tangerang')}|segregation`;

/** Whom the staff-management cells change, and how; to whom the reassign cells hand the task. */
export const STAFF_TARGET: Record<Region, string> = { tangerang: 'keuangan2.tangerang', kupang: 'verifikator.kupang' };
export const TARGET_ROLES: Record<Region, { roles: string[]; regions: string[] }> = { tangerang: { roles: ['finance'], regions: ['36.71'] }, kupang: { roles: ['verifier'], regions: ['53.71'] } };
const REASSIGN_TARGET: Record<Region, string> = { tangerang: 'verifikator2.tangerang', kupang: 'verifikator.kupang' };
const VERIFIER: Record<Region, Account> = { tangerang: 'verifikator.tangerang', kupang: 'verifikator.kupang' };

/** What a cell's request answered, and what it worked on (for the evidence of what it did). */
export interface Performed { response: ApiResponse<ErrorBody>; listedInQueue?: boolean; applicationId?: string; enrolmentOf?: string }

const pageQuery = (base: string, cursor: string | null) => `${base}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

/** Every open task of a kind, all pages (the admin sees every region). */
async function openTaskIds(api: ApiClient, adminToken: string, kind: TaskKind): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: ApiResponse<{ items: TaskItem[]; nextCursor: string | null }> = await api.call('GET', pageQuery(`/api/tasks?kind=${kind}`, cursor), { token: adminToken });
    if (page.status !== 200) throw new Error(`admin task list -> ${page.status} ${page.text}`);
    for (const t of page.json.items) ids.add(t.taskId);
    cursor = page.json.nextCursor;
  } while (cursor);
  return ids;
}

/** Listed by a query (all pages)? A refusal answers on the first page. */
async function pagesList(api: ApiClient, token: string, base: string, applicationId: string): Promise<{ status: number; listed: boolean; body: ApiResponse }> {
  let cursor: string | null = null;
  let first: ApiResponse | undefined;
  do {
    const page: ApiResponse<{ items: { applicationId: string }[]; nextCursor: string | null }> = await api.call('GET', pageQuery(base, cursor), { token });
    first ??= page;
    if (page.status !== 200) return { status: page.status, listed: false, body: page };
    if (page.json.items.some((item) => item.applicationId === applicationId)) return { status: 200, listed: true, body: first };
    cursor = page.json.nextCursor;
  } while (cursor);
  return { status: 200, listed: false, body: first };
}

export async function authorizationWorld(stack: LocalStack) {
  const api = apiClient(stack.url);
  const tokens = {} as Record<Account, string>;
  await Promise.all(ACCOUNTS.map(async (a) => { tokens[a] = await api.login(a); }));
  const store = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoUrl }));
  const enrolments = new DynamoEnrolmentRepository(store, LOCAL_TABLE_NAME);

  const submit = async (districtCode: string) => {
    const body = applicationBody({ districtCode });
    const r = await api.call<{ applicationId: string }>('POST', '/api/applications', { body });
    if (r.status !== 201) throw new Error(`submit -> ${r.status} ${r.text}`);
    return { applicationId: r.json.applicationId, nik: body.nik };
  };
  const waitForTasks = (kind: TaskKind, applicationIds: string[]) =>
    api.until(`${applicationIds.length} open ${kind} tasks`, async () => {
      const open = await openTaskIds(api, tokens.admin, kind);
      return applicationIds.every((id) => open.has(`${id}.${kind}`));
    }, 30_000);
  const decide = (token: string, taskId: string) =>
    api.call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token, body: { decision: 'APPROVE', note: 'rumah dikunjungi' } });

  // Which applications to create: one per task-work cell (+ the segregation cells), two shared per region.
  const taskCells: Array<{ key: string; region: Region; kind: TaskKind; verifier: Account }> = [];
  for (const row of ROWS) {
    if (!isTaskWork(row.route)) continue;
    taskCells.push({ key: cellKey(row.route, row.account, row.region), region: row.region, kind: kindOf(row.route), verifier: VERIFIER[row.region] });
  }
  for (const route of SEGREGATION_ROUTES) {
    taskCells.push({ key: segregationKey(route), region: 'tangerang', kind: 'approval', verifier: 'kasi.tangerang' });
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
    ...sharedApps.map((s) => ({ applicationId: s.inApproval.applicationId, verifier: VERIFIER[s.region] })),
  ];
  const verified = await Promise.all(toApproval.map((a) => decide(tokens[a.verifier], `${a.applicationId}.verification`)));
  verified.forEach((r) => expect(r.status, r.text).toBe(200));
  await waitForTasks('approval', toApproval.map((a) => a.applicationId));

  /** One application per mutating cell; shared ones (queue and read cells) per region and stage. */
  const taskFor = new Map<string, { applicationId: string; taskId: string }>();
  for (const c of cellApps) taskFor.set(c.key, { applicationId: c.applicationId, taskId: `${c.applicationId}.${c.kind}` });
  const shared = {} as Record<Region, { verification: string; approval: string; nik: string }>;
  for (const s of sharedApps) {
    shared[s.region] = { verification: s.inVerification.applicationId, approval: s.inApproval.applicationId, nik: s.inApproval.nik };
  }

  /** An enrolment of its own for one cell, in a district, as an approval would have made it. */
  async function enrolledIn(districtCode: string): Promise<string> {
    const applicationId = crypto.randomUUID();
    await enrolments.enrol({
      applicationId, reference: 'JRG-2612-MATRX-TESTS', programId: 'sembako', beneficiaryId: applicationId.replace(/-/g, ''),
      regencyCode: districtCode.slice(0, 5), districtCode, periods: ['2026-12'], status: 'ACTIVE', enrolledAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(), updatedBy: 'system:workflow',
    });
    return applicationId;
  }

  /** An approved batch of the district's city holding one POS household, as the disbursement step leaves it. */
  async function exportedBatchIn(districtCode: string): Promise<string> {
    const batchId = crypto.randomUUID();
    const at = new Date().toISOString();
    await new DynamoPayoutBatchRepository(store, LOCAL_TABLE_NAME).create({
      batchId, programId: 'sembako', period: '2026-12', regencyCode: districtCode.slice(0, 5), status: 'AWAITING_RECONCILIATION', itemCount: 1,
      totalAmount: 200_000, progress: { done: 1, total: 1 }, createdBy: 'keuangan.matrix', approvedBy: 'keuangan2.matrix', createdAt: at, updatedAt: at,
    });
    await new DynamoPaymentInstructionRepository(store, LOCAL_TABLE_NAME).put({
      batchId, entitlementId: `${batchId}.2026-12`, applicationId: crypto.randomUUID(), applicationReference: 'JRG-2612-MATRX-TESTS', reference: `J${batchId.replace(/-/g, '').slice(0, 15).toUpperCase()}`,
      amount: 200_000, status: 'SENT', method: 'POS', name: 'Siti Aminah', districtCode, districtName: 'Matriks', pickupCode: newPickupCode(),
    });
    return batchId;
  }

  /** The request of one cell, as the account, on the region's fixture. */
  async function perform(route: RouteKey, account: Account, region: Region, cellId: string): Promise<Performed> {
    const token = tokens[account];
    if (route === 'GET /api/applications?districtCode') {
      const r = await pagesList(api, token, `/api/applications?districtCode=${REGIONS[region]}`, shared[region].approval);
      return { response: r.body as ApiResponse<ErrorBody>, listedInQueue: r.listed };
    }
    if (route.startsWith('GET /api/tasks')) {
      const kind = route.endsWith('verification') ? 'verification' : 'approval';
      const r = await pagesList(api, token, `/api/tasks?kind=${kind}`, shared[region][kind]);
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
    if (route === 'POST /api/staff/{username}/roles') {
      return { response: await api.call<ErrorBody>('POST', `/api/staff/${STAFF_TARGET[region]}/roles`, { token, body: TARGET_ROLES[region] }) };
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

  /** The audit trail of an application, as the admin reads it. */
  const auditOf = async (applicationId: string) => {
    const r = await api.call<{ events: AuditEvent[] }>('GET', `/api/applications/${applicationId}/audit`, { token: tokens.admin });
    expect(r.status, r.text).toBe(200);
    return r.json.events;
  };

  return { tokens, shared, enrolments, perform, auditOf, close: () => store.destroy() };
}

export type AuthorizationWorld = Awaited<ReturnType<typeof authorizationWorld>>;
