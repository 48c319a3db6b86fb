/**
 * Who may do what, where: every staff route x every seeded account x a Tangerang (36.71.01) and a Kupang
 * (53.71.01) application, over real HTTP against the in-memory stack.
 *
 * The table below is the specification, written by hand from the intent of the roles (it is deliberately not
 * derived from POLICY in shared/domain/staff.ts, so a wrong policy entry shows up as a failing cell):
 * - verifiers work verification tasks in their region, read applications, their audit and the full NIK there;
 * - approvers work approval tasks in their region, also see the verification queue, read applications and audit
 *   in their region, but not the full NIK;
 * - verifiers, approvers and admins search the applications of their regions (an admin names the district);
 * - finance reads applications in its region, searches none (it works from payout batches), and works (and lists) no task;
 * - admins read everything everywhere, see every queue, reassign tasks and manage staff, but do not verify or
 *   approve a task that has not been escalated;
 * - a head of office (viewer) reads the city's reports and dashboard, and nothing about any one household;
 * - nobody approves an application they verified (segregation of duties);
 * - a refusal is a 403 whose message names the reason: the role, the region or the segregation rule.
 *
 * The fixtures and each cell's request: test/support/authorization-world.ts. Authentication and token revocation:
 * staff-authentication.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/catalog.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import type { ApiResponse } from '../support/api.ts';
import { ACCOUNTS, REGIONS, SEGREGATION_ROUTES, SPEC, type Account, type Region } from '../support/authorization-spec.ts';
import {
  authorizationWorld, cellKey, kindOf, ROWS, segregationKey, STAFF_TARGET, TARGET_ROLES,
  type AuditEvent, type AuthorizationWorld, type ErrorBody, type Row,
} from '../support/authorization-world.ts';
import { BATCH_WORKFLOW_ROUTES, PAYOUT_SPEC } from '../support/payout-matrix.ts';

let stack: LocalStack;
let world: AuthorizationWorld;

// Builds a few dozen applications through their workflows: a minute alone, several on a loaded 2-core machine.
beforeAll(async () => {
  stack = await startLocalStack();
  world = await authorizationWorld(stack);
}, 240_000);
afterAll(() => {
  world?.close();
  return stack?.close();
});

/** What an allowed task request leaves in the audit trail (and a refused one must not). */
const TRACE: Record<string, (e: AuditEvent, kind: string) => boolean> = {
  decision: (e, kind) => e.eventId === `decision:${kind}`,
  claim: (e) => e.action === 'TASK_CLAIMED',
  'request-info': (e) => e.action === 'INFO_REQUESTED',
  reassign: (e) => e.action === 'TASK_REASSIGNED',
};

function expectRefusal(response: ApiResponse<ErrorBody>, reason: 'role' | 'region' | 'segregation', account: Account, region: Region) {
  expect(response.status, response.text).toBe(403);
  expect(response.json.error).toBe('Forbidden');
  const message = response.json.message ?? '';
  if (reason === 'role') {
    expect(message).toMatch(/hanya untuk peran .* needs the role/);
    expect(message).toContain(account);
  } else if (reason === 'region') {
    // A batch is refused by its city (the district's first five characters).
    expect(message).toContain(`does not work in district ${REGIONS[region].slice(0, 5)}`);
    expect(message).toContain(account);
  } else {
    expect(message).toMatch(/Segregation of duties/);
    expect(message).toContain(account);
  }
}

async function check(row: Row, cellId: string) {
  const { route, account, region, expected } = row;
  const { response, listedInQueue, applicationId, enrolmentOf } = await world.perform(route, account, region, cellId);
  if (expected === 'listed' || expected === 'unlisted') {
    expect(response.status, response.text).toBe(200);
    expect(listedInQueue, `${REGIONS[region]} task ${expected} in ${account}'s queue`).toBe(expected === 'listed');
  } else if (expected === 'allow') {
    expect(response.status, response.text).toBeGreaterThanOrEqual(200);
    expect(response.status, response.text).toBeLessThan(300);
  } else {
    expectRefusal(response, expected, account, region);
  }

  // Route-specific evidence of what the answer did or did not do.
  if (route === 'GET /api/applications/{id}/nik') {
    const nik = world.shared[region].nik;
    if (expected === 'allow') expect(response.json).toMatchObject({ applicationId: world.shared[region].approval, nik });
    else expect(response.text).not.toContain(nik);
  } else if (route === 'GET /api/applications/{id}' && expected === 'allow') {
    // The mask shows the city only, for everyone (nik-mask.test.ts).
    expect(response.json).toMatchObject({ applicationId: world.shared[region].approval, nik: expect.stringMatching(/^\d{4}\*{12}$/) });
  } else if (route === 'GET /api/applications/{id}/audit' && expected === 'allow') {
    expect(response.json).toMatchObject({ chainValid: true, events: expect.any(Array) });
  } else if (route === 'GET /api/me') {
    expect(response.json).toMatchObject({ username: account, actions: expect.any(Array) });
  } else if (route.includes('/api/programs/') && expected === 'allow') {
    expect(response.json).toMatchObject(route.startsWith('GET') ? { items: expect.any(Array) } : { id: 'sembako', revision: { by: account } });
  } else if (enrolmentOf) {
    const stored = await world.enrolments.get(enrolmentOf);
    expect(stored?.status).toBe(expected === 'allow' ? 'SUSPENDED' : 'ACTIVE');
  } else if (route === 'GET /api/staff') {
    if (expected === 'allow') expect((response.json as { items?: { username: string }[] }).items?.map((i) => i.username)).toEqual(expect.arrayContaining([...ACCOUNTS]));
    else expect(response.text).not.toContain('tokensValidAfter');
  } else if (route === 'GET /api/notifications') {
    if (expected === 'allow') expect(response.json).toMatchObject({ items: expect.any(Array) });
    else expect(response.text).not.toContain('messageId');
  } else if (route === 'POST /api/staff/{username}/access' && expected === 'allow') {
    expect(response.json).toMatchObject({ username: STAFF_TARGET[region], disabled: false });
  } else if (route === 'POST /api/staff/{username}/roles' && expected === 'allow') {
    expect(response.json).toMatchObject({ username: STAFF_TARGET[region], ...TARGET_ROLES[region], tokensValidAfter: null });
  } else if (applicationId) {
    const action = /\/\{id\}\/([a-z-]+)/.exec(route)![1]!;
    const traces = (await world.auditOf(applicationId)).filter((e) => TRACE[action]!(e, kindOf(route)));
    if (expected === 'allow') {
      expect(traces.map((e) => e.actor)).toEqual([account]);
    } else {
      expect(traces, `a refused ${action} left an audit event`).toEqual([]);
    }
  }
}

describe('authorization matrix', () => {
  it('covers every staff route in the catalog, with the payout routes\' own matrix (payout-authorization.test.ts)', () => {
    const staffRoutes = HTTP_ROUTES.filter((r) => r.access === 'staff').map((r) => `${r.method} ${r.path}`).sort();
    const specified = new Set(Object.keys(SPEC).map((k) => {
      const [method, path] = k.replace(/ \[.*\]$/, '').split(' ') as [string, string];
      return `${method} ${path.replace(/\?.*$/, '').replace('{id}', path.startsWith('/api/tasks') ? '{taskId}' : '{applicationId}')}`;
    }));
    const elsewhere = new Set<string>(BATCH_WORKFLOW_ROUTES);
    expect(staffRoutes.filter((r) => !specified.has(r) && !Object.hasOwn(PAYOUT_SPEC, r) && !elsewhere.has(r))).toEqual([]);
  });

  it.each(ROWS.map((row) => [row.route, row.account, row.region, row.expected, row] as const))(
    '%s | %s | %s -> %s',
    async (_route, _account, _region, _expected, row) => {
      await check(row, cellKey(row.route, row.account, row.region));
    },
  );

  it.each(SEGREGATION_ROUTES.map((route) => [route] as const))(
    '%s | kasi.tangerang on an application kasi verified -> segregation',
    async (route) => {
      await check({ route, account: 'kasi.tangerang', region: 'tangerang', expected: 'segregation' }, segregationKey(route));
    },
  );
});
