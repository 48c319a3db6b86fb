/**
 * Issue #8, defect 5: the office always keeps an enabled admin. An admin cannot disable itself, and two admins
 * disabling each other at the same moment leave one of them enabled, who can re-enable the other.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { signInOfficer } from '../support/officers.ts';

let stack: LocalStack;
let api: ApiClient;
let dataDir = '';
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jaring-last-admin-'));
  stack = await startLocalStack({ dataDir });
  api = apiClient(stack.url);
});
afterAll(async () => {
  await stack?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Answer { error?: string; message?: string; disabled?: boolean }
const access = (token: string, username: string, body: Record<string, unknown>) => api.call<Answer>('POST', `/api/staff/${username}/access`, { token, body });
const works = async (token: string) => (await api.call('GET', '/api/tasks?kind=verification', { token })).status;
// Revocation compares whole seconds of a token's issue time: a token signed in the same second would be refused.
const nextSecond = () => new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
const signInAdmin2 = () => signInOfficer(dataDir, { username: 'admin2', roles: ['admin'], regions: [] });

describe('the last enabled admin', () => {
  it('cannot disable itself, but may sign itself out everywhere', async () => {
    const admin = await api.login('admin');
    const self = await access(admin, 'admin', { disabled: true });
    expect(self.status, self.text).toBe(409);
    expect(self.json.error).toBe('Conflict');
    expect(self.json.message).toMatch(/^Anda tidak dapat menonaktifkan akun Anda sendiri.* \/ you cannot disable your own account/);
    expect(await works(admin)).toBe(200);
    // Still the admin: it can disable and re-enable an officer.
    expect((await access(admin, 'keuangan2.tangerang', { disabled: true })).json.disabled).toBe(true);
    expect((await access(admin, 'keuangan2.tangerang', { disabled: false })).json.disabled).toBe(false);

    expect((await access(admin, 'admin', { revokeTokens: true })).status).toBe(200);
    expect(await works(admin)).toBe(401);
    await nextSecond();
    expect(await works(await api.login('admin'))).toBe(200);
  });

  it('stays enabled when two admins disable each other at the same moment', async () => {
    for (let round = 0; round < 6; round++) {
      await nextSecond();
      const tokens = { admin: await api.login('admin'), admin2: await signInAdmin2() };
      const [first, second] = await Promise.all([access(tokens.admin, 'admin2', { disabled: true }), access(tokens.admin2, 'admin', { disabled: true })]);
      expect([first.status, second.status].sort(), `round ${round}: ${first.text} ${second.text}`).toEqual([200, 409]);
      const [survivor, disabled] = first.status === 200 ? ['admin', 'admin2'] as const : ['admin2', 'admin'] as const;
      const refused = first.status === 409 ? first : second;
      expect(refused.json.message).toMatch(/admin aktif|enabled admin/);
      expect(await works(tokens[disabled])).toBe(401);
      expect(await works(tokens[survivor])).toBe(200);
      // The survivor can bring the other back.
      expect((await access(tokens[survivor], disabled, { disabled: false })).json.disabled).toBe(false);
    }
  });
});
