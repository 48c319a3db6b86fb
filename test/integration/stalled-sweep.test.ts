/**
 * An application stored but never started (its intake Lambda died after the write) stays SUBMITTED with no
 * execution, and no failure event ever reports it. The scheduled sweep, run here as AWS runs it (the handler,
 * against the local stack), starts its lifecycle once, under a name derived from the stalled state.
 */
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoApplicationRepository } from '../../functions/lib/adapters/dynamo-applications.ts';
import { importHandler, lambdaContext } from '../../local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { STALLED_AFTER_MS } from '../../shared/use-cases/resume-applications.ts';
import { apiClient } from '../support/api.ts';
import { applicationsAt, storeNeverStarted } from '../support/stalled.ts';

let stack: LocalStack;
let sfn: SFNClient;
let repository: DynamoApplicationRepository;
beforeAll(async () => {
  stack = await startLocalStack();
  sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl });
  repository = applicationsAt(stack.dynamoUrl);
});
afterAll(async () => {
  sfn?.destroy();
  await stack?.close();
});

const executionsOf = async (applicationId: string) => {
  const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.lifecycleArn, maxResults: 1000 }));
  return (executions ?? []).filter((e) => e.name?.startsWith(applicationId));
};

describe('the sweep of stalled applications', () => {
  it('starts the lifecycle of applications stalled in SUBMITTED or SCREENING past the threshold, once however often it runs', async () => {
    const stalled = await storeNeverStarted(repository, STALLED_AFTER_MS + 60_000);
    // One whose screening step died after moving it to SCREENING, as long ago.
    const screening = await storeNeverStarted(repository, STALLED_AFTER_MS + 60_000);
    const longAgo = new Date(Date.now() - STALLED_AFTER_MS - 30_000).toISOString();
    expect((await repository.transition(screening, 'SUBMITTED', 'SCREENING', { at: longAgo, actor: 'system:workflow' }))?.status).toBe('SCREENING');
    const recent = await storeNeverStarted(repository, 60_000);
    const sweep = await importHandler('functions/events/restart-stalled-applications.ts');
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };

    // Two sweeps at once (EventBridge delivers at least once): each application's execution is started once (a start of
    // the same name while it runs is the same request again, so both sweeps may report it).
    const results = await Promise.all([sweep(event, lambdaContext('sweep') as Context), sweep(event, lambdaContext('sweep') as Context)]) as { restarted: number }[];
    expect(Math.max(...results.map((r) => r.restarted))).toBe(2);
    const api = apiClient(stack.url);
    const admin = await api.login('admin');
    for (const id of [stalled, screening]) {
      await api.until(`${id} is screened`, async () =>
        (await api.call<{ status: string }>('GET', `/api/applications/${id}`, { token: admin })).json.status === 'PENDING_VERIFICATION');
      const executions = await executionsOf(id);
      expect(executions).toHaveLength(1);
      expect(executions[0]?.name).toMatch(new RegExp(`^${id}-stalled-\\d+$`));
    }
    expect(await sweep(event, lambdaContext('sweep') as Context)).toEqual({ restarted: 0 });
    // One stored only a minute ago may still be starting: left alone.
    expect(await executionsOf(recent)).toEqual([]);
    expect((await repository.get(recent))?.status).toBe('SUBMITTED');
  });
});
