/**
 * GET /api/applications, the staff search, over real HTTP against the in-memory stack: every filter, the reference
 * lookup, paging that returns each application once, totals that count exactly the matches, the caller's regions (a
 * Kupang verifier sees no Tangerang application and is refused a Tangerang district), the NIK masked as the single
 * application's view masks it, and bad input refused with words for an officer, nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoProgramCatalogue } from '../../functions/lib/adapters/dynamo-programs.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { SEED_PROGRAMS } from '../../shared/domain/programs.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { countItems } from '../support/table.ts';

interface Item { applicationId: string; reference: string; status: string; programId: string; period: string; nik: string; address: { districtCode: string }; screening?: { flags: { code: string }[] } }
interface Page { items: Item[]; nextCursor: string | null; total: number }

/** A copy of sembako whose tasks are overdue a second after they open. */
const LATE_PROGRAM = 'uji-terlambat';

let stack: LocalStack;
let api: ApiClient;
const tokens: Record<string, string> = {};
const submitted: { applicationId: string; nik: string; district: string; programId: string }[] = [];
let approvalStage = '';

async function submit(district: string, options: { programId?: string; kk?: string } = {}) {
  const body = { ...applicationBody({ districtCode: district, programId: options.programId }), ...(options.kk ? { kk: options.kk } : {}) };
  const r = await api.call<{ applicationId: string }>('POST', '/api/applications', { body });
  if (r.status !== 201) throw new Error(`submit -> ${r.status} ${r.text}`);
  submitted.push({ applicationId: r.json.applicationId, nik: body.nik, district, programId: body.programId });
  return r.json.applicationId;
}

const search = (token: string, query = '') => api.call<Page>('GET', `/api/applications${query ? `?${query}` : ''}`, { token });

/** Every page, as the console would fetch them; checks each page's total and size. */
async function all(token: string, query: string, limit = 100): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  let total: number | undefined;
  do {
    const r = await search(token, `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status, r.text).toBe(200);
    expect(r.json.items.length).toBeLessThanOrEqual(limit);
    total ??= r.json.total;
    expect(r.json.total).toBe(total);
    items.push(...r.json.items);
    cursor = r.json.nextCursor;
    if (items.length > 1000) throw new Error('the cursor never ends');
  } while (cursor);
  expect(items).toHaveLength(total ?? 0);
  return items;
}
const idsOf = (items: readonly Item[]) => items.map((i) => i.applicationId).sort();
const tangerang = () => submitted.filter((s) => s.district.startsWith('36.71.'));

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  for (const name of ['verifikator.tangerang', 'penyetuju.tangerang', 'keuangan.tangerang', 'verifikator.kupang', 'admin']) tokens[name] = await api.login(name);
  const sembako = SEED_PROGRAMS.find((p) => p.id === 'sembako')!;
  const late = { remindAfterSeconds: 1, escalateAfterSeconds: 1 };
  await new DynamoProgramCatalogue(DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoUrl })), LOCAL_TABLE_NAME)
    .publish({ ...sembako, id: LATE_PROGRAM, deadlines: { verification: late, approval: late } });

  for (let i = 0; i < 6; i++) await submit('36.71.01');
  for (let i = 0; i < 3; i++) await submit('36.71.02');
  await submit('36.71.01', { programId: LATE_PROGRAM });
  await submit('36.71.02', { programId: LATE_PROGRAM });
  // One household applying twice (two NIKs, one KK): the second is flagged.
  await submit('36.71.03', { kk: '3671030101999999' });
  await submit('36.71.03', { kk: '3671030101999999' });
  for (let i = 0; i < 3; i++) await submit('53.71.01');
  await api.until('every application waiting for verification', async () => {
    const r = await search(tokens.admin!, 'regencyCode=36.71&status=PENDING_VERIFICATION');
    const k = await search(tokens.admin!, 'regencyCode=53.71&status=PENDING_VERIFICATION');
    return r.json.total === tangerang().length && k.json.total === 3;
  }, 30_000);
  approvalStage = submitted[0]!.applicationId;
  const decided = await api.call('POST', `/api/tasks/${approvalStage}.verification/decision`, { token: tokens['verifikator.tangerang'], body: { decision: 'APPROVE' } });
  expect(decided.status, decided.text).toBe(200);
  await api.until('one application waiting for approval', async () => (await search(tokens.admin!, 'regencyCode=36.71&status=PENDING_APPROVAL')).json.total === 1);
}, 90_000);
afterAll(() => stack?.close());

describe('the staff search', () => {
  it('pages through the caller\'s regions: every application exactly once, whatever the page size, with the total', async () => {
    const expected = idsOf(tangerang().map((s) => ({ applicationId: s.applicationId }) as Item));
    for (const limit of [1, 4, 5, 100]) expect(idsOf(await all(tokens['verifikator.tangerang']!, '', limit)), `limit ${limit}`).toEqual(expected);
  });

  it('filters by status, programme, period, district and flag, each total counting exactly the matches', async () => {
    const token = tokens['penyetuju.tangerang']!;
    const everything = await all(token, '');
    const expectOnly = async (query: string, match: (i: Item) => boolean) => {
      const found = await all(token, query, 3);
      expect(idsOf(found), query).toEqual(idsOf(everything.filter(match)));
      return found;
    };
    expect(await expectOnly('status=PENDING_APPROVAL', (i) => i.status === 'PENDING_APPROVAL')).toHaveLength(1);
    expect(await expectOnly('status=PENDING_VERIFICATION', (i) => i.status === 'PENDING_VERIFICATION')).toHaveLength(tangerang().length - 1);
    expect(await expectOnly(`programId=${LATE_PROGRAM}`, (i) => i.programId === LATE_PROGRAM)).toHaveLength(2);
    expect(await expectOnly('districtCode=36.71.02', (i) => i.address.districtCode === '36.71.02')).toHaveLength(4);
    expect(await expectOnly('districtCode=36.71.02&programId=sembako', (i) => i.address.districtCode === '36.71.02' && i.programId === 'sembako')).toHaveLength(3);
    const period = everything[0]!.period;
    expect(await expectOnly(`period=${period}`, (i) => i.period === period)).toHaveLength(everything.length);
    expect(await expectOnly('period=2020-01', () => false)).toHaveLength(0);
    const flagged = (code: string) => (i: Item) => (i.screening?.flags ?? []).some((f) => f.code === code);
    expect(await expectOnly('flag=HOUSEHOLD_ALREADY_APPLIED', flagged('HOUSEHOLD_ALREADY_APPLIED'))).toHaveLength(1);
    await expectOnly('flag=NOT_IN_REGISTRY', flagged('NOT_IN_REGISTRY'));
    await expectOnly('flag=REGISTRY_DISTRICT_MISMATCH', flagged('REGISTRY_DISTRICT_MISMATCH'));
  });

  it('finds the applications whose open task is past its deadline', async () => {
    const token = tokens['verifikator.tangerang']!;
    const late = submitted.filter((s) => s.programId === LATE_PROGRAM).map((s) => s.applicationId).sort();
    const overdue = await api.until('the late tasks overdue', async () => {
      const items = await all(token, 'overdue=true', 1);
      return idsOf(items).join() === late.join() ? items : undefined;
    });
    expect(overdue.every((i) => i.status === 'PENDING_VERIFICATION')).toBe(true);
    expect(idsOf(await all(token, 'overdue=true&status=PENDING_VERIFICATION&districtCode=36.71.02'))).toEqual(submitted.filter((s) => s.programId === LATE_PROGRAM && s.district === '36.71.02').map((s) => s.applicationId));
    expect(await all(token, 'overdue=true&status=APPROVED')).toEqual([]);
    expect(await all(token, 'overdue=true&programId=sembako')).toEqual([]);
    expect(await all(token, 'overdue=false&programId=uji-terlambat')).toHaveLength(2);
  });

  it('looks one application up by its exact reference, in the caller\'s regions only', async () => {
    const one = (await api.call<{ reference: string }>('GET', `/api/applications/${submitted[1]!.applicationId}`, { token: tokens.admin })).json;
    const found = await search(tokens['verifikator.tangerang']!, `reference=${one.reference}`);
    expect(found.status, found.text).toBe(200);
    expect(found.json).toMatchObject({ total: 1, nextCursor: null, items: [{ applicationId: submitted[1]!.applicationId, reference: one.reference }] });
    expect((await search(tokens['verifikator.kupang']!, `reference=${one.reference}`)).json).toEqual({ items: [], nextCursor: null, total: 0 });
    expect((await search(tokens['verifikator.tangerang']!, 'reference=JRG-2001-AAAAA-AAAAA')).json).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('keeps to the caller\'s regions: Kupang sees Kupang, and a Tangerang district is refused', async () => {
    const kupang = await all(tokens['verifikator.kupang']!, '');
    expect(idsOf(kupang)).toEqual(submitted.filter((s) => s.district.startsWith('53.71.')).map((s) => s.applicationId).sort());
    const refused = await search(tokens['verifikator.kupang']!, 'districtCode=36.71.01');
    expect(refused.status, refused.text).toBe(403);
    expect(refused.text).toContain('verifikator.kupang tidak bertugas di wilayah 36.71.01 / verifikator.kupang does not work in district 36.71.01');
    expect((await search(tokens['verifikator.kupang']!, 'regencyCode=36.71')).status).toBe(403);
    // A cursor of a Tangerang page does not open Tangerang to Kupang.
    const tangerangPage = await search(tokens['verifikator.tangerang']!, 'limit=1');
    const replayed = await search(tokens['verifikator.kupang']!, `cursor=${tangerangPage.json.nextCursor!}`);
    expect(replayed.status, replayed.text).toBe(400);
    // Finance works from payout batches, not from a search of households.
    const finance = await search(tokens['keuangan.tangerang']!, '');
    expect(finance.status).toBe(403);
    expect(finance.text).toMatch(/Mencari permohonan hanya untuk peran .* Searching applications needs the role/);
  });

  it('masks the NIK as the single application\'s view does: each item is that view, with its open task', async () => {
    const items = await all(tokens['verifikator.tangerang']!, '');
    for (const item of items.slice(0, 4)) {
      const single = await api.call('GET', `/api/applications/${item.applicationId}`, { token: tokens['verifikator.tangerang'] });
      const { task, ...view } = item as typeof item & { task: unknown };
      expect(view).toEqual(single.json);
      // A waiting application shows its task's deadline (the queue's search needs it); any other, none.
      const kind = ({ PENDING_VERIFICATION: 'verification', PENDING_APPROVAL: 'approval' } as Record<string, string>)[item.status];
      if (kind) expect(task).toMatchObject({ taskId: `${item.applicationId}.${kind}`, kind, dueAt: expect.any(String) });
      else expect(task).toBeNull();
    }
    const text = JSON.stringify(items);
    expect(items.every((i) => /^\d{4}\*{12}$/.test(i.nik))).toBe(true);
    for (const s of submitted) expect(text).not.toContain(s.nik);
  });

  it('refuses bad input with a 400 naming the field, in words for an officer, and stores nothing', async () => {
    const token = tokens['verifikator.tangerang']!;
    const before = await countItems(stack.dynamoUrl);
    const cases: [query: string, path: string, words: string][] = [
      ['status=DIPROSES', 'status', 'status harus salah satu dari SUBMITTED'],
      ['districtCode=36.7', 'districtCode', 'districtCode harus kode kecamatan'],
      ['districtCode=36.71.01&regencyCode=53.71', 'districtCode', 'tidak berada di kota/kabupaten'],
      ['flag=DUPLICATE_KK', 'flag', 'flag harus salah satu dari'],
      ['overdue=ya', 'overdue', 'overdue diisi true atau false'],
      ['overdue=true&period=2026-01', 'period', 'tugas tidak mencatat periode'],
      ['reference=JRG-2001-AAAAA-AAAAA&status=APPROVED', 'reference', 'hapus saringan lainnya'],
      ['period=Januari', 'period', 'tulis periode'],
      ['programId=tidak-ada', 'programId', 'Program ini tidak ada'],
      ['cursor=bm9wZQ', 'cursor', 'cursor tidak dikenali'],
      [`cursor=${Buffer.from(JSON.stringify({ pk: 'APP#x', sk: 'APP', gsi4pk: 'APPS#53.71', gsi4sk: '53.71.01#' })).toString('base64url')}`, 'cursor', 'cursor tidak dikenali'],
      ['limit=0', 'limit', ''],
      ['sort=name', '', ''],
    ];
    for (const [query, path, words] of cases) {
      const r = await api.call<{ error: string; message: string; issues: { path: string; message: string }[] }>('GET', `/api/applications?${query}`, { token });
      expect(r.status, `${query}: ${r.text}`).toBe(400);
      expect(r.json.error).toBe('ValidationError');
      if (path) expect(r.json.issues.map((i) => i.path), query).toContain(path);
      if (words) expect(r.json.issues.map((i) => i.message).join(' | '), query).toContain(words);
    }
    const english = await fetch(`${stack.url}/api/applications?status=DIPROSES`, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });
    expect(((await english.json()) as { issues: { message: string }[] }).issues[0]!.message).toMatch(/^status must be one of/);
    const admin = await search(tokens.admin!, '');
    expect(admin.status).toBe(400);
    expect(admin.text).toContain('Pilih kota/kabupaten atau kecamatan yang dicari / Choose the city or district to search');
    expect(await countItems(stack.dynamoUrl)).toEqual(before);
  });
});
