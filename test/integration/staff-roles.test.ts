/**
 * Issue #10: an admin sets an officer's roles and regions. They go to the identity provider (the local accounts
 * here, through the same Cognito adapter and admin calls as on AWS), so the next sign-in carries them; the tokens
 * issued before carry the old ones and are refused.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { kill, startApp } from '../support/process.ts';

let stack: LocalStack;
let api: ApiClient;
let dataDir = '';
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jaring-staff-roles-'));
  stack = await startLocalStack({ dataDir });
  api = apiClient(stack.url);
});
afterAll(async () => {
  await stack?.close().catch(() => undefined);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Account { username: string; roles: string[]; regions: string[]; tokensValidAfter: string | null }
interface Refusal { error: string; message: string; issues?: { path: string; message: string }[] }
const setRoles = (token: string, username: string, body: unknown, lang = 'id') =>
  api.call<Account & Refusal>('POST', `/api/staff/${username}/roles`, { token, body, headers: { 'accept-language': lang } });
// Revocation compares whole seconds of a token's issue time: a token signed in the same second would be refused.
const nextSecond = () => new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
const storedAccount = async (username: string) => {
  const { users } = JSON.parse(await readFile(join(dataDir, 'identity', 'identity.json'), 'utf8')) as { users: Account[] };
  return users.find((u) => u.username === username);
};

describe('an admin sets roles and regions', () => {
  it('reaches the identity provider, the directory and the next sign-in; older tokens are refused', async () => {
    const admin = await api.login('admin');
    const before = await api.login('verifikator.kupang');
    expect((await api.call('GET', '/api/tasks?kind=verification', { token: before })).status).toBe(200);

    const changed = await setRoles(admin, 'verifikator.kupang', { roles: ['verifier', 'approver'], regions: ['53.71.01', '53.71', '53.71'] });
    expect(changed.status, changed.text).toBe(200);
    // Each code once, in order.
    expect(changed.json).toMatchObject({ username: 'verifikator.kupang', roles: ['verifier', 'approver'], regions: ['53.71', '53.71.01'] });
    expect(await storedAccount('verifikator.kupang')).toMatchObject({ roles: ['verifier', 'approver'], regions: ['53.71', '53.71.01'] });
    const listed = await api.call<{ items: Account[] }>('GET', '/api/staff?limit=100', { token: admin });
    expect(listed.json.items.find((a) => a.username === 'verifikator.kupang')).toMatchObject({ roles: ['verifier', 'approver'], regions: ['53.71', '53.71.01'] });

    expect((await api.call('GET', '/api/tasks?kind=verification', { token: before })).status).toBe(401);
    await nextSecond();
    const after = await api.login('verifikator.kupang');
    const me = await api.call<{ roles: string[]; regions: string[] }>('GET', '/api/me', { token: after });
    expect(me.json).toMatchObject({ roles: ['verifier', 'approver'], regions: ['53.71', '53.71.01'] });
    expect((await api.call('GET', '/api/tasks?kind=approval', { token: after })).status).toBe(200);

    // Taking a role away takes its queue away at the next sign-in.
    expect((await setRoles(admin, 'verifikator.kupang', { roles: ['verifier'], regions: ['53.71'] })).status).toBe(200);
    await nextSecond();
    const last = await api.login('verifikator.kupang');
    expect((await api.call('GET', '/api/tasks?kind=approval', { token: last })).status).toBe(403);
  });

  it('refuses bad changes in words, and changes nothing', async () => {
    const admin = await api.login('admin');
    const before = await storedAccount('penyetuju.tangerang');
    const cases: [unknown, string, RegExp][] = [
      [{ roles: [], regions: ['36.71'] }, 'roles', /paling sedikit satu peran/],
      [{ roles: ['chief'], regions: ['36.71'] }, 'roles.0', /verifikator, penyetuju, keuangan, admin atau pimpinan/],
      [{ roles: ['approver', 'approver'], regions: ['36.71'] }, 'roles', /cukup dipilih sekali/],
      [{ roles: ['approver'], regions: [] }, 'regions', /paling sedikit satu wilayah/],
      [{ roles: ['approver'], regions: ['Tangerang'] }, 'regions.0', /kode provinsi, kota\/kabupaten atau kecamatan/],
      [{ roles: ['approver'], regions: ['36.99'] }, 'regions.0', /tidak ada dalam daftar wilayah/],
      [{ roles: ['approver'], regions: ['36.71'], note: 'x' }, '', /./],
    ];
    for (const [body, path, words] of cases) {
      const refused = await setRoles(admin, 'penyetuju.tangerang', body);
      expect(refused.status, refused.text).toBe(400);
      const issue = refused.json.issues?.find((i) => i.path === path);
      expect(issue?.message ?? refused.json.message, refused.text).toMatch(words);
    }
    const english = await setRoles(admin, 'penyetuju.tangerang', { roles: ['approver'], regions: ['36.99'] }, 'en');
    expect(english.json.issues?.[0]?.message).toBe('this region is not in the Ministry of Home Affairs list of regions');
    expect((await setRoles(admin, 'nobody.here', { roles: ['approver'], regions: ['36.71'] })).status).toBe(404);
    expect(await storedAccount('penyetuju.tangerang')).toEqual(before);
  });

  it('keeps the office an admin: nobody takes away their own admin role, nor the last one', async () => {
    const admin = await api.login('admin');
    const self = await setRoles(admin, 'admin', { roles: ['verifier'], regions: ['36.71'] });
    expect(self.status, self.text).toBe(409);
    expect(self.json.message).toMatch(/peran admin Anda sendiri/);
    expect((await storedAccount('admin'))?.roles).toEqual(['admin']);
  });

  it('is for admins only', async () => {
    const verifier = await api.login('verifikator.tangerang');
    const refused = await setRoles(verifier, 'verifikator2.tangerang', { roles: ['admin'], regions: [] });
    expect(refused.status).toBe(403);
    expect((await storedAccount('verifikator2.tangerang'))?.roles).toEqual(['verifier']);
  });

  // Last: the in-process stack makes way for the app itself (its clients know one store's address per process).
  it('survives a restart: the roles an admin set are the ones the next start and sign-in use', async () => {
    expect((await setRoles(await api.login('admin'), 'keuangan2.tangerang', { roles: ['finance', 'viewer'], regions: ['36.71'] })).status).toBe(200);
    await stack.close();
    const app = await startApp(['--port', '0', '--data-dir', dataDir]);
    try {
      const restarted = apiClient(app.url);
      const listed = await restarted.call<{ items: Account[] }>('GET', '/api/staff?limit=100', { token: await restarted.login('admin') });
      expect(listed.json.items.find((a) => a.username === 'keuangan2.tangerang')?.roles).toEqual(['finance', 'viewer']);
      const me = await restarted.call<{ roles: string[] }>('GET', '/api/me', { token: await restarted.login('keuangan2.tangerang') });
      expect(me.json.roles).toEqual(['finance', 'viewer']);
    } finally {
      await kill(app, 'SIGTERM');
    }
  });
});
