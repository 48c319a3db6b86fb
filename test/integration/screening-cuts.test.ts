/**
 * Screening cut short before each of its writes, then run again, as the workflow's retry or resume does: one
 * application at PENDING_VERIFICATION (its one status write passing through SCREENING), one place, one open task with
 * the workflow's token, one received message, and an audit chain that is whole, valid and holds each event once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { newApplication, newReference, quotaKey } from '../../shared/domain/application.ts';
import { verifyChain } from '../../shared/domain/audit.ts';
import { ANY_REGION, applicationSchema } from '../../shared/schemas/application.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { cutBeforeWrite } from '../support/cut-writes.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let deps: Deps;
let steps: typeof import('../../shared/use-cases/lifecycle-steps.ts');
let tasks: typeof import('../../shared/use-cases/human-task-steps.ts');
beforeAll(async () => {
  stack = await startLocalStack();
  deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  steps = await import('../../shared/use-cases/lifecycle-steps.ts');
  tasks = await import('../../shared/use-cases/human-task-steps.ts');
});
afterAll(() => stack?.close());

/** Screening's writes, in order: the place, the household, the task, the status, the received message, the audit. */
const SCREENING_WRITES = 6;
function cutDeps(n: number) {
  const { cut, writes } = cutBeforeWrite(n);
  return {
    writes,
    deps: {
      ...deps,
      quotas: cut(deps.quotas, ['claim', 'release']),
      households: cut(deps.households, ['register']),
      tasks: cut(deps.tasks, ['create', 'close']),
      applications: cut(deps.applications, ['transition']),
      outbox: cut(deps.outbox, ['enqueue']),
      audit: cut(deps.audit, ['record']),
    } satisfies Deps,
  };
}

let serial = 7000;
async function submitted() {
  const now = new Date();
  const input = applicationSchema(ANY_REGION).parse(applicationBody({ districtCode: '36.71.04', serial: serial++ }));
  const app = newApplication(input, { applicationId: crypto.randomUUID(), reference: newReference(now), period: '2026-12' }, now);
  await deps.applications.create(app);
  return app;
}

describe('screening cut before each write, then run again', () => {
  it('makes exactly its writes when nothing cuts it', async () => {
    const app = await submitted();
    const run = cutDeps(SCREENING_WRITES + 1);
    expect((await steps.screenApplication(run.deps, app.applicationId)).status).toBe('PENDING_VERIFICATION');
    expect(run.writes()).toBe(SCREENING_WRITES);
  });

  it.each(Array.from({ length: SCREENING_WRITES }, (_, i) => i + 1))('before write %i: one application, one place, one task, a whole chain', async (n) => {
    const app = await submitted();
    await expect(steps.screenApplication(cutDeps(n).deps, app.applicationId)).rejects.toThrow(`cut before write ${n}`);
    expect((await steps.screenApplication(deps, app.applicationId)).status).toBe('PENDING_VERIFICATION');
    const opened = await tasks.openHumanTask(deps, 'verification', app.applicationId, `token-${n}`);
    expect(opened?.status).toBe('OPEN');
    expect(await deps.tasks.recordedToken(`${app.applicationId}.verification`)).toBe(`token-${n}`);

    const stored = (await deps.applications.get(app.applicationId))!;
    expect(stored.timeline.map((t) => t.status)).toEqual(['SUBMITTED', 'SCREENING', 'PENDING_VERIFICATION']);
    expect(stored.screening?.desil).toBeDefined();
    const queue = await deps.tasks.listOpen('verification', 'all', { limit: 1000 });
    expect(queue.items.filter((t) => t.applicationId === app.applicationId)).toHaveLength(1);
    // The place is held: taken once more by the same application changes nothing (a set of holders).
    const taken = (await deps.quotas.taken([quotaKey(stored)])).get(quotaKey(stored))!;
    expect(await deps.quotas.claim(quotaKey(stored), app.applicationId, taken)).toBe(true);
    expect(await deps.outbox.get(`${app.applicationId}.received`)).toBeDefined();
    const chain = await deps.audit.list(app.applicationId);
    expect(chain.map((e) => e.eventId)).toEqual(['status:SUBMITTED', 'status:SCREENING', 'status:PENDING_VERIFICATION', 'task-opened:verification']);
    expect(await verifyChain(chain)).toBe(true);
  });
});
