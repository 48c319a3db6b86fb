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
  it('starts the lifecycle of an application stalled past the threshold, once however often it runs', async () => {
    const stalled = await storeNeverStarted(repository, STALLED_AFTER_MS + 60_000);
    const recent = await storeNeverStarted(repository, 60_000);
    const sweep = await importHandler('functions/events/restart-stalled-applications.ts');
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };

    // Two sweeps at once (EventBridge delivers at least once), then another: one execution.
    const results = await Promise.all([sweep(event, lambdaContext('sweep') as Context), sweep(event, lambdaContext('sweep') as Context)]);
    expect(results).toEqual([{ restarted: 1 }, { restarted: 1 }]);
    const api = apiClient(stack.url);
    const admin = await api.login('admin');
    await api.until('the stalled application is screened', async () =>
      (await api.call<{ status: string }>('GET', `/api/applications/${stalled}`, { token: admin })).json.status === 'PENDING_VERIFICATION');
    expect(await sweep(event, lambdaContext('sweep') as Context)).toEqual({ restarted: 0 });

    const executions = await executionsOf(stalled);
    expect(executions).toHaveLength(1);
    expect(executions[0]?.name).toMatch(new RegExp(`^${stalled}-stalled-\\d+$`));
    // One stored only a minute ago may still be starting: left alone.
    expect(await executionsOf(recent)).toEqual([]);
    expect((await repository.get(recent))?.status).toBe('SUBMITTED');
  });
});
