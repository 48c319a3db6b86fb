/**
 * Notifications through the real local stack (dynalite, the Step Functions endpoint, the gateway, the SMS simulator):
 * what the applicant receives at intake, at an information request, at a decision; the 409 of a duplicate, which
 * names no reference and re-sends it once an hour; a provider outage retried; the admin's outbox screen route.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let api: ApiClient;
let admin: string;
let verifier: string;

beforeAll(async () => {
  // The delivery worker every 300 ms, a first retry after 1 s.
  stack = await startLocalStack({ scheduledEveryMs: 300, smsRetrySeconds: 1 });
  api = apiClient(stack.url);
  [admin, verifier] = await Promise.all([api.login('admin'), api.login('verifikator.tangerang')]);
});
afterAll(async () => {
  await stack?.close();
});

interface Created { applicationId: string; reference: string }
interface Listed { items: Array<{ messageId: string; applicationId: string; event: string; status: string; attempts: number; lastError: string | null; text: { id: string; en: string } }>; nextCursor: string | null }

const phoneOf = (body: { phone: string }) => `+62${body.phone.slice(1)}`;
const smsTo = (phone: string) => stack.sms.sent.filter((s) => s.to === phone);
const submit = async (body: unknown) => {
  const r = await api.call<Created>('POST', '/api/applications', { body });
  expect(r.status, r.text).toBe(201);
  return r.json;
};
const outbox = async (status: string) => {
  const r = await api.call<Listed>('GET', `/api/notifications?status=${status}&limit=100`, { token: admin });
  expect(r.status, r.text).toBe(200);
  return r.json.items;
};

describe('messages to the applicant', () => {
  it('texts the reference at intake, once, and the outbox keeps no phone number', async () => {
    const body = { ...applicationBody({ districtCode: '36.71.02' }), phone: '081311112001' };
    const { applicationId, reference } = await submit(body);
    const sms = await api.until('the received SMS', async () => smsTo(phoneOf(body)).find((s) => s.body.includes(reference)));
    expect(sms.context).toEqual({ messageId: `${applicationId}.received` });
    expect(sms.body).toMatch(/^Dinas Sosial: pendaftaran Anda diterima/);
    const sent = await api.until('SENT in the outbox', async () => (await outbox('SENT')).find((m) => m.applicationId === applicationId));
    expect(sent).toMatchObject({ event: 'received', attempts: 1, text: { id: sms.body } });

    // The stored outbox items of the application hold neither the phone number nor the NIK.
    const dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl });
    const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: LOCAL_TABLE_NAME, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': { S: `OUTBOX#${applicationId}` } } }));
    dynamo.destroy();
    expect(Items.length).toBeGreaterThan(0);
    for (const item of Items) {
      expect(JSON.stringify(item)).not.toContain(body.phone.slice(1));
      expect(JSON.stringify(item)).not.toContain(body.nik);
    }
    // Still one message after the workflow's later steps re-derived it from the timeline.
    await api.findTask(verifier, 'verification', applicationId);
    expect(smsTo(phoneOf(body)).filter((s) => s.context.messageId === `${applicationId}.received`)).toHaveLength(1);
  });

  it('texts an information request and a rejection with its reason in plain words', async () => {
    const body = { ...applicationBody({ districtCode: '36.71.03' }), phone: '081311112002' };
    const { applicationId, reference } = await submit(body);
    const task = await api.findTask(verifier, 'verification', applicationId);
    const path = `/api/tasks/${encodeURIComponent(task.taskId)}`;
    expect((await api.call('POST', `${path}/claim`, { token: verifier, body: {} })).status).toBe(200);
    expect((await api.call('POST', `${path}/request-info`, { token: verifier, body: { message: 'Mohon bawa KTP asli ke kantor kelurahan.' } })).status).toBe(200);
    const asked = await api.until('the information SMS', async () => smsTo(phoneOf(body)).find((s) => s.context.messageId?.startsWith(`${applicationId}.information-requested.`)));
    expect(asked.body).toContain(reference);
    expect(asked.body).not.toContain('KTP asli'); // the officer's words stay on the status page
    expect((await api.call('POST', `${path}/decision`, { token: verifier, body: { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' } })).status).toBe(200);
    const rejected = await api.until('the rejection SMS', async () => smsTo(phoneOf(body)).find((s) => s.context.messageId === `${applicationId}.rejected`));
    expect(rejected.body).toContain('Petugas sudah berkunjung ke alamat yang Anda isi');
  });
});

describe('a duplicate submission', () => {
  it('answers 409 without the reference, shows the number on file masked, and re-sends once an hour', async () => {
    const body = { ...applicationBody({ districtCode: '36.71.04' }), phone: '081311117890' };
    const { applicationId, reference } = await submit(body);
    const again = { ...body, phone: '081399990000' }; // whoever submits again, the SMS goes to the number on file
    const duplicates = await Promise.all(Array.from({ length: 5 }, () => api.call<Record<string, unknown>>('POST', '/api/applications', { body: again })));
    for (const d of duplicates) {
      expect(d.status).toBe(409);
      expect(d.json).toEqual({ error: 'Duplicate', message: expect.stringContaining('****7890'), maskedPhone: '****7890' });
      expect(d.text).not.toContain(reference);
    }
    const resent = await api.until('the re-sent reference', async () => smsTo(phoneOf(body)).find((s) => s.context.messageId?.startsWith(`${applicationId}.reference-resent.`)));
    expect(resent.body).toContain(reference);
    // A second duplicate within the hour enqueues nothing.
    expect((await api.call('POST', '/api/applications', { body: again })).status).toBe(409);
    const pending = [...(await outbox('PENDING')), ...(await outbox('SENT'))].filter((m) => m.applicationId === applicationId && m.event === 'reference-resent');
    expect(pending).toHaveLength(1);
    expect(smsTo(phoneOf(again))).toEqual([]);
  });
});

describe('the provider down', () => {
  it('is retried with the failure recorded; the route is for admins only', async () => {
    stack.sms.failNext(1);
    const body = { ...applicationBody({ districtCode: '36.71.05' }), phone: '081311112003' };
    const { applicationId } = await submit(body);
    const sent = await api.until('sent after a retry', async () => (await outbox('SENT')).find((m) => m.applicationId === applicationId && m.event === 'received'), 20_000);
    expect(sent).toMatchObject({ attempts: 2, lastError: 'InternalServerException' });
    expect(smsTo(phoneOf(body)).filter((s) => s.context.messageId === `${applicationId}.received`)).toHaveLength(1);

    expect((await api.call('GET', '/api/notifications', { token: verifier })).status).toBe(403);
    expect((await api.call('GET', '/api/notifications')).status).toBe(401);
    const bad = await api.call<{ issues: Array<{ path: string }> }>('GET', '/api/notifications?status=LOST', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0]?.path).toBe('status');
    const me = await api.call<{ actions: string[] }>('GET', '/api/me', { token: admin });
    expect(me.json.actions).toContain('notifications.read');
  });
});
