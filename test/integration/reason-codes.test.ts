/**
 * Rejection reasons over real HTTP: the public catalogue, and staff decisions that may only carry a catalogue
 * code of their task's stage. A refused reason is a 400 naming reasonCode (in the caller's language) that
 * changes nothing: the task stays open, the application where it was, the audit trail as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { REJECTION_REASONS } from '../../shared/domain/reason-codes.ts';
import { MESSAGES } from '../../shared/schemas/messages.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let api: ApiClient;
let verifier: string;
let approver: string;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  [verifier, approver] = await Promise.all([api.login('verifikator.tangerang'), api.login('penyetuju.tangerang')]);
});
afterAll(() => stack?.close());

interface TaskItem { taskId: string; applicationId: string }
interface ErrorBody { error: string; message: string; issues?: Array<{ path: string; message: string }> }

const isOpen = async (token: string, kind: 'verification' | 'approval', applicationId: string) =>
  (await api.call<{ items: TaskItem[] }>('GET', `/api/tasks?kind=${kind}&limit=100`, { token })).json.items.some((t) => t.applicationId === applicationId);
const detail = async (applicationId: string) =>
  (await api.call<{ status: string; reasonCodes: string[] }>('GET', `/api/applications/${applicationId}`, { token: approver })).json;
const auditEvents = async (applicationId: string) =>
  (await api.call<{ events: { eventId: string }[] }>('GET', `/api/applications/${applicationId}/audit`, { token: approver })).json.events;
const auditLength = async (applicationId: string) => (await auditEvents(applicationId)).length;

/**
 * The stage's task is listed from the moment the status moves (it is created first), and the workflow records its
 * opening an instant later: the trail is counted once that event is in.
 */
async function openedTask(token: string, kind: 'verification' | 'approval', applicationId: string) {
  const task = await api.findTask(token, kind, applicationId);
  await api.until(`${kind} task opened`, async () => (await auditEvents(applicationId)).some((e) => e.eventId === `task-opened:${kind}`));
  return task;
}

/** A decision as a browser sends it, in the language asked for. */
async function decide(token: string, taskId: string, body: unknown, lang: 'id' | 'en' = 'id') {
  const response = await fetch(`${stack.url}/api/tasks/${encodeURIComponent(taskId)}/decision`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': lang },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as ErrorBody & { decision?: string } };
}

async function submitted() {
  const body = applicationBody();
  const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
  expect(created.status, created.text).toBe(201);
  return { ...created.json, nik: body.nik };
}

describe('GET /api/reason-codes', () => {
  it('serves the whole catalogue to anyone, cacheable', async () => {
    const r = await api.call<typeof REJECTION_REASONS>('GET', '/api/reason-codes');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toMatch(/public/);
    expect(r.json).toEqual(JSON.parse(JSON.stringify(REJECTION_REASONS)));
    expect(r.json.find((reason) => reason.code === 'NOT_AT_ADDRESS')).toMatchObject({
      stages: ['verification'], label: { id: expect.any(String), en: expect.any(String) }, nextStep: { id: expect.stringContaining('Dinas Sosial') },
    });
  });

  it('is in the API description', async () => {
    const r = await api.call<{ paths: Record<string, Record<string, { operationId: string; security?: unknown }>> }>('GET', '/api/openapi.json');
    expect(r.json.paths['/api/reason-codes']?.get).toMatchObject({ operationId: 'list-reason-codes' });
    expect(r.json.paths['/api/reason-codes']?.get?.security).toBeUndefined();
  });
});

describe('a decision\'s reason code', () => {
  it('must be a catalogue code of the verification stage; otherwise 400 and nothing changes', async () => {
    const app = await submitted();
    const task = await openedTask(verifier, 'verification', app.applicationId);
    const auditBefore = await auditLength(app.applicationId);

    const refusals: Array<[string, 'id' | 'en', string]> = [
      ['ODGJ_SITI', 'id', MESSAGES['reasonCode.unknown'].id], // free text, personal and stigmatising: never stored
      ['ODGJ_SITI', 'en', MESSAGES['reasonCode.unknown'].en],
      ['INCOME_ABOVE_LIMIT', 'en', MESSAGES['reasonCode.unknown'].en], // screening's own, not a staff reason
      ['BUDGET_EXHAUSTED', 'id', MESSAGES['reasonCode.verification'].id], // the approval stage's
      ['BUDGET_EXHAUSTED', 'en', MESSAGES['reasonCode.verification'].en],
    ];
    for (const [reasonCode, lang, message] of refusals) {
      const r = await decide(verifier, task.taskId, { decision: 'REJECT', reasonCode, note: 'tes' }, lang);
      expect(r.status, `${reasonCode} ${lang}`).toBe(400);
      expect(r.json.error).toBe('ValidationError');
      expect(r.json.issues).toEqual([{ path: 'reasonCode', message }]);
    }

    // An approval carrying a reason would write the opposite of the decision into the audit trail.
    const approveWithReason = await decide(verifier, task.taskId, { decision: 'APPROVE', reasonCode: 'NOT_AT_ADDRESS' }, 'en');
    expect(approveWithReason.status).toBe(400);
    expect(approveWithReason.json.issues).toEqual([{ path: 'reasonCode', message: MESSAGES['reasonCode.approve'].en }]);

    expect(await isOpen(verifier, 'verification', app.applicationId)).toBe(true);
    expect(await detail(app.applicationId)).toMatchObject({ status: 'PENDING_VERIFICATION', reasonCodes: [] });
    expect(await auditLength(app.applicationId)).toBe(auditBefore);

    // A code of the stage goes through, and the applicant sees it on the status check.
    const ok = await decide(verifier, task.taskId, { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    await api.until('rejected', async () => (await detail(app.applicationId)).status === 'REJECTED');
    const check = await api.call<{ status: string; reasonCodes: string[] }>('POST', '/api/status-check', { body: { reference: app.reference, nik: app.nik } });
    expect(check.json).toMatchObject({ status: 'REJECTED', reasonCodes: ['NOT_AT_ADDRESS'] });
  });

  it('must be a catalogue code of the approval stage; otherwise 400 and nothing changes', async () => {
    const app = await submitted();
    const verification = await api.findTask(verifier, 'verification', app.applicationId);
    expect((await decide(verifier, verification.taskId, { decision: 'APPROVE' })).status).toBe(200);
    const task = await openedTask(approver, 'approval', app.applicationId);
    const auditBefore = await auditLength(app.applicationId);

    // A field visit is the verifier's: an approver cannot say the household was not found at the address.
    const wrongStage = await decide(approver, task.taskId, { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' }, 'en');
    expect(wrongStage.status).toBe(400);
    expect(wrongStage.json.issues).toEqual([{ path: 'reasonCode', message: MESSAGES['reasonCode.approval'].en }]);
    const unknown = await decide(approver, task.taskId, { decision: 'REJECT', reasonCode: 'quota' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.issues).toEqual([{ path: 'reasonCode', message: MESSAGES['reasonCode.unknown'].id }]);

    expect(await isOpen(approver, 'approval', app.applicationId)).toBe(true);
    expect((await detail(app.applicationId)).status).toBe('PENDING_APPROVAL');
    expect(await auditLength(app.applicationId)).toBe(auditBefore);

    const ok = await decide(approver, task.taskId, { decision: 'REJECT', reasonCode: 'BUDGET_EXHAUSTED' });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    await api.until('rejected', async () => (await detail(app.applicationId)).status === 'REJECTED');
    expect((await detail(app.applicationId)).reasonCodes).toEqual(['BUDGET_EXHAUSTED']);
  });
});
