/**
 * Issue #11 item 5: the applicant withdraws before a final decision. Through the real gateway and workflow: the task
 * leaves the queue, the quota place is given back, the audit trail says who, the workflow execution ends, and the
 * NIK may apply again. After a decision it is refused; a wrong pair gets the status check's own 404. In process: a
 * withdrawal cut short before each of its writes is finished by the sweep and the workflow.
 */
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { newApplication, newReference, quotaKey } from '../../shared/domain/application.ts';
import { periodOf } from '../../shared/domain/periods.ts';
import { ANY_REGION, applicationSchema } from '../../shared/schemas/application.ts';
import { enrolHousehold } from '../../shared/use-cases/enrolments.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { STALLED_AFTER_MS } from '../../shared/use-cases/resume-applications.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { cutBeforeWrite } from '../support/cut-writes.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let api: ApiClient;
let deps: Deps;
let verifier: string;
let db: DynamoDBDocumentClient;
let sfn: SFNClient;
let lifecycle: typeof import('../../shared/use-cases/lifecycle-steps.ts');
let useCases: {
  withdraw: typeof import('../../shared/use-cases/withdraw-application.ts');
  resume: typeof import('../../shared/use-cases/resume-applications.ts');
};
beforeAll(async () => {
  stack = await startLocalStack({ statusCheckLimitPerMinute: 10_000, intakeLimitPerMinute: 10_000 });
  api = apiClient(stack.url);
  deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  useCases = { withdraw: await import('../../shared/use-cases/withdraw-application.ts'), resume: await import('../../shared/use-cases/resume-applications.ts') };
  lifecycle = await import('../../shared/use-cases/lifecycle-steps.ts');
  verifier = await api.login('verifikator.tangerang');
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoUrl }));
  sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(() => stack?.close());

/** An application waiting for verification: its task is in the verifier's queue and it holds a quota place. */
async function waitingApplication(body = applicationBody()) {
  const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
  expect(created.status).toBe(201);
  const task = await api.findTask(verifier, 'verification', created.json.applicationId);
  return { ...created.json, nik: body.nik, taskId: task.taskId, body };
}

const withdraw = (reference: string, nik: string) => api.call<{ reference: string; status: string; error?: string; message?: string }>('POST', '/api/applications/withdraw', { body: { reference, nik } });

async function holdsPlace(applicationId: string): Promise<boolean> {
  const app = (await deps.applications.get(applicationId))!;
  const { Item } = await db.send(new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: keys.quota(quotaKey(app)) }));
  return ((Item?.holders as Set<string> | undefined) ?? new Set()).has(applicationId);
}

async function queued(applicationId: string): Promise<boolean> {
  const queue = await api.call<{ items: { applicationId: string }[] }>('GET', '/api/tasks?kind=verification&limit=100', { token: verifier });
  return queue.json.items.some((t) => t.applicationId === applicationId);
}

/** The application's executions, once none of them runs any more. */
async function endedExecutions(applicationId: string) {
  return api.until(`the executions of ${applicationId} to end`, async () => {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.lifecycleArn }));
    const mine = executions.filter((e) => e.name?.startsWith(applicationId));
    return mine.length > 0 && mine.every((e) => e.status !== 'RUNNING') && mine.map((e) => e.status);
  });
}

describe('POST /api/applications/withdraw', () => {
  it('withdraws a waiting application: out of the queue, its place given back, audited, its workflow ended', async () => {
    const app = await waitingApplication();
    expect(await holdsPlace(app.applicationId)).toBe(true);
    expect(await queued(app.applicationId)).toBe(true);

    const answer = await withdraw(app.reference, app.nik);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ reference: app.reference, status: 'WITHDRAWN' });

    expect(await queued(app.applicationId)).toBe(false);
    expect((await deps.tasks.get(app.taskId))?.status).toBe('CLOSED');
    expect(await holdsPlace(app.applicationId)).toBe(false);
    expect(await endedExecutions(app.applicationId)).toEqual(['SUCCEEDED']);
    const audit = await api.call<{ events: { action: string; actor: string; before?: string; after?: string }[]; chainValid: boolean }>('GET', `/api/applications/${app.applicationId}/audit`, { token: verifier });
    expect(audit.json.chainValid).toBe(true);
    expect(audit.json.events).toContainEqual(expect.objectContaining({ action: 'STATUS_CHANGED', actor: 'applicant', before: 'PENDING_VERIFICATION', after: 'WITHDRAWN' }));
    // The workflow's last step took it off the sweep's list.
    expect(await api.until('the unfinished list to be empty of it', async () => !(await listedUnfinished(app.applicationId)))).toBe(true);

    const check = await api.call<{ status: string }>('POST', '/api/status-check', { body: { reference: app.reference, nik: app.nik } });
    expect(check.json.status).toBe('WITHDRAWN');
    // A resend after a lost response answers the same, and the NIK may apply again for the programme and period.
    expect(await withdraw(app.reference, app.nik)).toMatchObject({ status: 200, json: answer.json });
    const again = await api.call('POST', '/api/applications', { body: app.body });
    expect(again.status).toBe(201);
  });

  it('withdraws an application still being screened, and screening takes no place for it', async () => {
    const body = applicationBody();
    const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
    expect((await withdraw(created.json.reference, body.nik)).status).toBe(200);
    expect(await endedExecutions(created.json.applicationId)).toEqual(['SUCCEEDED']);
    expect(await holdsPlace(created.json.applicationId)).toBe(false);
    expect(await queued(created.json.applicationId)).toBe(false);
    expect((await deps.applications.get(created.json.applicationId))?.status).toBe('WITHDRAWN');
  });

  it('refuses after a final decision, in words', async () => {
    const app = await waitingApplication();
    const decided = await api.call('POST', `/api/tasks/${app.taskId}/decision`, { token: verifier, body: { decision: 'REJECT', reasonCode: 'NOT_AT_ADDRESS' } });
    expect(decided.status).toBe(200);
    await api.until('the rejection', async () => (await deps.applications.get(app.applicationId))?.status === 'REJECTED');
    const refused = await withdraw(app.reference, app.nik);
    expect(refused.status).toBe(409);
    expect(refused.json.message).toMatch(/sudah diputuskan.* \/ this application has already been decided, so it can no longer be withdrawn/);
    expect((await deps.applications.get(app.applicationId))?.status).toBe('REJECTED');
  });

  it('answers a wrong pair with the status check\'s own 404', async () => {
    const app = await waitingApplication();
    const wrongNik = `${app.nik.slice(0, 12)}9999`;
    for (const [reference, nik] of [[app.reference, wrongNik], ['JRG-2611-ZZZZZ-ZZZZ2', app.nik]] as const) {
      const withdrawal = await withdraw(reference, nik);
      const check = await api.call('POST', '/api/status-check', { body: { reference, nik } });
      expect(withdrawal.status).toBe(404);
      expect(withdrawal.text).toBe(check.text);
    }
    expect((await deps.applications.get(app.applicationId))?.status).toBe('PENDING_VERIFICATION');
  });
});

describe('a withdrawal racing an approval', () => {
  it('ends the enrolment the approval made before the withdrawal moved the status', async () => {
    const now = new Date();
    const input = applicationSchema(ANY_REGION).parse(applicationBody());
    const app = newApplication(input, { applicationId: crypto.randomUUID(), reference: newReference(now), period: periodOf('MONTHLY', now, 'WIB'), programVersion: 1 }, now);
    await deps.applications.create(app);
    let waiting = app;
    for (const [from, to] of [['SUBMITTED', 'SCREENING'], ['SCREENING', 'PENDING_VERIFICATION'], ['PENDING_VERIFICATION', 'PENDING_APPROVAL']] as const) {
      waiting = (await deps.applications.transition(app.applicationId, from, to, { at: now.toISOString(), actor: 'system:workflow' }))!;
    }
    // The approval's step enrols first; the withdrawal then moves the status before the step can.
    await enrolHousehold(deps, waiting);
    expect((await deps.enrolments.get(app.applicationId))?.status).toBe('ACTIVE');
    await useCases.withdraw.withdrawApplication(deps, app.reference, app.nik);
    expect((await deps.enrolments.get(app.applicationId))?.status).toBe('ENDED');
    const events = await deps.audit.list(app.applicationId);
    expect(events).toContainEqual(expect.objectContaining({ action: 'ENROLMENT_CHANGED', actor: 'applicant', after: 'ended' }));
  });
});

describe('workflow steps raced by a withdrawal', () => {
  /** Applications whose every automatic move is beaten by the applicant's withdrawal, as if it came just before. */
  const racedDeps = (): Deps => ({
    ...deps,
    applications: new Proxy(deps.applications, {
      get(target, prop, receiver) {
        if (prop !== 'transition') return Reflect.get(target, prop, receiver);
        return async (...[id, from, to, change]: Parameters<Deps['applications']['transition']>) => {
          if (to !== 'WITHDRAWN') await target.transition(id, from, 'WITHDRAWN', { at: change.at, actor: 'applicant', unfinished: true });
          return target.transition(id, from, to, change);
        };
      },
    }),
  });
  const stored = async (status: 'SUBMITTED' | 'SCREENING') => {
    const now = new Date();
    const input = applicationSchema(ANY_REGION).parse(applicationBody());
    const app = newApplication(input, { applicationId: crypto.randomUUID(), reference: newReference(now), period: periodOf('MONTHLY', now, 'WIB'), programVersion: 1 }, now);
    await deps.applications.create(app);
    if (status === 'SCREENING') await deps.applications.transition(app.applicationId, 'SUBMITTED', 'SCREENING', { at: now.toISOString(), actor: 'system:workflow' });
    return app;
  };

  it.each(['SUBMITTED', 'SCREENING'] as const)('screening from %s ends as WITHDRAWN, and the last step gives back what it took', async (from) => {
    const app = await stored(from);
    expect(await lifecycle.screenApplication(racedDeps(), app.applicationId)).toMatchObject({ status: 'WITHDRAWN' });
    await useCases.withdraw.finishWithdrawalStep(deps, app.applicationId);
    expect(await holdsPlace(app.applicationId)).toBe(false);
    expect((await deps.tasks.get(`${app.applicationId}.verification`))?.status ?? 'NONE').not.toBe('OPEN');
    expect(await listedUnfinished(app.applicationId)).toBe(false);
  });
});

async function listedUnfinished(applicationId: string): Promise<boolean> {
  for await (const id of deps.applications.listUnfinished('9999')) if (id === applicationId) return true;
  return false;
}

describe('a withdrawal cut short', () => {
  /** The withdrawal's writes, in order: the guess count, the status, the tasks, the place, the audit, the wake-up. */
  function cutDeps(n: number): Deps {
    const { cut } = cutBeforeWrite(n);
    return {
      ...deps,
      attempts: cut(deps.attempts, ['take', 'giveBack']),
      applications: cut(deps.applications, ['transition', 'markFinished']),
      tasks: cut(deps.tasks, ['close']),
      quotas: cut(deps.quotas, ['release']),
      audit: cut(deps.audit, ['record']),
      workflow: cut(deps.workflow, ['sendTaskSuccess']),
    };
  }
  const sweepLater: Deps['clock'] = { now: () => new Date(Date.now() + STALLED_AFTER_MS + 60_000) };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('before write %i: the sweep and the workflow finish it, or nothing was withdrawn', async (n) => {
    const app = await waitingApplication();
    await expect(useCases.withdraw.withdrawApplication(cutDeps(n), app.reference, app.nik)).rejects.toThrow(`cut before write ${n}`);
    await useCases.resume.restartStalledApplications({ ...deps, clock: sweepLater });
    const status = (await deps.applications.get(app.applicationId))!.status;
    if (status === 'WITHDRAWN') {
      await endedExecutions(app.applicationId);
      expect(await holdsPlace(app.applicationId)).toBe(false);
      expect(await queued(app.applicationId)).toBe(false);
      expect(await listedUnfinished(app.applicationId)).toBe(false);
    } else {
      // Cut before the status moved: still waiting, with its task and place, and the applicant may send it again.
      expect(status).toBe('PENDING_VERIFICATION');
      expect(await holdsPlace(app.applicationId)).toBe(true);
      expect(await queued(app.applicationId)).toBe(true);
      expect((await withdraw(app.reference, app.nik)).status).toBe(200);
    }
  });
});
