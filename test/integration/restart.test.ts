/**
 * SIGKILL the running app while applications wait for verification and approval, and while a decision is
 * half made (recorded on the task, never sent to the workflow). After a restart nothing is lost, every
 * waiting task is listed once, deciding moves applications on, and nothing is duplicated.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/lib/adapters/dynamo-audit.ts';
import { DynamoTaskRepository } from '../../functions/lib/adapters/dynamo-tasks.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startDynamo } from '../../local/dynamo.ts';
import { apiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { kill, startApp, type RunningApp } from '../support/process.ts';
import { countItems } from '../support/table.ts';

interface TaskItem { taskId: string; applicationId: string }
const running: RunningApp[] = [];
let dataDir = '';

afterAll(async () => {
  for (const app of running) await kill(app);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Opens the stopped app's store directly, as the decision route's first write would have. */
async function withStore<T>(fn: (db: DynamoDBDocumentClient, dynamoUrl: string) => Promise<T>): Promise<T> {
  const dynamo = await startDynamo({ path: join(dataDir, 'dynamodb') });
  const client = new DynamoDBClient({ endpoint: dynamo.url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    return await fn(DynamoDBDocumentClient.from(client), dynamo.url);
  } finally {
    client.destroy();
    await dynamo.close();
  }
}

describe('restart after SIGKILL', () => {
  it('loses nothing and duplicates nothing', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jaring-restart-'));
    const args = ['--port', '0', '--data-dir', dataDir];
    const first = await startApp(args);
    running.push(first);
    let api = apiClient(first.url);
    const verifier = await api.login('verifikator.tangerang');
    const approver = await api.login('penyetuju.tangerang');
    const openTasks = async (a: typeof api, kind: string, token: string) =>
      (await a.call<{ items: TaskItem[] }>('GET', `/api/tasks?kind=${kind}&limit=100`, { token })).json.items;

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody() });
      expect(r.status).toBe(201);
      ids.push(r.json.applicationId);
    }
    const [waitingVerification, halfDecided, waitingApproval] = ids as [string, string, string];
    await api.until('three verification tasks', async () => (await openTasks(api, 'verification', verifier)).length === 3);
    const vt = (await openTasks(api, 'verification', verifier)).find((t) => t.applicationId === waitingApproval)!;
    expect((await api.call('POST', `/api/tasks/${encodeURIComponent(vt.taskId)}/decision`, { token: verifier, body: { decision: 'APPROVE' } })).status).toBe(200);
    await api.until('an approval task', async () => (await openTasks(api, 'approval', approver)).length === 1);

    await kill(first);

    // The crash came mid-decision: recorded on the task item, SendTaskSuccess never sent.
    const halfTaskId = `${halfDecided}.verification`;
    const before = await withStore(async (db, url) => {
      const recorded = await new DynamoTaskRepository(db, LOCAL_TABLE_NAME).recordDecision(halfTaskId, {
        decision: 'APPROVE', decidedBy: 'verifikator2.tangerang', decidedAt: new Date().toISOString(),
      });
      expect(recorded?.task.status).toBe('DECIDED');
      return countItems(url);
    });

    const second = await startApp(args);
    running.push(second);
    expect(second.output()).toMatch(/resumed 3 unfinished application/);
    api = apiClient(second.url);
    // Tokens signed before the restart stay valid: the signing key lives under the data folder.
    const statusOf = async (id: string) => (await api.call<{ status: string }>('GET', `/api/applications/${id}`, { token: approver })).json.status;

    // The half-made decision is applied, not asked for again.
    await api.until('half-decided application moves on', async () => (await statusOf(halfDecided)) === 'PENDING_APPROVAL');
    const verification = await api.until('verification task listed again', async () => {
      const items = await openTasks(api, 'verification', verifier);
      return items.length === 1 && items;
    });
    expect(verification.map((t) => t.applicationId)).toEqual([waitingVerification]);
    const approvals = await api.until('both approval tasks listed', async () => {
      const items = await openTasks(api, 'approval', approver);
      return items.length === 2 && items;
    });
    expect(approvals.map((t) => t.applicationId).sort()).toEqual([halfDecided, waitingApproval].sort());

    // Deciding after the restart moves them on.
    expect((await api.call('POST', `/api/tasks/${encodeURIComponent(verification[0]!.taskId)}/decision`, { token: verifier, body: { decision: 'APPROVE' } })).status).toBe(200);
    for (const t of approvals) {
      expect((await api.call('POST', `/api/tasks/${encodeURIComponent(t.taskId)}/decision`, { token: approver, body: { decision: 'APPROVE' } })).status).toBe(200);
    }
    await api.until('two approved', async () => (await statusOf(halfDecided)) === 'APPROVED' && (await statusOf(waitingApproval)) === 'APPROVED');
    await api.until('third waits for approval', async () => (await statusOf(waitingVerification)) === 'PENDING_APPROVAL');
    await kill(second);

    await withStore(async (db, url) => {
      const after = await countItems(url);
      expect(after['APP:APP']).toBe(3);
      expect(before['APP:APP']).toBe(3);
      expect(after['DEDUP:DEDUP']).toBe(3);
      expect(after['TASK:TASK']).toBe(6); // 3 verification + 3 approval, one each
      const audit = new DynamoAuditLog(db, LOCAL_TABLE_NAME);
      for (const id of ids) {
        const events = await audit.list(id);
        expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
      }
      const approved = await audit.list(halfDecided);
      // The crash lost the decision's audit event; the workflow recorded it from the task.
      expect(approved.map((e) => e.eventId)).toEqual(expect.arrayContaining(['decision:verification', 'status:PENDING_APPROVAL', 'status:APPROVED']));
      expect(approved.find((e) => e.eventId === 'decision:verification')?.actor).toBe('verifikator2.tangerang');
    });
  });
});
