/**
 * `GET /api/me` over real HTTP: each seeded officer gets who they are and the policy's actions their roles allow,
 * which the staff console turns into screens (queues, payout pages). The expectations name, by hand from the roles'
 * intent, the actions those screens hang on; the rest of the list is checked against POLICY itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STAFF } from '../../local/staff-accounts.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { isAllowed, POLICY, type StaffAction } from '../../shared/domain/staff.ts';
import { apiClient, type ApiClient } from '../support/api.ts';

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(() => stack?.close());

interface Me { username: string; roles: string[]; regions: string[]; actions: StaffAction[] }

/** What each role's screens need, and what it must not be offered. */
const SCREENS: Record<string, { has: StaffAction[]; not: StaffAction[] }> = {
  'verifikator.tangerang': {
    has: ['tasks.list.verification', 'task.work.verification', 'application.readNik'],
    not: ['tasks.list.approval', 'task.work.approval', 'payout.read', 'payout.prepare', 'task.reassign'],
  },
  'penyetuju.tangerang': {
    // Overdue verification tasks escalate to approvers, so they see that queue too.
    has: ['tasks.list.approval', 'task.work.approval', 'tasks.list.verification', 'task.work.escalated-verification', 'enrolment.manage'],
    not: ['task.work.verification', 'payout.read', 'payout.prepare', 'application.readNik'],
  },
  'kasi.tangerang': {
    has: ['task.work.verification', 'task.work.approval'],
    not: ['payout.read', 'task.reassign'],
  },
  'keuangan.tangerang': {
    has: ['payout.read', 'payout.prepare', 'payout.reconcile', 'task.work.batchApproval', 'report.read'],
    not: ['tasks.list.verification', 'tasks.list.approval', 'task.work.verification', 'task.work.approval', 'application.audit'],
  },
  admin: {
    has: ['tasks.list.verification', 'tasks.list.approval', 'task.reassign', 'staff.manage', 'task.work.escalated-approval'],
    // Money moves only by finance; an admin decides a task only once it is escalated to them.
    not: ['payout.read', 'payout.prepare', 'task.work.verification', 'task.work.approval'],
  },
};

describe('GET /api/me', () => {
  it.each(LOCAL_STAFF.map((account) => [account.username, account] as const))('tells %s who they are and what they may do', async (_name, account) => {
    const token = await api.login(account.username);
    const r = await api.call<Me>('GET', '/api/me', { token });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ username: account.username, roles: account.roles, regions: account.regions });
    const screens = SCREENS[account.username];
    if (screens) {
      expect(r.json.actions).toEqual(expect.arrayContaining(screens.has));
      for (const action of screens.not) expect(r.json.actions, action).not.toContain(action);
    }
    // Exactly what the policy allows the roles: nothing more, nothing left out.
    const allowed = (Object.keys(POLICY) as StaffAction[]).filter((action) => isAllowed(account, action));
    expect([...r.json.actions].sort()).toEqual(allowed.sort());
  });

  it('is refused without a token, and with a forged one (401)', async () => {
    expect((await api.call('GET', '/api/me')).status).toBe(401);
    const token = await api.login('admin');
    expect((await api.call('GET', '/api/me', { token: `${token.slice(0, -4)}AAAA` })).status).toBe(401);
  });
});
