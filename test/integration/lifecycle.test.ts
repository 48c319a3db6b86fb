/**
 * The lifecycle end to end over real HTTP: in-memory dynalite, the local Step Functions endpoint running
 * workflows/application-lifecycle.asl.json, and the gateway in front of the handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient, type QueuedTask } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { MESSAGES } from '../../shared/schemas/messages.ts';

let stack: LocalStack;
let api: ApiClient;
let verifier: string;
let approver: string;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  verifier = await api.login('verifikator.tangerang');
  approver = await api.login('penyetuju.tangerang');
});
afterAll(() => stack?.close());

const statusOf = async (applicationId: string) =>
  (await api.call<{ status: string }>('GET', `/api/applications/${applicationId}`, { token: approver })).json.status;
const waitForStatus = (applicationId: string, status: string) =>
  api.until(`${applicationId} ${status}`, async () => (await statusOf(applicationId)) === status);

describe('public routes', () => {
  it('reports health once the stack is ready', async () => {
    const r = await api.call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
  });

  it('lists the seeded programmes with their current period', async () => {
    const r = await api.call<Array<{ id: string; periodKind: string; currentPeriod: string; open: boolean }>>('GET', '/api/programs');
    expect(r.status).toBe(200);
    expect(r.json.map((p) => p.id).sort()).toEqual(['beasiswa', 'modal-usaha', 'pelatihan', 'psikososial', 'sembako']);
    const sembako = r.json.find((p) => p.id === 'sembako');
    expect(sembako?.periodKind).toBe('monthly');
    expect(sembako?.currentPeriod).toMatch(/^\d{4}-\d{2}$/);
    expect(r.json.find((p) => p.id === 'beasiswa')?.currentPeriod).toMatch(/^\d{4}-S[12]$/);
  });

  it('serves real regions from idn-area-data, down to villages', async () => {
    const provinces = await api.call<Array<{ code: string; name: string }>>('GET', '/api/regions');
    expect(provinces.json.find((p) => p.code === '36')?.name).toBe('BANTEN');
    const cities = await api.call<Array<{ code: string; name: string }>>('GET', '/api/regions?parent=36');
    expect(cities.json.find((c) => c.code === '36.71')?.name).toBe('KOTA TANGERANG');
    const districts = await api.call<Array<{ code: string; name: string }>>('GET', '/api/regions?parent=16.71');
    expect(districts.json.find((d) => d.code === '16.71.13')?.name).toBe('Kertapati');
    const villages = await api.call<Array<{ code: string }>>('GET', '/api/regions?parent=36.71.01');
    expect(villages.json.length).toBeGreaterThan(0);
    expect(villages.json.every((v) => v.code.startsWith('36.71.01.'))).toBe(true);
    expect((await api.call('GET', '/api/regions?parent=99.99')).status).toBe(404);
    expect((await api.call('GET', '/api/regions?parent=abc')).status).toBe(400);
  });

  it('serves the web pages', async () => {
    const r = await api.call('GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    // Encoded, so the client cannot tidy the dots away before the gateway sees them.
    for (const outside of ['/..%2fpackage.json', '/..%2f.data%2fidentity%2fidentity.json', '/js/..%2f..%2fpackage.json']) {
      expect((await api.call('GET', outside)).status, outside).toBe(404);
    }
  });

  it('serves the module built from shared/ and never the source it is built from', async () => {
    const module = await api.call('GET', '/js/shared.js');
    expect(module.status).toBe(200);
    expect(module.headers.get('content-type')).toMatch(/text\/javascript/);
    const exported = (await import(`data:text/javascript,${encodeURIComponent(module.text)}`)) as typeof import('../../shared/browser.ts');
    // The browser gets the server's own rule and wording, not a copy.
    expect(exported.nikBirthIssues(exported.parseNik('3671014107840001')!, '1984-07-01', 'F')).toEqual([]);
    expect(exported.PHONE_PATTERN.test('081234567890')).toBe(true);
    expect(exported.translate('nik.birth.day', 'en')).toBe(MESSAGES['nik.birth.day'].en);
    expect(module.text).not.toMatch(/\bzod\b/);
    expect((await api.call('GET', '/build.ts')).status).toBe(404);
  });

  it('compresses pages and answers 304 while they are unchanged', async () => {
    // undici's fetch decompresses by itself; the raw request shows what went over the wire.
    const { request } = await import('node:http');
    const get = (headers: Record<string, string>) => new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }>((resolve, reject) => {
      request(`${stack.url}/index.html`, { headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      }).on('error', reject).end();
    });
    const plain = await get({});
    const zipped = await get({ 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.bytes).toBeLessThan(plain.bytes / 2);
    const again = await get({ 'if-none-match': String(plain.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.bytes).toBe(0);
  });
});

describe('an application from intake to APPROVED', () => {
  it('is screened, verified and approved through the workflow, with a hash-chained audit trail', async () => {
    const body = applicationBody();
    const created = await api.call<{ applicationId: string; reference: string; status: string }>('POST', '/api/applications', { body });
    expect(created.status).toBe(201);
    expect(created.json.status).toBe('SUBMITTED');
    expect(created.json.reference).toMatch(/^JRG-\d{4}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    const { applicationId, reference } = created.json;

    const vt = await api.findTask(verifier, 'verification', applicationId);
    expect(vt).toMatchObject({ reference, kind: 'verification', districtCode: '36.71.01' });
    expect(await statusOf(applicationId)).toBe('PENDING_VERIFICATION');

    const decided = await api.call('POST', `/api/tasks/${encodeURIComponent(vt.taskId)}/decision`, { token: verifier, body: { decision: 'APPROVE', note: 'rumah dikunjungi' } });
    expect(decided.status).toBe(200);
    // A retry of the same decision (the response was lost on a patchy connection) is answered, not refused...
    const replay = await api.call<{ replayed: boolean }>('POST', `/api/tasks/${encodeURIComponent(vt.taskId)}/decision`, { token: verifier, body: { decision: 'APPROVE', note: 'rumah dikunjungi' } });
    expect(replay.status).toBe(200);
    expect(replay.json.replayed).toBe(true);
    // ...but a different decision on a decided task is a conflict, from anyone.
    const contrary = await api.call<{ error: string }>('POST', `/api/tasks/${encodeURIComponent(vt.taskId)}/decision`, { token: verifier, body: { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' } });
    expect(contrary.status).toBe(409);
    expect(contrary.json.error).toBe('Conflict');
    const other = await api.call('POST', `/api/tasks/${encodeURIComponent(vt.taskId)}/decision`, { token: await api.login('verifikator2.tangerang'), body: { decision: 'APPROVE' } });
    expect(other.status).toBe(409);

    const at = await api.findTask(approver, 'approval', applicationId);
    // The verification task has left the queue.
    const queue = await api.call<{ items: QueuedTask[] }>('GET', '/api/tasks?kind=verification', { token: verifier });
    expect(queue.json.items.some((t) => t.applicationId === applicationId)).toBe(false);

    expect((await api.call('POST', `/api/tasks/${encodeURIComponent(at.taskId)}/decision`, { token: approver, body: { decision: 'APPROVE' } })).status).toBe(200);
    await waitForStatus(applicationId, 'APPROVED');

    const check = await api.call<{ status: string; timeline: Array<{ status: string }>; reference: string }>('POST', '/api/status-check', { body: { reference, nik: body.nik } });
    expect(check.status).toBe(200);
    expect(check.json.timeline.map((t) => t.status)).toEqual(['SUBMITTED', 'SCREENING', 'PENDING_VERIFICATION', 'PENDING_APPROVAL', 'APPROVED']);
    expect(check.text).not.toContain(body.fullName);
    expect(check.text).not.toContain(body.address.street);

    // Nobody's mask shows the serial (beside birth date, gender and district it would complete the NIK:
    // nik-mask.test.ts); a verifier (who may see identities) sees the birth date, an approver only the year.
    const forVerifier = await api.call<{ nik: string; birthDate?: string }>('GET', `/api/applications/${applicationId}`, { token: verifier });
    expect(forVerifier.json.nik).toBe(`${body.nik.slice(0, 4)}************`);
    expect(forVerifier.json.birthDate).toBe(body.birthDate);
    const detail = await api.call<{ nik: string; kk: string; birthDate?: string; birthYear?: number }>('GET', `/api/applications/${applicationId}`, { token: approver });
    expect(detail.json.nik).toBe(`${body.nik.slice(0, 4)}************`);
    expect(detail.json.birthDate).toBeUndefined();
    expect(detail.json.birthYear).toBe(Number(body.birthDate.slice(0, 4)));
    expect(detail.text).not.toContain(body.nik);
    expect(forVerifier.text).not.toContain(body.nik);
    expect(check.text).not.toContain('verifikator'); // the public timeline names no officer

    const audit = await api.call<{ events: Array<{ eventId: string; actor: string; seq: number }>; chainValid: boolean }>('GET', `/api/applications/${applicationId}/audit`, { token: approver });
    expect(audit.status).toBe(200);
    expect(audit.json.chainValid).toBe(true);
    expect(audit.json.events.map((e) => e.seq)).toEqual(audit.json.events.map((_, i) => i + 1));
    expect(audit.json.events.map((e) => e.eventId)).toEqual(expect.arrayContaining([
      'status:SUBMITTED', 'status:SCREENING', 'status:PENDING_VERIFICATION', 'task-opened:verification', 'decision:verification',
      'status:PENDING_APPROVAL', 'task-opened:approval', 'decision:approval', 'status:APPROVED',
    ]));
    expect(audit.json.events.find((e) => e.eventId === 'decision:verification')?.actor).toBe('verifikator.tangerang');
    expect(audit.json.events.find((e) => e.eventId === 'status:APPROVED')?.actor).toBe('penyetuju.tangerang');
  });

  it('rejects in screening with a reason code when the income is over the limit', async () => {
    const body = applicationBody({ members: 1, monthlyIncome: 9_000_000 });
    const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
    await waitForStatus(created.json.applicationId, 'REJECTED');
    const check = await api.call<{ reasonCodes: string[] }>('POST', '/api/status-check', { body: { reference: created.json.reference, nik: body.nik } });
    expect(check.json.reasonCodes).toEqual(['INCOME_ABOVE_LIMIT']);
  });

  it('rejects at verification with the verifier reason code', async () => {
    const created = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody() });
    const vt = await api.findTask(verifier, 'verification', created.json.applicationId);
    const r = await api.call('POST', `/api/tasks/${encodeURIComponent(vt.taskId)}/decision`, { token: verifier, body: { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' } });
    expect(r.status).toBe(200);
    await waitForStatus(created.json.applicationId, 'REJECTED');
  });

  it('answers a second identical submission with 409, the number on file masked and no reference', async () => {
    const body = applicationBody();
    const first = await api.call<{ reference: string }>('POST', '/api/applications', { body });
    const second = await api.call<{ error: string; reference: string }>('POST', '/api/applications', { body });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ error: 'Duplicate', maskedPhone: `****${body.phone.slice(-4)}` });
    expect(second.text).not.toContain(first.json.reference);
  });
});

describe('staff rules', () => {
  it('never lets the verifier of an application approve it', async () => {
    const kasi = await api.login('kasi.tangerang'); // holds both roles
    const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body: applicationBody() });
    const vt = await api.findTask(kasi, 'verification', created.json.applicationId);
    expect((await api.call('POST', `/api/tasks/${encodeURIComponent(vt.taskId)}/decision`, { token: kasi, body: { decision: 'APPROVE' } })).status).toBe(200);
    const at = await api.findTask(kasi, 'approval', created.json.applicationId);
    const refused = await api.call<{ error: string; message: string }>('POST', `/api/tasks/${encodeURIComponent(at.taskId)}/decision`, { token: kasi, body: { decision: 'APPROVE' } });
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(/Segregation of duties: kasi\.tangerang verified application/);
    expect(await statusOf(created.json.applicationId)).toBe('PENDING_APPROVAL');
    // Another approver may.
    expect((await api.call('POST', `/api/tasks/${encodeURIComponent(at.taskId)}/decision`, { token: approver, body: { decision: 'APPROVE' } })).status).toBe(200);
    await waitForStatus(created.json.applicationId, 'APPROVED');
  });

  it('keeps a verifier to their city and each role to its own queue', async () => {
    const kupang = await api.login('verifikator.kupang');
    const created = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody() });
    const vt = await api.findTask(verifier, 'verification', created.json.applicationId);
    const kupangQueue = await api.call<{ items: QueuedTask[] }>('GET', '/api/tasks?kind=verification', { token: kupang });
    expect(kupangQueue.json.items.some((t) => t.applicationId === created.json.applicationId)).toBe(false);
    const outside = await api.call<{ error: string; message: string }>('POST', `/api/tasks/${encodeURIComponent(vt.taskId)}/decision`, { token: kupang, body: { decision: 'APPROVE' } });
    expect(outside.status).toBe(403);
    expect(outside.json.message).toMatch(/does not work in district 36\.71\.01/);
    const wrongRole = await api.call('GET', '/api/tasks?kind=approval', { token: verifier });
    expect(wrongRole.status).toBe(403);
  });

  it('pages the task queue with a cursor', async () => {
    for (let i = 0; i < 3; i++) await api.call('POST', '/api/applications', { body: applicationBody() });
    await api.until('three open tasks', async () => (await api.call<{ items: QueuedTask[] }>('GET', '/api/tasks?kind=verification&limit=100', { token: verifier })).json.items.length >= 3);
    const first = await api.call<{ items: QueuedTask[]; nextCursor: string | null }>('GET', '/api/tasks?kind=verification&limit=2', { token: verifier });
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await api.call<{ items: QueuedTask[] }>('GET', `/api/tasks?kind=verification&limit=2&cursor=${encodeURIComponent(first.json.nextCursor!)}`, { token: verifier });
    expect(second.json.items.length).toBeGreaterThan(0);
    const ids = new Set(first.json.items.map((t) => t.taskId));
    expect(second.json.items.some((t) => ids.has(t.taskId))).toBe(false);
  });
});

describe('public status check', () => {
  it('gives the same 404 for an unknown reference and for a wrong NIK', async () => {
    const body = applicationBody();
    const created = await api.call<{ reference: string }>('POST', '/api/applications', { body });
    const unknown = await api.call('POST', '/api/status-check', { body: { reference: 'JRG-2611-ZZZZZZZZ', nik: body.nik } });
    const wrongNik = await api.call('POST', '/api/status-check', { body: { reference: created.json.reference, nik: `${body.nik.slice(0, 12)}9999` } });
    expect(unknown.status).toBe(404);
    expect(wrongNik.status).toBe(404);
    expect(wrongNik.text).toBe(unknown.text);
  });
});
