// The local Step Functions endpoint's task tokens (waitForTaskToken): success, failure, heartbeats and timeouts, and
// the answers for a spent, unknown or malformed token. Executions otherwise: stepfunctions-executions.test.ts.
import {
  GetExecutionHistoryCommand,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { outputOf, toyWorkflowsOfFile } from '../support/toy-workflows.ts';

const toy = toyWorkflowsOfFile();

describe('local Step Functions endpoint', () => {
  it('waits for the task token and resumes on SendTaskSuccess; the token is then spent', async () => {
    const executionArn = await toy.start(toy.toyArn, { applicant: 'eko', scenario: 'eligible' });
    const { taskToken } = await toy.decisionRequest(executionArn);
    expect(taskToken).toMatch(/^[\w-]{43}$/);
    expect((await toy.describeExecution(executionArn)).status).toBe('RUNNING');

    await toy.sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
    await toy.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ decision: 'APPROVE' }) }));

    expect(outputOf(await toy.finished(executionArn))).toMatchObject({ decision: { decision: 'APPROVE' }, outcome: 'APPROVED' });
    await expect(toy.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(toy.sfn.send(new SendTaskHeartbeatCommand({ taskToken }))).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('fails the waiting Task on SendTaskFailure, where the workflow catches it', async () => {
    const executionArn = await toy.start(toy.toyArn, { applicant: 'fitri', scenario: 'eligible' });
    const { taskToken } = await toy.decisionRequest(executionArn);

    await toy.sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Decision.Rejected', cause: 'income above threshold' }));

    expect(outputOf(await toy.finished(executionArn))).toMatchObject({
      error: { Error: 'Decision.Rejected', Cause: 'income above threshold' },
      outcome: 'REJECTED',
    });
    await expect(toy.sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Again' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('accepts SendTaskSuccess from the handler that received the token, before it returns', async () => {
    const executionArn = await toy.start(toy.toyArn, { applicant: 'gita', scenario: 'self-approve' });
    expect(outputOf(await toy.finished(executionArn))).toMatchObject({
      decision: { decision: 'APPROVE', recorded: true },
      outcome: 'APPROVED',
    });
  });

  it('answers TaskDoesNotExist for an unknown token and InvalidToken for a malformed one', async () => {
    const unknown = 'x'.repeat(43);
    await expect(toy.sfn.send(new SendTaskSuccessCommand({ taskToken: unknown, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(toy.sfn.send(new SendTaskSuccessCommand({ taskToken: 'x'.repeat(3000), output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
  });

  it('times a waiting Task out after its TimeoutSeconds; the token then answers TaskTimedOut', async () => {
    const startedAt = Date.now();
    const executionArn = await toy.start(toy.timeoutArn, { limit: 'timeout' });
    const { taskToken } = await toy.decisionRequest(executionArn);

    const execution = await toy.finished(executionArn);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
    // Caught by States.Timeout, not by the States.TaskFailed catcher listed before it (as on AWS).
    expect(outputOf(execution)).toMatchObject({ outcome: 'ESCALATED', error: { Error: 'States.Timeout' } });
    await expect(toy.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    const { events = [] } = await toy.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.map((event) => event.type)).toContain('TaskTimedOut');
  });

  it('times a waiting Task out after the seconds its TimeoutSecondsPath reads from the input, as on AWS', async () => {
    const startedAt = Date.now();
    const executionArn = await toy.start(toy.timeoutArn, { limit: 'path', waitSeconds: 2 });
    const { taskToken } = await toy.decisionRequest(executionArn);

    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await toy.describeExecution(executionArn)).status).toBe('RUNNING');
    const execution = await toy.finished(executionArn);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_950);
    expect(outputOf(execution)).toMatchObject({ outcome: 'ESCALATED', error: { Error: 'States.Timeout' } });
    await expect(toy.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('keeps a Task with HeartbeatSeconds alive on heartbeats and times it out when they stop', async () => {
    const startedAt = Date.now();
    const executionArn = await toy.start(toy.timeoutArn, { limit: 'heartbeat' });
    const { taskToken } = await toy.decisionRequest(executionArn);

    await new Promise((resolve) => setTimeout(resolve, 600));
    await toy.sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await toy.describeExecution(executionArn)).status).toBe('RUNNING');

    const execution = await toy.finished(executionArn);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_550);
    expect(outputOf(execution)).toMatchObject({ outcome: 'ESCALATED', error: { Error: 'States.Timeout' } });
  });
});
