/**
 * Issue #10: the admin's list of staff accounts (GET /api/staff), read from the directory's gsi2 partition. The
 * backfill of accounts stored before that index is in migrations.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STAFF } from '../../local/staff-accounts.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient, type ApiResponse } from '../support/api.ts';

interface Account { username: string; roles: string[]; regions: string[]; disabled: boolean; tokensValidAfter: string | null }
interface StaffPage { items: Account[]; nextCursor: string | null; error?: string; message?: string }

let stack: LocalStack;
let api: ApiClient;
let admin = '';
beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  admin = await api.login('admin');
});
afterAll(async () => {
  await stack?.close();
});

async function everyPage(limit: number): Promise<Account[]> {
  const items: Account[] = [];
  let cursor: string | null = null;
  do {
    const r: ApiResponse<StaffPage> = await api.call<StaffPage>('GET', `/api/staff?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin });
    expect(r.status, r.text).toBe(200);
    expect(r.json.items.length).toBeLessThanOrEqual(limit);
    items.push(...r.json.items);
    cursor = r.json.nextCursor;
  } while (cursor);
  return items;
}

describe('GET /api/staff', () => {
  it('lists every seeded account with its roles and regions, by username', async () => {
    const items = await everyPage(100);
    const seeded = [...LOCAL_STAFF].sort((a, b) => a.username.localeCompare(b.username));
    expect(items).toEqual(seeded.map((a) => ({ username: a.username, roles: a.roles, regions: a.regions, disabled: false, tokensValidAfter: null })));
  });

  it('pages return each account once', async () => {
    const paged = (await everyPage(2)).map((a) => a.username);
    expect(paged).toEqual((await everyPage(100)).map((a) => a.username));
    expect(new Set(paged).size).toBe(paged.length);
  });

  it('shows a disabled account as disabled, with the time its tokens were revoked', async () => {
    const disabled = await api.call('POST', '/api/staff/keuangan2.tangerang/access', { token: admin, body: { disabled: true } });
    expect(disabled.status, disabled.text).toBe(200);
    const listed = (await everyPage(100)).find((a) => a.username === 'keuangan2.tangerang');
    expect(listed).toMatchObject({ disabled: true, tokensValidAfter: expect.any(String) });
    await api.call('POST', '/api/staff/keuangan2.tangerang/access', { token: admin, body: { disabled: false } });
    expect((await everyPage(100)).find((a) => a.username === 'keuangan2.tangerang')?.disabled).toBe(false);
  });

  it('is for admins only', async () => {
    const r = await api.call<StaffPage>('GET', '/api/staff', { token: await api.login('kepala.tangerang') });
    expect(r.status, r.text).toBe(403);
    expect(r.json.message).toMatch(/needs the role admin/);
  });

  it('refuses a cursor it did not issue', async () => {
    const r = await api.call<StaffPage>('GET', '/api/staff?cursor=bm90LWEtY3Vyc29y', { token: admin });
    expect(r.status, r.text).toBe(400);
  });
});
