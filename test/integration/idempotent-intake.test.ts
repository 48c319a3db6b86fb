/**
 * Issue #11 item 2: an Idempotency-Key makes a submission happen once. Through the real gateway: a burst under one
 * key, a resend after a lost response, another body under the key, a malformed key. In process, against the same
 * store: a submission cut short before each of its writes, and what a retry then sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES } from '../../shared/domain/application-status.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { ANY_REGION, applicationSchema } from '../../shared/schemas/application.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { LEASE_MS, WAIT_MS } from '../../shared/use-cases/once-per-key.ts';
import { cutBeforeWrite } from '../support/cut-writes.ts';
import { applicationBody } from '../support/fixtures.ts';
import { countItems } from '../support/table.ts';

let stack: LocalStack;
let deps: Deps;
let submitOnce: typeof import('../../shared/use-cases/submit-once.ts').submitOnce;
beforeAll(async () => {
  stack = await startLocalStack({ intakeLimitPerMinute: 10_000 });
  deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  ({ submitOnce } = await import('../../shared/use-cases/submit-once.ts'));
});
afterAll(() => stack?.close());

interface Answer { status: number; body: { applicationId?: string; reference?: string; error?: string; message?: string }; retryAfter: string | null }

async function submit(body: unknown, key: string | undefined, signal?: AbortSignal): Promise<Answer> {
  const response = await fetch(`${stack.url}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
    signal,
  });
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
}

/** As the form does: a retryable 409 (still being processed) is sent again after its Retry-After. */
async function submitUntilAnswered(body: unknown, key: string): Promise<Answer> {
  for (;;) {
    const answer = await submit(body, key);
    if (!(answer.status === 409 && answer.body.error === 'InProgress')) return answer;
    await new Promise((resolve) => setTimeout(resolve, Number(answer.retryAfter) * 1000));
  }
}

/** The stored applications of a NIK, in any status. */
const applicationsOf = async (nik: string) => {
  const ids = new Set<string>();
  for (const status of APPLICATION_STATUSES) {
    for await (const id of deps.applications.listIdsByStatus(status)) {
      if ((await deps.applications.get(id))?.nik === nik) ids.add(id);
    }
  }
  return [...ids]; // an application moving on during the listing is seen in two statuses
};

describe('POST /api/applications with an Idempotency-Key', () => {
  it('creates one application for 50 concurrent requests under one key, and every one answers its reference', async () => {
    const body = applicationBody();
    const key = crypto.randomUUID();
    const answers = await Promise.all(Array.from({ length: 50 }, () => submitUntilAnswered(body, key)));
    expect(answers.map((a) => a.status)).toEqual(new Array(50).fill(201));
    expect(new Set(answers.map((a) => a.body.reference)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.applicationId)).size).toBe(1);
    expect(await applicationsOf(body.nik)).toEqual([answers[0]!.body.applicationId]);
  });

  it('answers a resend after a lost response with the same reference', async () => {
    const body = applicationBody();
    const key = crypto.randomUUID();
    // The phone loses the connection while the server works on the request.
    const lost = new AbortController();
    const first = submit(body, key, lost.signal).catch(() => undefined);
    setTimeout(() => lost.abort(), 5);
    expect(await first).toBeUndefined();
    const resent = await submitUntilAnswered(body, key);
    expect(resent.status).toBe(201);
    const again = await submit(body, key);
    expect(again).toEqual(resent);
    expect(await applicationsOf(body.nik)).toEqual([resent.body.applicationId]);
  });

  it('refuses other answers under a used key with a 422 that says so', async () => {
    const body = applicationBody();
    const key = crypto.randomUUID();
    const first = await submit(body, key);
    expect(first.status).toBe(201);
    const other = await submit({ ...body, fullName: 'Siti Aminah Lubis' }, key);
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('IdempotencyKeyReused');
    expect(other.body.message).toMatch(/sudah dipakai .* \/ this submission key .* was already used for an application with other answers/);
  });

  it('forgets a refused submission, so the corrected one may use the same key', async () => {
    const key = crypto.randomUUID();
    const refused = await submit(applicationBody({ programId: 'no-such-programme' }), key);
    expect(refused.status).toBe(400);
    const corrected = await submit(applicationBody(), key);
    expect(corrected.status).toBe(201);
  });

  it('refuses a malformed key with a 400 naming it, and stores nothing', async () => {
    // The earlier tests' applications are still going through screening (audit events, texts): count once they rest.
    const before = await settledCounts();
    for (const key of ['short', 'x'.repeat(129), 'has spaces in it', 'ünïcode-key-1234']) {
      const answer = await submit(applicationBody(), key);
      expect(answer.status, key).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('Idempotency-Key');
      expect(JSON.stringify(answer.body)).toMatch(/8 to 128 letters, digits, - or _/);
    }
    expect(await countItems(stack.dynamoUrl)).toEqual(before);
  });
});

/** The store's item counts once two readings half a second apart agree (background steps have finished). */
async function settledCounts(): Promise<Record<string, number>> {
  let last = await countItems(stack.dynamoUrl);
  for (let i = 0; i < 120; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await countItems(stack.dynamoUrl);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  throw new Error('the store never came to rest');
}

describe('a keyed submission cut short', () => {
  const input = () => applicationSchema(ANY_REGION).parse(applicationBody());
  /** Writes of a keyed submission, in order: claim the key, claim the NIK, store, start the workflow, the outcome. */
  function cutDeps(n: number, clock: Deps['clock'] = deps.clock): Deps {
    const { cut } = cutBeforeWrite(n);
    return {
      ...deps,
      clock,
      idempotency: cut(deps.idempotency, ['claim', 'takeOver', 'complete', 'forget', 'endLease']),
      dedup: cut(deps.dedup, ['claim', 'replace']),
      applications: cut(deps.applications, ['create']),
      workflow: cut(deps.workflow, ['startLifecycle']),
    };
  }
  const later = (ms: number): Deps['clock'] => ({ now: () => new Date(Date.now() + ms) });

  it.each([1, 2, 3, 4, 5])('before write %i: a retry after the lease gives the one application, and resends answer it', async (n) => {
    const application = input();
    const key = crypto.randomUUID();
    await expect(submitOnce(cutDeps(n), application, key)).rejects.toThrow(`cut before write ${n}`);
    // The dead attempt's lease runs out (it could not end it itself): the retry takes over with its ids.
    const retried = await submitOnce({ ...deps, clock: later(LEASE_MS + 1000) }, application, key);
    expect(await submitOnce(deps, application, key)).toEqual(retried);
    expect(await applicationsOf(application.nik)).toEqual([retried.applicationId]);
  });

  it('answers a retry within the dead attempt\'s lease, once it has waited, with a 409 to send again later', async () => {
    const application = input();
    const key = crypto.randomUUID();
    await expect(submitOnce(cutDeps(4), application, key)).rejects.toThrow('cut before write 4');
    // A clock that runs past the wait at once, so the test does not wait WAIT_MS.
    let calls = 0;
    const hurried: Deps['clock'] = { now: () => new Date(Date.now() + (calls++ === 0 ? 0 : WAIT_MS)) };
    await expect(submitOnce({ ...deps, clock: hurried }, application, key)).rejects.toMatchObject({ kind: 'InProgress' });
    expect(await applicationsOf(application.nik)).toHaveLength(1);
  });
});
