/**
 * Local sign-in is throttled (issue #8, defect 4): failures per client, per account from one client, and per account
 * from everywhere, counted in the store (a right password counts nowhere, and a device that signed in to the account
 * before is held by no account-wide limit, so an attacker elsewhere cannot keep its officer out); a refusal is a 429
 * with Retry-After in words for the officer, counted by no limit, and every failed or refused sign-in leaves an audit
 * line (no password). The test plays CloudFront, as client-address.test.ts does, to sign in from many viewer addresses
 * through one connection.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../functions/lib/config.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { SIGN_IN_LIMITS } from '../../shared/use-cases/sign-in-limits.ts';

const SECRET = 'origin-secret-the-login-test-shares-with-the-stack-0123';
const PASSWORD = 'jaring-dev';
let stack: LocalStack;
const logged: string[] = [];
beforeAll(async () => {
  stack = await startLocalStack({ originVerifySecret: SECRET });
  // The logger writes through the global console in local mode (POWERTOOLS_DEV), one call per line.
  for (const level of ['info', 'warn'] as const) vi.spyOn(console, level).mockImplementation((line: unknown) => void logged.push(String(line)));
});
afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.close();
});

interface Answer { status: number; retryAfter: number | undefined; message: string }

async function login(viewer: string, username: string, password: string, body?: string): Promise<Answer> {
  const response = await fetch(`${stack.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: viewer },
    body: body ?? JSON.stringify({ username, password }),
  });
  const json = (await response.json()) as { message: string };
  const retryAfter = response.headers.get('retry-after');
  return { status: response.status, retryAfter: retryAfter === null ? undefined : Number(retryAfter), message: json.message };
}

const limitOf = (scope: string) => SIGN_IN_LIMITS.find((l) => l.scope === scope) ?? { limit: 0, windowSeconds: 0 };

/** Fixed windows: start where the longest window has time left for every case, so no count resets half-way. */
async function awayFromWindowEdge() {
  const longest = Math.max(...SIGN_IN_LIMITS.map((l) => l.windowSeconds));
  const secondsLeft = longest - (Math.floor(Date.now() / 1000) % longest);
  if (secondsLeft < 60) await new Promise((r) => setTimeout(r, secondsLeft * 1000 + 200));
}

describe('sign-in throttling', () => {
  beforeAll(awayFromWindowEdge, 90_000);

  it('answers a body that is no JSON, or not an object of two strings, with 400 or 415, never a 500', async () => {
    expect((await login('198.51.100.1', '', '', '{not json')).status).toBe(400);
    expect((await login('198.51.100.1', '', '', '"admin"')).status).toBe(400);
    expect((await login('198.51.100.1', '', '', 'null')).status).toBe(400);
    expect((await login('198.51.100.1', '', '', JSON.stringify({ username: 'admin', password: 7 }))).status).toBe(400);
    const notJson = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'admin' });
    expect(notJson.status).toBe(415);
  });

  it('locks one account from one client after its limit, even for the right password, but not from another client', async () => {
    const { limit, windowSeconds } = limitOf('account-client');
    const attacker = '198.51.100.20';
    for (let i = 0; i < limit; i++) expect((await login(attacker, 'verifikator.kupang', `tebakan-${i}`)).status).toBe(401);
    const locked = await login(attacker, 'verifikator.kupang', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBeGreaterThan(0);
    expect(locked.retryAfter).toBeLessThanOrEqual(windowSeconds);
    expect(locked.message).toMatch(/^Terlalu banyak percobaan masuk.* \/ too many sign-in attempts/);
    expect(locked.message).toContain(`${locked.retryAfter} detik`);
    // The officer, at their own device, is not locked out by someone else's guesses.
    expect((await login('198.51.100.21', 'verifikator.kupang', PASSWORD)).status).toBe(200);
  });

  it('stops one client trying many accounts, whatever the names', async () => {
    const { limit } = limitOf('client');
    const sprayer = '198.51.100.30';
    for (let i = 0; i < limit; i++) expect((await login(sprayer, `petugas.${i}`, 'jaring-dev')).status).toBe(401);
    const refused = await login(sprayer, 'admin', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBeLessThanOrEqual(limitOf('client').windowSeconds);
    // Refused at the client's limit, those attempts did not count against the admin account.
    expect((await login('198.51.100.31', 'admin', PASSWORD)).status).toBe(200);
  });

  it('locks an account guessed at from many clients for a few minutes at most, for every device new to it', async () => {
    const perClient = limitOf('account-client').limit;
    const { limit, windowSeconds } = limitOf('account');
    const clients = Math.ceil(limit / perClient);
    for (let c = 0; c < clients; c++) {
      const statuses = await Promise.all(Array.from({ length: perClient }, (_, i) => login(`2001:db8:${c + 1}::1`, 'penyetuju.tangerang', `tebakan-${i}`)));
      expect(statuses.map((s) => s.status)).toEqual(new Array(perClient).fill(401));
    }
    const everywhere = await login('203.0.113.99', 'penyetuju.tangerang', PASSWORD);
    expect(everywhere.status).toBe(429);
    expect(everywhere.retryAfter).toBeLessThanOrEqual(windowSeconds);
    expect(windowSeconds).toBeLessThanOrEqual(15 * 60);
    // Another officer is not affected.
    expect((await login('203.0.113.99', 'keuangan.tangerang', PASSWORD)).status).toBe(200);
  }, 60_000);

  it('keeps letting in the device an officer signed in from before while the account is locked from everywhere', async () => {
    const perClient = limitOf('account-client').limit;
    const { limit, windowSeconds } = limitOf('account');
    const officerDevice = '198.51.100.70';
    // Known to another account only: a device is known per account.
    const otherDevice = '198.51.100.71';
    expect((await login(officerDevice, 'keuangan.tangerang', PASSWORD)).status).toBe(200);
    expect((await login(otherDevice, 'admin', PASSWORD)).status).toBe(200);
    for (let c = 0; c < Math.ceil(limit / perClient); c++) {
      const answers = await Promise.all(Array.from({ length: perClient }, (_, i) => login(`2001:db8:b${c}::1`, 'keuangan.tangerang', `tebakan-${i}`)));
      expect(answers.map((a) => a.status)).toEqual(new Array(perClient).fill(401));
    }
    const secondsLeftInWindow = windowSeconds - (Math.floor(Date.now() / 1000) % windowSeconds);
    for (const device of ['203.0.113.70', otherDevice]) {
      const refused = await login(device, 'keuangan.tangerang', PASSWORD);
      expect(refused.status).toBe(429);
      // Until the window the attacker filled ends, and no longer.
      expect(refused.retryAfter).toBeLessThanOrEqual(secondsLeftInWindow);
    }
    // The officer's own device: the account's limit does not hold it, only its own per-account limit does.
    expect((await login(officerDevice, 'keuangan.tangerang', PASSWORD)).status).toBe(200);
    expect((await login(officerDevice, 'keuangan.tangerang', 'salah-ketik')).status).toBe(401);
    expect((await login(officerDevice, 'keuangan.tangerang', PASSWORD)).status).toBe(200);
    // Its sign-ins gave back nothing of the account's count: a new device is still refused.
    expect((await login('203.0.113.70', 'keuangan.tangerang', PASSWORD)).status).toBe(429);
  }, 60_000);

  it('never refuses an officer who signs in right, however often, and refuses the right password after the failures', async () => {
    const most = Math.max(...SIGN_IN_LIMITS.map((l) => l.limit));
    const office = '198.51.100.50';
    // More right sign-ins from one client than any limit lets fail, a batch at a time as a busy office would.
    for (let done = 0; done <= most; done += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => login(office, 'verifikator.tangerang', PASSWORD)));
      expect(batch.map((a) => a.status)).toEqual(new Array(10).fill(200));
    }
    const { limit, windowSeconds } = limitOf('account-client');
    for (let i = 0; i < limit; i++) expect((await login(office, 'verifikator.tangerang', `tebakan-${i}`)).status).toBe(401);
    const locked = await login(office, 'verifikator.tangerang', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBeGreaterThan(0);
    expect(locked.retryAfter).toBeLessThanOrEqual(windowSeconds);
    expect(locked.message).toContain(`${locked.retryAfter} detik`);
  }, 60_000);

  it('does not count an attempt one limit refuses against the other limits', async () => {
    const perClient = limitOf('account-client').limit;
    const clientLimit = limitOf('client').limit;
    const device = '198.51.100.60';
    for (let i = 0; i < perClient; i++) expect((await login(device, 'verifikator2.tangerang', `tebakan-${i}`)).status).toBe(401);
    // Held at that account's limit, the device goes on past the client's limit: each refusal gives its slot back.
    for (let i = 0; i < clientLimit; i++) expect((await login(device, 'verifikator2.tangerang', `lagi-${i}`)).status).toBe(429);
    expect((await login(device, 'petugas.lain', 'salah')).status).toBe(401);

    // Refused by the last limit (the account, locked from everywhere): given back to the client's and the pair's.
    const clients = Math.ceil(limitOf('account').limit / perClient);
    for (let c = 0; c < clients; c++) {
      const answers = await Promise.all(Array.from({ length: perClient }, (_, i) => login(`2001:db8:a${c}::1`, 'kasi.tangerang', `tebakan-${i}`)));
      expect(answers.map((a) => a.status)).toEqual(new Array(perClient).fill(401));
    }
    const bystander = '203.0.113.60';
    for (let i = 0; i < clientLimit; i++) expect((await login(bystander, 'kasi.tangerang', PASSWORD)).status).toBe(429);
    expect((await login(bystander, 'petugas.lain', 'salah')).status).toBe(401);
  }, 60_000);

  it('writes an audit line for each failed or refused sign-in, without the password or the client address', async () => {
    await login('198.51.100.40', 'keuangan2.tangerang', 'kata-sandi-salah-12345');
    await login('198.51.100.40', 'kata-sandi-di-kolom-nama', 'x');
    const entries = logged.flatMap((chunk) => {
      try {
        return [JSON.parse(chunk) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    const audit = entries.filter((entry) => entry.audit === 'staff-sign-in');
    expect(audit).toContainEqual(expect.objectContaining({ outcome: 'wrong-password', username: 'keuangan2.tangerang' }));
    expect(audit).toContainEqual(expect.objectContaining({ outcome: 'refused-throttled', username: 'verifikator.kupang' }));
    // A name that is no account is not written down: it is often a password typed in the wrong field.
    expect(audit).toContainEqual(expect.objectContaining({ outcome: 'unknown-account' }));
    const text = JSON.stringify(audit);
    expect(text).not.toContain('kata-sandi');
    expect(text).not.toContain('198.51.100.');
    expect(text).not.toContain(PASSWORD);
  });
});
