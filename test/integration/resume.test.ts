/**
 * An execution that ends early (here: stopped) leaves its application waiting with nobody to move it. The
 * failure handler (EventBridge on AWS) starts it again; a decision recorded meanwhile is applied, and after
 * MAX_RESUMES restarts the handler gives up and leaves it to an operator.
 */
import { ListExecutionsCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHandler, lambdaContext } from '../../local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { MAX_RESUMES } from '../../shared/use-cases/resume-applications.ts';
import { apiClient, type ApiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let api: ApiClient;
let sfn: SFNClient;
beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl });
});
afterAll(async () => {
  sfn?.destroy();
  await stack?.close();
});

const failureEvent = (applicationId: string) => ({
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  detail: { status: 'ABORTED', input: JSON.stringify({ applicationId }), stateMachineArn: stack.lifecycleArn },
});

async function stopAll() {
  const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.lifecycleArn, statusFilter: 'RUNNING' }));
  for (const e of executions ?? []) await sfn.send(new StopExecutionCommand({ executionArn: e.executionArn }));
}

describe('resuming a lifecycle that ended early', () => {
  it('starts it again, applies the decision recorded meanwhile, and gives up after the limit', async () => {
    const created = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody() });
    const { applicationId } = created.json;
    const verifier = await api.login('verifikator.tangerang');
    const admin = await api.login('admin');
    const status = async () => (await api.call<{ status: string }>('GET', `/api/applications/${applicationId}`, { token: admin })).json.status;
    const task = await api.findTask(verifier, 'verification', applicationId);

    await stopAll();
    expect((await api.call('POST', `/api/tasks/${task.taskId}/decision`, { token: verifier, body: { decision: 'APPROVE' } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await status()).toBe('PENDING_VERIFICATION'); // recorded, but no execution to carry it

    const handler = await importHandler('functions/events/resume-failed-lifecycle.ts');
    const resume = async () => ((await handler(failureEvent(applicationId), lambdaContext('resume-failed-lifecycle') as Context)) as { outcome: string }).outcome;
    expect(await resume()).toBe('resumed');
    await api.until('decision applied', async () => (await status()) === 'PENDING_APPROVAL');

    for (let i = 2; i <= MAX_RESUMES; i++) {
      await stopAll();
      expect(await resume()).toBe('resumed');
    }
    await stopAll();
    expect(await resume()).toBe('gave-up');

    // An application that finished needs nothing.
    const rejected = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody({ members: 1, monthlyIncome: 9_000_000 }) });
    await api.until('rejected', async () => (await api.call<{ status: string }>('GET', `/api/applications/${rejected.json.applicationId}`, { token: admin })).json.status === 'REJECTED');
    expect(((await handler(failureEvent(rejected.json.applicationId), lambdaContext('resume-failed-lifecycle') as Context)) as { outcome: string }).outcome).toBe('finished');
  });
});
