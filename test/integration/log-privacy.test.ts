/**
 * NIK never in logs (DESIGN §3, UU 27/2022 PDP): the app runs as a real process, its stdout and stderr are
 * captured whole, and after a full lifecycle over HTTP (with bad requests that carry the personal data in the
 * wrong places) no line holds the applicant's NIK, KK, phone number in any of its spellings, full name or
 * account number, nor any 16-digit run at all.
 *
 * `local/main.ts` logs nothing on the request path, so a second process (test/support/deadline-app.ts: task
 * waits of 1 s, a programme that reminds after 1 s and escalates after 2 s, SMS delivery every second with a
 * provider that refuses its first two messages) makes the workflow and the SMS delivery worker write their operator
 * log lines (reminder, escalation, a failed step, a failed and a retried SMS) about an application holding the same
 * personal data. The outbox of messages to that applicant is scanned too: it holds no NIK, KK, phone or name.
 */
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { DEADLINE_PROGRAM, startDeadlineApp } from '../support/deadline-app.ts';
import { applicationBody, nikFor } from '../support/fixtures.ts';
import { kill, startApp, type RunningApp } from '../support/process.ts';

// The applicant: every identifying value is distinctive, so a hit cannot be a coincidence.
const NIK = nikFor('36.71.01', '1979-08-23', 'F', 7319); // 3671016308797319
const KK = '3671010101097319';
const PHONE_LOCAL = '081398765432';
const PHONE_FORMS = [PHONE_LOCAL, '6281398765432', '+6281398765432', '81398765432'];
const FULL_NAME = 'Ratna Kusumawardhani';
const ACCOUNT_NUMBER = '7731998246';
const WRONG_NIK = `${NIK.slice(0, 12)}9182`; // typed by someone at the status check: also a NIK

const applicant = (programId = 'sembako') => ({
  ...applicationBody({ districtCode: '36.71.01', birthDate: '1979-08-23', gender: 'F', serial: 7319, programId }),
  kk: KK,
  fullName: FULL_NAME,
  phone: PHONE_LOCAL,
  payout: { method: 'BANK', bankCode: '002', accountNumber: ACCOUNT_NUMBER, accountName: FULL_NAME },
});

interface Leak { what: string; line: string }

/** Every line of `output` that holds a piece of the applicant's identity, or any 16-digit run. */
function findLeaks(output: string): Leak[] {
  const leaks: Leak[] = [];
  const needles: Array<[string, string]> = [
    ['NIK', NIK],
    ['wrong NIK typed at the status check', WRONG_NIK],
    ['KK', KK],
    ...PHONE_FORMS.map((p): [string, string] => [`phone ${p}`, p]),
    ['account number', ACCOUNT_NUMBER],
  ];
  for (const line of output.split('\n')) {
    // Digits as written, and with separators between them taken out ("0813-9876-5432", "+62 813 9876 5432").
    const squeezed = line.replace(/(?<=\d)[\s.\-()/]+(?=\d)/g, '');
    for (const [what, needle] of needles) {
      if (line.includes(needle) || squeezed.includes(needle)) leaks.push({ what, line });
    }
    const lower = line.toLowerCase();
    if (lower.includes(FULL_NAME.toLowerCase()) || lower.includes('kusumawardhani')) leaks.push({ what: 'full name', line });
    // Any other NIK-like number as written; with separators squeezed out, ids (UUIDs) could form false runs.
    for (const run of line.match(/(?<![\w-])\d{16,}(?![\w-])/g) ?? []) leaks.push({ what: `16-digit run ${run}`, line });
  }
  return leaks;
}

const expectNoLeaks = (output: string) => {
  const leaks = findLeaks(output);
  expect(leaks.map((l) => `${l.what}: ${l.line.trim().slice(0, 300)}`)).toEqual([]);
};

describe('the leak scanner', () => {
  it('finds each identifying value in every spelling a log line could carry', () => {
    const synthetic = [
      `{"level":"ERROR","message":"Unhandled error","errorMessage":"bad nik ${NIK}"}`,
      `kk=${KK}`,
      ...PHONE_FORMS.map((p) => `"phone": "${p}"`),
      'phone 0813-9876-5432',
      'phone +62 813 9876 5432',
      `  "fullName": "${FULL_NAME.toUpperCase()}"`,
      `account ${ACCOUNT_NUMBER}`,
      'some other id 1234567890123456',
    ].join('\n');
    const found = new Set(findLeaks(synthetic).map((l) => l.what.replace(/ \d{16,}$/, '')));
    expect([...found].sort()).toEqual(['16-digit run', 'KK', 'NIK', 'account number', 'full name', ...PHONE_FORMS.map((p) => `phone ${p}`)].sort());
    expect(findLeaks('reference JRG-2611-ABCDE-FGHIJ, nik 3671********7319, phone ****5432, at 1767225600000')).toEqual([]);
    // Ids are not NIKs, even when their digit groups would run to sixteen without the hyphens.
    expect(findLeaks('"errorMessage": "No verification task for 61360bc3-7065-4607-8630-673ea4db903c"')).toEqual([]);
  });
});

const running: RunningApp[] = [];
afterAll(async () => {
  await Promise.all(running.map((app) => kill(app)));
});

const post = (api: ApiClient, path: string, token: string | undefined, body: unknown) => api.call<Record<string, unknown>>('POST', path, { token, body });
const task = (id: string, kind: string) => `/api/tasks/${encodeURIComponent(`${id}.${kind}`)}`;

describe('logs of a full lifecycle (npm start, in memory)', () => {
  it('hold no NIK, KK, phone number, name or 16-digit run', async () => {
    const app = await startApp(['--port', '0', '--in-memory']);
    running.push(app);
    const api = apiClient(app.url);
    const [verifier, approver, kupang, finance] = await Promise.all(
      ['verifikator.tangerang', 'penyetuju.tangerang', 'verifikator.kupang', 'keuangan.tangerang'].map((u) => api.login(u)));
    const body = applicant();

    // Bad requests first, carrying the personal data where it does not belong.
    expect((await api.call('POST', '/api/applications', { rawBody: `{"nik":"${NIK}","phone":"${PHONE_LOCAL}","fullName":"${FULL_NAME}",` })).status).toBe(400);
    expect((await api.call('POST', '/api/applications', { rawBody: JSON.stringify(body), contentType: 'text/plain' })).status).toBe(415);
    expect((await api.call('POST', '/api/applications', { body: { ...body, phone: `${PHONE_LOCAL}x`, birthDate: '1979-02-30', kk: `${KK}1` } })).status).toBe(400);
    expect((await api.call('POST', '/api/status-check', { rawBody: `{"reference":"JRG-0000","nik":"${NIK}"` })).status).toBe(400);
    expect((await api.call('GET', `/api/applications/${NIK}`, { token: verifier })).status).toBe(400);
    expect((await api.call('POST', '/api/auth/login', { body: { username: NIK, password: FULL_NAME } })).status).toBe(401);

    const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
    expect(created.status, created.text).toBe(201);
    const { applicationId, reference } = created.json;
    expect((await api.call('POST', '/api/applications', { body })).status).toBe(409); // the same NIK again

    expect((await api.call('POST', '/api/status-check', { body: { reference, nik: NIK } })).status).toBe(200);
    expect((await api.call('POST', '/api/status-check', { body: { reference, nik: WRONG_NIK } })).status).toBe(404);

    await api.findTask(verifier!, 'verification', applicationId);
    expect((await post(api, `${task(applicationId, 'verification')}/claim`, verifier, {})).status).toBe(200);
    const info = await post(api, `${task(applicationId, 'verification')}/request-info`, verifier, { message: 'Mohon bawa KTP dan KK asli ke kelurahan.' });
    expect(info.status, info.text).toBe(200);
    expect((await api.call('GET', `/api/applications/${applicationId}/nik`, { token: verifier })).json).toMatchObject({ nik: NIK });
    expect((await post(api, `${task(applicationId, 'verification')}/decision`, kupang, { decision: 'APPROVE' })).status).toBe(403);
    expect((await post(api, `${task(applicationId, 'verification')}/decision`, finance, { decision: 'APPROVE' })).status).toBe(403);
    expect((await api.call('POST', `${task(applicationId, 'verification')}/decision`, { token: verifier, rawBody: `{"decision":"APPROVE","note":"${NIK}` })).status).toBe(400);
    expect((await post(api, `${task(applicationId, 'verification')}/decision`, verifier, { decision: 'APPROVE', note: 'rumah dikunjungi' })).status).toBe(200);

    await api.findTask(approver!, 'approval', applicationId);
    expect((await post(api, `${task(applicationId, 'approval')}/decision`, approver, { decision: 'APPROVE' })).status).toBe(200);
    await api.until('APPROVED', async () =>
      (await api.call<{ status: string }>('GET', `/api/applications/${applicationId}`, { token: approver })).json.status === 'APPROVED');
    expect((await api.call('POST', '/api/status-check', { body: { reference, nik: NIK } })).json).toMatchObject({ status: 'APPROVED' });
    expect((await api.call<{ chainValid: boolean }>('GET', `/api/applications/${applicationId}/audit`, { token: approver })).json.chainValid).toBe(true);

    // Shut down gracefully so anything written on the way out is captured too.
    await kill(app, 'SIGTERM');
    const output = app.output();
    expect(output).toMatch(/Jaring is running at/); // the capture works
    expectNoLeaks(output);
  });
});

/** The JSON objects a process wrote: Powertools' log lines (indented over several lines here) and its metric lines. */
function jsonObjects(output: string): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  let block: string[] | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('{"_aws"')) objects.push(JSON.parse(line) as Record<string, unknown>);
    else if (line === '{') block = [line];
    else if (block) {
      block.push(line);
      if (line === '}') {
        objects.push(JSON.parse(block.join('\n')) as Record<string, unknown>);
        block = undefined;
      }
    }
  }
  return objects;
}

interface Emf { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] }; [key: string]: unknown }

describe('logs of the workflow paths that do log (reminders, escalations, a failed step)', () => {
  it('name ids, never the applicant; the metrics count what happened, never who', async () => {
    // The business metrics as CloudWatch would receive them (they are off by default locally).
    const app = await startDeadlineApp({ POWERTOOLS_METRICS_DISABLED: 'false' });
    running.push(app);
    const api = apiClient(app.url);
    const [approver, admin] = await Promise.all(['penyetuju.tangerang', 'admin'].map((u) => api.login(u)));
    interface Item { applicationId: string; escalated: boolean }
    const escalated = (kind: string, applicationId: string) => api.until(`escalated ${kind} task`, async () =>
      (await api.call<{ items: Item[] }>('GET', `/api/tasks?kind=${kind}&limit=100`, { token: admin })).json.items.find((t) => t.applicationId === applicationId && t.escalated), 15_000);

    // An application that nobody works: reminded, escalated to the approvers, then to the admins.
    const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body: applicant(DEADLINE_PROGRAM) });
    expect(created.status, created.text).toBe(201);
    const { applicationId, reference } = created.json;
    await escalated('verification', applicationId);
    expect((await post(api, `${task(applicationId, 'verification')}/decision`, approver, { decision: 'APPROVE' })).status).toBe(200);
    await escalated('approval', applicationId);
    expect((await post(api, `${task(applicationId, 'approval')}/decision`, admin, { decision: 'APPROVE' })).status).toBe(200);
    await api.until('APPROVED', async () =>
      (await api.call<{ status: string }>('POST', '/api/status-check', { body: { reference, nik: NIK } })).json.status === 'APPROVED');

    // A second one (same person, the ordinary programme) whose task item vanishes: the deadline step fails and logs.
    const second = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicant('sembako') });
    expect(second.status, second.text).toBe(201);
    await api.until('second verification task', async () =>
      (await api.call<{ items: Item[] }>('GET', '/api/tasks?kind=verification&limit=100', { token: admin })).json.items.some((t) => t.applicationId === second.json.applicationId));
    const dynamo = new DynamoDBClient({ endpoint: app.dynamoUrl, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      await dynamo.send(new DeleteItemCommand({
        TableName: LOCAL_TABLE_NAME,
        Key: { pk: { S: `TASK#${second.json.applicationId}.verification` }, sk: { S: 'TASK' } },
      }));
    } finally {
      dynamo.destroy();
    }
    await api.until('a failed step in the log', async () => /Workflow step failed/.test(app.output()), 15_000);

    // Every message to the applicant reached the provider, the first ones after a retry; none carries them.
    interface Message { applicationId: string; event: string; attempts: number }
    const sentTo = async (applicationId: string) =>
      (await api.call<{ items: Message[] }>('GET', '/api/notifications?status=SENT&limit=100', { token: admin })).json.items.filter((m) => m.applicationId === applicationId);
    await api.until('the messages of the first application sent', async () => (await sentTo(applicationId)).length === 2 || undefined, 15_000);
    expect((await sentTo(applicationId)).map((m) => m.event).sort()).toEqual(['approved', 'received']);
    for (const status of ['PENDING', 'SENT', 'DEAD']) {
      expectNoLeaks((await api.call('GET', `/api/notifications?status=${status}&limit=100`, { token: admin })).text);
    }

    await kill(app, 'SIGTERM');
    const output = app.output();
    expect(output).toMatch(/Reminder on an overdue task/);
    expect(output).toMatch(/Escalation on an overdue task/);
    expect(output).toMatch(/SMS attempts failed; retrying later/);
    expect(output).toMatch(/SMS messages sent/);
    expect(output).toContain(applicationId); // the lines name the application by id
    expectNoLeaks(output);

    // Every step's line carries the application, its workflow execution and its invocation.
    const objects = jsonObjects(output);
    const reminder = objects.find((o) => o.message === 'Reminder on an overdue task' && o.applicationId === applicationId);
    expect(reminder).toMatchObject({ service: 'jaring', function_name: 'remind-officer', executionId: expect.stringContaining(':execution:jaring-application-lifecycle:') });
    const failed = objects.find((o) => o.message === 'Workflow step failed' && o.applicationId === second.json.applicationId);
    expect(failed).toMatchObject({ executionId: expect.stringContaining(':execution:'), function_request_id: expect.any(String) });

    const metrics = objects.filter((o): o is Emf => '_aws' in o);
    for (const m of metrics) expect(m._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Jaring', Dimensions: [expect.arrayContaining(['service'])] });
    const values = (name: string, where: Record<string, string> = {}) => metrics
      .filter((m) => m._aws.CloudWatchMetrics[0]!.Metrics.some((x) => x.Name === name) && Object.entries(where).every(([k, v]) => m[k] === v))
      .map((m) => m[name] as number);
    expect(values('ApplicationsSubmitted').length).toBeGreaterThanOrEqual(2);
    expect(values('ApplicationsScreened', { Outcome: 'passed' }).length).toBeGreaterThanOrEqual(2);
    expect(values('ApplicationsDecided', { Outcome: 'approved' }).length).toBeGreaterThanOrEqual(1);
    const verificationWaits = values('StageWait', { Stage: 'PENDING_VERIFICATION' });
    expect(verificationWaits.length).toBeGreaterThan(0);
    expect(verificationWaits.every((ms) => ms >= 2000)).toBe(true); // decided only once escalated, after 2 s
    expect(values('NotificationsSent').reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
    expect(values('NotificationsFailed').reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2); // the provider refused two
  }, 120_000); // two escalations, a failed step and the SMS retries, on a shared machine
});
