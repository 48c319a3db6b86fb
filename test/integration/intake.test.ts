/**
 * Intake on real data: dedup and quota races, registry-driven screening with reason codes, household flags,
 * the priority of the verification queue and its explanation, intake windows and the API description.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoProgramCatalogue } from '../../functions/lib/adapters/dynamo-programs.ts';
import { HTTP_ROUTES } from '../../functions/catalog.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { SEED_PROGRAMS, type Program } from '../../shared/domain/programs.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { registeredApplicant } from '../support/registry.ts';
import { countItems } from '../support/table.ts';

let stack: LocalStack;
let api: ApiClient;
let verifier: string;
let dynamo: DynamoDBClient;

interface Created { applicationId: string; reference: string }
interface Detail { status: string; reasonCodes: string[]; screening?: { desil: number | null; priority: { score: number; factors: Array<{ factor: string; points: number; label: { id: string; en: string } }> }; flags: Array<{ code: string; detail?: string }> } }

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  verifier = await api.login('verifikator.tangerang');
  dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl });
});
afterAll(async () => {
  dynamo?.destroy();
  await stack?.close();
});

/** Programmes are data: tests add their own rather than change the seeded ones. */
async function addProgram(program: Program) {
  await new DynamoProgramCatalogue(DynamoDBDocumentClient.from(dynamo), LOCAL_TABLE_NAME).publish(program);
}
// Signed in once: sign-ins are limited per client, and a poll per sign-in would hold many attempts in flight.
let adminToken: Promise<string> | undefined;
const admin = () => (adminToken ??= api.login('admin'));
const detail = async (id: string) => (await api.call<Detail>('GET', `/api/applications/${id}`, { token: await admin() })).json;
const settled = (id: string) => api.until(`${id} screened`, async () => {
  const d = await detail(id);
  return !['SUBMITTED', 'SCREENING'].includes(d.status) && d;
});
const submit = async (body: unknown) => {
  const r = await api.call<Created>('POST', '/api/applications', { body });
  expect(r.status, r.text).toBe(201);
  return r.json;
};

describe('dedup', () => {
  it('gives exactly one 201 to 50 concurrent identical submissions; the rest get 409 without its reference', async () => {
    const body = applicationBody({ districtCode: '71.72.01' });
    const before = await countItems(stack.dynamoUrl);
    const responses = await Promise.all(Array.from({ length: 50 }, () => api.call<{ reference: string; error?: string; maskedPhone?: string }>('POST', '/api/applications', { body })));
    const created = responses.filter((r) => r.status === 201);
    const duplicates = responses.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(duplicates).toHaveLength(49);
    // The reference goes by SMS to the number on file (test/integration/notifications.test.ts), never in the answer.
    expect(duplicates.some((r) => r.text.includes(created[0]!.json.reference))).toBe(false);
    expect(duplicates.every((r) => r.json.error === 'Duplicate')).toBe(true);
    // One that came while the first was still being stored cannot show the number yet; once stored, every one does.
    const later = await api.call<{ maskedPhone?: string }>('POST', '/api/applications', { body });
    expect(later.json.maskedPhone).toBe(`****${body.phone.slice(-4)}`);
    const after = await countItems(stack.dynamoUrl);
    expect((after['APP:APP'] ?? 0) - (before['APP:APP'] ?? 0)).toBe(1);
    expect((after['DEDUP:DEDUP'] ?? 0) - (before['DEDUP:DEDUP'] ?? 0)).toBe(1);
  });

  it('takes a new application for the same NIK once the earlier one was rejected', async () => {
    const body = applicationBody({ members: 1, monthlyIncome: 9_000_000 });
    const first = await submit(body);
    expect((await settled(first.applicationId)).status).toBe('REJECTED');
    const second = await submit({ ...body, household: { members: 4, monthlyIncome: 1_000_000 } });
    expect(second.reference).not.toBe(first.reference);
  });
});

describe('quotas', () => {
  it('never overshoots a district quota under concurrency, and a rejection gives the place back', async () => {
    const sembako = SEED_PROGRAMS.find((p) => p.id === 'sembako')!;
    await addProgram({ ...sembako, id: 'uji-kuota', quotaPerDistrict: 5 });
    const bodies = Array.from({ length: 20 }, () => applicationBody({ programId: 'uji-kuota', districtCode: '53.71.02' }));
    const created = await Promise.all(bodies.map(submit));
    const outcomes = await Promise.all(created.map((c) => settled(c.applicationId)));
    const passed = created.filter((_, i) => outcomes[i]!.status === 'PENDING_VERIFICATION');
    expect(passed).toHaveLength(5);
    const refused = outcomes.filter((o) => o.status === 'REJECTED');
    expect(refused).toHaveLength(created.length - 5);
    expect(refused.every((o) => o.reasonCodes.join() === 'QUOTA_EXHAUSTED')).toBe(true);

    // Another district has its own five places.
    const elsewhere = await submit(applicationBody({ programId: 'uji-kuota', districtCode: '53.71.01' }));
    expect((await settled(elsewhere.applicationId)).status).toBe('PENDING_VERIFICATION');

    const kupang = await api.login('verifikator.kupang');
    const task = await api.findTask(kupang, 'verification', passed[0]!.applicationId);
    expect((await api.call('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/decision`, { token: kupang, body: { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' } })).status).toBe(200);
    await api.until('rejected', async () => (await detail(passed[0]!.applicationId)).status === 'REJECTED');
    const next = await submit(applicationBody({ programId: 'uji-kuota', districtCode: '53.71.02' }));
    expect((await settled(next.applicationId)).status).toBe('PENDING_VERIFICATION');
  });
});

describe('screening against the registry', () => {
  it('rejects a household above the programme desil with the reason code', async () => {
    const { body } = registeredApplicant((p) => p.desil >= 7 && p.districtCode.startsWith('36.71'));
    const created = await submit(body);
    const d = await settled(created.applicationId);
    expect(d.status).toBe('REJECTED');
    expect(d.reasonCodes).toEqual(['DESIL_ABOVE_LIMIT']);
    const pub = await api.call<{ reasonCodes: string[] }>('POST', '/api/status-check', { body: { reference: created.reference, nik: body.nik } });
    expect(pub.json.reasonCodes).toEqual(['DESIL_ABOVE_LIMIT']);
  });

  it('passes a registered poor household with its desil, and flags an applicant the registry does not know', async () => {
    const { body, person } = registeredApplicant((p) => p.desil <= 2 && p.districtCode === '36.71.03');
    const registered = await settled((await submit(body)).applicationId);
    expect(registered.status).toBe('PENDING_VERIFICATION');
    expect(registered.screening?.desil).toBe(person.desil);
    expect(registered.screening?.flags).toEqual([]);
    const unknown = await settled((await submit(applicationBody({ districtCode: '36.71.03' }))).applicationId);
    expect(unknown.status).toBe('PENDING_VERIFICATION');
    expect(unknown.screening?.flags.map((f) => f.code)).toEqual(['NOT_IN_REGISTRY']);
  });

  it('flags an address outside the registry district', async () => {
    const { body } = registeredApplicant((p) => p.desil <= 3 && p.districtCode === '36.71.04');
    const moved = { ...body, address: { ...body.address, districtCode: '36.71.05', villageCode: '36.71.05.1001' } };
    const d = await settled((await submit(moved)).applicationId);
    expect(d.screening?.flags.map((f) => f.code)).toEqual(['REGISTRY_DISTRICT_MISMATCH']);
  });

  it('rejects outside the service area and outside the age range, naming every failed rule', async () => {
    const older = await submit(applicationBody({ programId: 'beasiswa', districtCode: '32.73.01', birthDate: '1980-05-05', gender: 'M' }));
    const d = await settled(older.applicationId);
    expect(d.reasonCodes).toEqual(['OUTSIDE_SERVICE_AREA', 'AGE_ABOVE_MAXIMUM']);
  });
});

describe('households and priority', () => {
  it('flags a second application from the same KK for the verifier, with the first reference', async () => {
    const first = applicationBody({ districtCode: '36.71.06' });
    const second = { ...applicationBody({ districtCode: '36.71.06', gender: 'M', birthDate: '1980-01-02' }), kk: first.kk };
    const a = await submit(first);
    await settled(a.applicationId);
    const b = await submit(second);
    const d = await settled(b.applicationId);
    expect(d.screening?.flags).toContainEqual({ code: 'HOUSEHOLD_ALREADY_APPLIED', detail: a.reference });
    const queue = await api.call<{ items: Array<{ applicationId: string; flags: string[] }> }>('GET', '/api/tasks?kind=verification&limit=100', { token: verifier });
    expect(queue.json.items.find((t) => t.applicationId === b.applicationId)?.flags).toContain('HOUSEHOLD_ALREADY_APPLIED');
  });

  it('orders the verification queue by priority and explains the score', async () => {
    const plain = await submit(applicationBody({ districtCode: '36.71.07' }));
    const { body } = registeredApplicant((p) => p.desil === 1 && p.districtCode === '36.71.07');
    const vulnerable = await submit({ ...body, household: { members: 5, monthlyIncome: 900_000, elderly: 1, children: 2, disabled: 1, femaleHeaded: true } });
    const d = await settled(vulnerable.applicationId);
    await settled(plain.applicationId);
    expect(d.screening?.priority.factors.map((f) => [f.factor, f.points])).toEqual([['DESIL', 50], ['ELDERLY', 10], ['DISABILITY', 15], ['CHILDREN', 10], ['FEMALE_HEADED', 15]]);
    expect(d.screening?.priority.score).toBe(100);
    expect(d.screening?.priority.factors[0]?.label.id).toBe('Desil 1 di DTSEN');

    const scoped = await api.login('verifikator.tangerang');
    // Screened is not yet queued: the task opens in the workflow's next step.
    const queue = await api.until('both tasks queued', async () => {
      const items = (await api.call<{ items: Array<{ applicationId: string; priority: number }> }>('GET', '/api/tasks?kind=verification&limit=100', { token: scoped })).json.items;
      const queued = new Set(items.map((t) => t.applicationId));
      return queued.has(vulnerable.applicationId) && queued.has(plain.applicationId) && items;
    });
    const priorities = queue.map((t) => t.priority);
    expect(priorities).toEqual([...priorities].sort((x, y) => y - x));
    const ids = queue.map((t) => t.applicationId);
    expect(ids.indexOf(vulnerable.applicationId)).toBeLessThan(ids.indexOf(plain.applicationId));
  });
});

describe('intake windows', () => {
  it('refuses applications while a programme is closed and shows it as closed', async () => {
    const sembako = SEED_PROGRAMS.find((p) => p.id === 'sembako')!;
    await addProgram({ ...sembako, id: 'uji-tutup', intake: { opensOn: '2026-01-01', closesOn: '2026-01-31' } });
    await addProgram({ ...sembako, id: 'uji-nanti', intake: { opensOn: '2099-01-01' } });
    const programs = (await api.call<Array<{ id: string; open: boolean }>>('GET', '/api/programs')).json;
    expect(programs.find((p) => p.id === 'uji-tutup')?.open).toBe(false);
    expect(programs.find((p) => p.id === 'uji-nanti')?.open).toBe(false);
    expect(programs.find((p) => p.id === 'sembako')?.open).toBe(true);
    const before = await countItems(stack.dynamoUrl);
    for (const programId of ['uji-tutup', 'uji-nanti']) {
      const r = await api.call<{ error: string; message: string }>('POST', '/api/applications', { body: applicationBody({ programId }) });
      expect(r.status).toBe(409);
      expect(r.json.message).toMatch(/ditutup/);
    }
    expect(await countItems(stack.dynamoUrl)).toEqual(before);
  });
});

describe('API description', () => {
  it('describes every route, generated from the schemas', async () => {
    const r = await api.call<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } }>> }>('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    for (const route of HTTP_ROUTES) expect(r.json.paths[route.path]?.[route.method.toLowerCase()], route.name).toBeDefined();
    const create = r.json.paths['/api/applications']?.post?.requestBody?.content['application/json']?.schema;
    expect(create?.required).toEqual(expect.arrayContaining(['programId', 'nik', 'kk', 'consent']));
    expect(Object.keys(create?.properties ?? {})).toContain('household');
  });
});
