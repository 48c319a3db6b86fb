/**
 * Local identity: tokens expire, passwords are stored hashed, and local mode will not run in production with
 * the default password.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { kill, startApp, type RunningApp } from '../support/process.ts';

let stack: LocalStack;
let api: ApiClient;
const dirs: string[] = [];
const apps: RunningApp[] = [];
beforeAll(async () => {
  // Two seconds: JWT expiry counts whole seconds, so one second could already be over when the token is used.
  stack = await startLocalStack({ tokenTtlSeconds: 2 });
  api = apiClient(stack.url);
});
afterAll(async () => {
  await stack?.close();
  for (const app of apps) await kill(app);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('local identity', () => {
  it('issues tokens that expire', async () => {
    const login = await api.call<{ token: string; expiresAt: string; user: { roles: string[]; regions: string[] } }>('POST', '/api/auth/login', { body: { username: 'verifikator.kupang', password: 'jaring-dev' } });
    expect(login.json.user).toEqual({ username: 'verifikator.kupang', roles: ['verifier'], regions: ['53.71'] });
    expect(Date.parse(login.json.expiresAt) - Date.now()).toBeLessThanOrEqual(2000);
    expect((await api.call('GET', '/api/tasks?kind=verification', { token: login.json.token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3100));
    const expired = await api.call<{ message: string }>('GET', '/api/tasks?kind=verification', { token: login.json.token });
    expect(expired.status).toBe(401);
    expect(expired.json.message).toMatch(/^Sesi Anda tidak berlaku atau sudah berakhir; silakan masuk lagi \/ your session is invalid or has expired/);
    const none = await api.call<{ message: string }>('GET', '/api/tasks?kind=verification');
    expect(none.status).toBe(401);
    expect(none.json.message).toMatch(/^Anda belum masuk; silakan masuk .* \/ you are not signed in; please sign in/);
  });

  it('keeps scrypt hashes and a generated key under the data folder, never the password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jaring-identity-'));
    dirs.push(dir);
    const app = await startApp(['--port', '0', '--data-dir', dir], { JARING_DEV_PASSWORD: 'rahasia-lokal-123' });
    apps.push(app);
    expect(app.output()).toMatch(/password: from JARING_DEV_PASSWORD/);
    expect(app.output()).not.toContain('rahasia-lokal-123');
    const local = apiClient(app.url);
    expect((await local.call('POST', '/api/auth/login', { body: { username: 'admin', password: 'rahasia-lokal-123' } })).status).toBe(200);
    expect((await local.call('POST', '/api/auth/login', { body: { username: 'admin', password: 'jaring-dev' } })).status).toBe(401);
    const stored = await readFile(join(dir, 'identity', 'identity.json'), 'utf8');
    expect(stored).not.toContain('rahasia-lokal-123');
    expect(stored).toMatch(/"passwordHash": "scrypt\$/);
    expect(stored).toMatch(/"kty": "EC"/);
  });

  it('refuses to start in production with the default password', async () => {
    const started = startApp(['--port', '0', '--in-memory'], { NODE_ENV: 'production', JARING_DEV_PASSWORD: 'jaring-dev' });
    await expect(started).rejects.toThrow(/Refusing to start: NODE_ENV=production with the default dev password/);
  });
});
