/**
 * Officers at work: claims (one at a time, racing, lapsing), admin reassignment, requests for information the
 * applicant sees, deadlines that remind and escalate through the workflow, account disable and token
 * revocation, and a tampered audit trail that no longer verifies.
 */
import { DynamoDBClient, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoProgramCatalogue } from '../../functions/lib/adapters/dynamo-programs.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { SEED_PROGRAMS } from '../../shared/domain/programs.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

const CLAIM_SECONDS = 2;
let stack: LocalStack;
let api: ApiClient;
let dynamo: DynamoDBClient;
interface Task { taskId: string; applicationId: string; claimedBy: string | null; escalated: boolean; dueAt: string }

beforeAll(async () => {
  // Waits time out every second, so the deadline path runs within a test's patience.
  stack = await startLocalStack({ maxTaskTimeoutSeconds: 1, claimSeconds: CLAIM_SECONDS, statusCheckLimitPerMinute: 10_000 });
  api = apiClient(stack.url);
  dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl });
  const sembako = SEED_PROGRAMS.find((p) => p.id === 'sembako')!;
  await new DynamoProgramCatalogue(DynamoDBDocumentClient.from(dynamo), LOCAL_TABLE_NAME).publish({
    ...sembako,
    id: 'uji-tenggat',
    deadlines: { verification: { remindAfterSeconds: 1, escalateAfterSeconds: 3 }, approval: { remindAfterSeconds: 3600, escalateAfterSeconds: 7200 } },
  });
});
afterAll(async () => {
  dynamo?.destroy();
  await stack?.close();
});

async function openVerificationTask(body = applicationBody()) {
  const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
  expect(created.status).toBe(201);
  const admin = await api.login('admin');
  const task = await api.findTask(admin, 'verification', created.json.applicationId);
  return { ...created.json, task, body };
}
const post = (path: string, token: string, body: unknown = {}) => api.call<Record<string, unknown> & { error?: string; message?: string }>('POST', path, { token, body });

describe('claims', () => {
  it('lets exactly one of many racing officers claim a task, blocks the others from deciding, and lapses', async () => {
    const { task } = await openVerificationTask();
    const officers = await Promise.all(['verifikator.tangerang', 'verifikator2.tangerang', 'kasi.tangerang'].map((u) => api.login(u)));
    const attempts = await Promise.all(Array.from({ length: 12 }, (_, i) => post(`/api/tasks/${task.taskId}/claim`, officers[i % 3]!)));
    const won = attempts.filter((r) => r.status === 200);
    expect(won).toHaveLength(4); // the winner's own repeated claims succeed (they extend it); nobody else's
    const winner = won[0]!.json.claimedBy as string;
    expect(won.every((r) => r.json.claimedBy === winner)).toBe(true);
    const losers = attempts.filter((r) => r.status === 409);
    expect(losers).toHaveLength(8);
    expect(losers[0]!.json.message).toMatch(new RegExp(`claimed by ${winner.replace('.', '\\.')}`));

    const other = officers[['verifikator.tangerang', 'verifikator2.tangerang', 'kasi.tangerang'].findIndex((u) => u !== winner)]!;
    const blocked = await post(`/api/tasks/${task.taskId}/decision`, other, { decision: 'APPROVE' });
    expect(blocked.status).toBe(409);

    await new Promise((r) => setTimeout(r, CLAIM_SECONDS * 1000 + 200));
    const afterLapse = await post(`/api/tasks/${task.taskId}/decision`, other, { decision: 'APPROVE' });
    expect(afterLapse.status).toBe(200);
  });

  it('lets an admin reassign a task only to an officer who may work it', async () => {
    const { task } = await openVerificationTask();
    const admin = await api.login('admin');
    const verifier = await api.login('verifikator.tangerang');
    expect((await post(`/api/tasks/${task.taskId}/claim`, verifier)).status).toBe(200);
    const toKupang = await post(`/api/tasks/${task.taskId}/reassign`, admin, { username: 'verifikator.kupang' });
    expect(toKupang.status).toBe(400);
    expect(toKupang.json.message).toMatch(/does not work in district 36\.71\.01/);
    const toFinance = await post(`/api/tasks/${task.taskId}/reassign`, admin, { username: 'keuangan.tangerang' });
    expect(toFinance.status).toBe(400);
    const moved = await post(`/api/tasks/${task.taskId}/reassign`, admin, { username: 'verifikator2.tangerang' });
    expect(moved.status).toBe(200);
    expect(moved.json.claimedBy).toBe('verifikator2.tangerang');
    expect((await post(`/api/tasks/${task.taskId}/decision`, verifier, { decision: 'APPROVE' })).status).toBe(409);
    expect((await post(`/api/tasks/${task.taskId}/reassign`, verifier, { username: 'verifikator.tangerang' })).status).toBe(403);
    const decided = await post(`/api/tasks/${task.taskId}/decision`, await api.login('verifikator2.tangerang'), { decision: 'APPROVE' });
    expect(decided.status).toBe(200);
  });
});

describe('requests for information', () => {
  it('shows the verifier\'s request on the applicant\'s status check', async () => {
    const { task, reference, body } = await openVerificationTask();
    const verifier = await api.login('verifikator.tangerang');
    const message = 'Mohon bawa Kartu Keluarga asli ke kantor kelurahan';
    const asked = await post(`/api/tasks/${task.taskId}/request-info`, verifier, { message });
    expect(asked.status).toBe(200);
    const check = await api.call<{ status: string; infoRequest?: { message: string } }>('POST', '/api/status-check', { body: { reference, nik: body.nik } });
    expect(check.json.status).toBe('PENDING_VERIFICATION');
    expect(check.json.infoRequest?.message).toBe(message);
    const audit = await api.call<{ events: Array<{ action: string; actor: string }> }>('GET', `/api/applications/${task.applicationId}/audit`, { token: verifier });
    expect(audit.json.events.find((e) => e.action === 'INFO_REQUESTED')?.actor).toBe('verifikator.tangerang');

    // Once the verifier has decided, the request is no longer shown: the approval stage did not ask for it.
    expect((await post(`/api/tasks/${task.taskId}/decision`, verifier, { decision: 'APPROVE' })).status).toBe(200);
    const later = await api.until('pending approval', async () => {
      const r = await api.call<{ status: string; infoRequest?: unknown }>('POST', '/api/status-check', { body: { reference, nik: body.nik } });
      return r.json.status === 'PENDING_APPROVAL' && r.json;
    });
    expect(later.infoRequest).toBeUndefined();
  });
});

describe('deadlines', () => {
  it('reminds, then escalates an overdue verification to the approvers, through the workflow', async () => {
    const { task } = await openVerificationTask(applicationBody({ programId: 'uji-tenggat' }));
    const approver = await api.login('penyetuju.tangerang');
    const before = await post(`/api/tasks/${task.taskId}/decision`, approver, { decision: 'APPROVE' });
    expect(before.status).toBe(403); // not yet escalated: verification is the verifiers' work

    const escalated = await api.until('escalation', async () =>
      (await api.call<{ items: Task[] }>('GET', '/api/tasks?kind=verification&limit=100', { token: approver })).json.items.find((t) => t.taskId === task.taskId && t.escalated), 15_000);
    expect(escalated.escalated).toBe(true);
    const audit = await api.call<{ events: Array<{ action: string }>; chainValid: boolean }>('GET', `/api/applications/${task.applicationId}/audit`, { token: approver });
    const actions = audit.json.events.map((e) => e.action);
    expect(actions.indexOf('TASK_REMINDER')).toBeGreaterThan(-1);
    expect(actions.indexOf('TASK_ESCALATED')).toBeGreaterThan(actions.indexOf('TASK_REMINDER'));
    expect(actions.filter((a) => a === 'TASK_REMINDER')).toHaveLength(1);
    expect(audit.json.chainValid).toBe(true);

    // Escalated: an approver may now decide it; the workflow then goes on (and another approver approves).
    expect((await post(`/api/tasks/${task.taskId}/decision`, approver, { decision: 'APPROVE' })).status).toBe(200);
    const admin = await api.login('admin');
    await api.until('pending approval', async () => (await api.call<{ status: string }>('GET', `/api/applications/${task.applicationId}`, { token: admin })).json.status === 'PENDING_APPROVAL');
  });
});

describe('accounts', () => {
  it('refuses a disabled account and revoked tokens', async () => {
    const admin = await api.login('admin');
    const token = await api.login('keuangan2.tangerang');
    expect((await api.call('GET', '/api/tasks?kind=verification', { token })).status).toBe(403); // allowed in, no such role

    expect((await post('/api/staff/keuangan2.tangerang/access', admin, { revokeTokens: true })).status).toBe(200);
    const revoked = await api.call<{ error: string; message: string }>('GET', '/api/tasks?kind=verification', { token });
    expect(revoked.status).toBe(401);
    expect(revoked.json.message).toMatch(/revoked/);
    await new Promise((r) => setTimeout(r, 1100)); // tokens carry whole seconds
    const fresh = await api.login('keuangan2.tangerang');
    expect((await api.call('GET', '/api/tasks?kind=verification', { token: fresh })).status).toBe(403);

    expect((await post('/api/staff/keuangan2.tangerang/access', admin, { disabled: true })).status).toBe(200);
    expect((await api.call('GET', '/api/tasks?kind=verification', { token: fresh })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/login', { body: { username: 'keuangan2.tangerang', password: 'jaring-dev' } })).status).toBe(401);
    expect((await post('/api/staff/keuangan2.tangerang/access', admin, { disabled: false })).status).toBe(200);
    expect((await api.call('POST', '/api/auth/login', { body: { username: 'keuangan2.tangerang', password: 'jaring-dev' } })).status).toBe(200);
    expect((await post('/api/staff/nobody/access', admin, { disabled: true })).status).toBe(404);
    expect((await post('/api/staff/keuangan.tangerang/access', await api.login('penyetuju.tangerang'), { disabled: true })).status).toBe(403);
  });
});

describe('tamper evidence', () => {
  it('reports chainValid: false once a stored audit event is altered', async () => {
    const { task } = await openVerificationTask();
    const admin = await api.login('admin');
    const audit = async () => (await api.call<{ chainValid: boolean; events: unknown[] }>('GET', `/api/applications/${task.applicationId}/audit`, { token: admin })).json;
    expect((await audit()).chainValid).toBe(true);
    const { Items } = await dynamo.send(new QueryCommand({
      TableName: LOCAL_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': { S: `APP#${task.applicationId}` }, ':audit': { S: 'AUDIT#' } },
    }));
    const first = Items?.[0];
    expect(first).toBeDefined();
    await dynamo.send(new UpdateItemCommand({
      TableName: LOCAL_TABLE_NAME,
      Key: { pk: first!.pk!, sk: first!.sk! },
      // The first block of the chain (one append's events in one item): its first event's actor.
      UpdateExpression: 'SET events[0].actor = :someone',
      ExpressionAttributeValues: { ':someone': { S: 'orang.lain' } },
    }));
    expect((await audit()).chainValid).toBe(false);
  });
});
