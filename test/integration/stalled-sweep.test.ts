/**
 * An application stored but never started (its intake Lambda died after the write) stays SUBMITTED with no
 * execution, and no failure event ever reports it. The scheduled sweep, run here as AWS runs it (the handler,
 * against the local stack), starts its lifecycle once, under a name derived from the stalled state.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoApplicationRepository } from '../../functions/lib/adapters/dynamo-applications.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { importHandler, lambdaContext } from '../../local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { newApplication, newReference } from '../../shared/domain/application.ts';
import { ANY_REGION, applicationSchema } from '../../shared/schemas/application.ts';
import { STALLED_AFTER_MS } from '../../shared/use-cases/resume-applications.ts';
import { apiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let sfn: SFNClient;
let repository: DynamoApplicationRepository;
beforeAll(async () => {
  stack = await startLocalStack();
  sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl });
  const client = new DynamoDBClient({ endpoint: stack.dynamoUrl });
  repository = new DynamoApplicationRepository(DynamoDBDocumentClient.from(client), LOCAL_TABLE_NAME);
});
afterAll(async () => {
  sfn?.destroy();
  await stack?.close();
});

/** What an intake that died between its write and StartExecution leaves behind, stored `agoMs` ago. */
async function storedNeverStarted(agoMs: number): Promise<string> {
  const at = new Date(Date.now() - agoMs);
  const input = applicationSchema(ANY_REGION).parse(applicationBody());
  const app = newApplication(input, { applicationId: crypto.randomUUID(), reference: newReference(at), period: '2026-12' }, at);
  await repository.create(app);
  return app.applicationId;
}

const executionsOf = async (applicationId: string) => {
  const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.lifecycleArn, maxResults: 1000 }));
  return (executions ?? []).filter((e) => e.name?.startsWith(applicationId));
};

describe('the sweep of stalled applications', () => {
  it('starts the lifecycle of an application stalled past the threshold, once however often it runs', async () => {
    const stalled = await storedNeverStarted(STALLED_AFTER_MS + 60_000);
    const recent = await storedNeverStarted(60_000);
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
