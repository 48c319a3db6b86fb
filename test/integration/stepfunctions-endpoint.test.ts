import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InvokeFunction, type StepFunctionsEndpoint, startStepFunctionsEndpoint } from '../../local/stepfunctions/index.ts';

const fixture = (file: string): string => fileURLToPath(new URL(`../fixtures/stepfunctions/${file}`, import.meta.url));
const functionArn = (name: string): string => `arn:aws:lambda:ap-southeast-3:000000000000:function:toy-${name}`;
const substitutions = {
  NormalizeFunctionArn: functionArn('normalize'),
  ScoreFunctionArn: functionArn('score'),
  DecisionFunctionArn: functionArn('decision'),
};

class ScoringIneligible extends Error {
  override name = 'Scoring.Ineligible';
}
class ScoringFlaky extends Error {
  override name = 'Scoring.Flaky';
}

interface DecisionRequest {
  taskToken: string;
  executionId: string;
  scenario: string;
}

/** Toy Lambda handlers. `scenario` in the execution input picks their behaviour. */
const decisionRequests = new Map<string, DecisionRequest[]>();
const scoreAttempts = new Map<string, number>();
let sfn: SFNClient;

const invokeFunction: InvokeFunction = async (functionName, payload) => {
  if (functionName === functionArn('normalize')) {
    return { applicant: (payload as { applicant: string }).applicant.trim().toUpperCase() };
  }
  if (functionName === functionArn('score')) {
    const { applicant, scenario } = payload as { applicant: string; scenario: string };
    const attempt = (scoreAttempts.get(applicant) ?? 0) + 1;
    scoreAttempts.set(applicant, attempt);
    if (scenario === 'ineligible') throw new ScoringIneligible('DTSEN desil above 4');
    if (scenario === 'flaky' && attempt === 1) throw new ScoringFlaky('registry busy');
    return { score: scenario === 'eligible' || scenario === 'self-approve' || scenario === 'crash' ? 80 : 10 };
  }
  if (functionName === functionArn('decision')) {
    const request = payload as DecisionRequest;
    decisionRequests.set(request.executionId, [...(decisionRequests.get(request.executionId) ?? []), request]);
    if (request.scenario === 'crash') {
      throw Object.assign(new Error('function crashed'), { name: 'Lambda.ServiceException' });
    }
    if (request.scenario === 'self-approve') {
      // A re-entered human task that finds a recorded decision sends it before returning.
      const output = JSON.stringify({ decision: 'APPROVE', recorded: true });
      await sfn.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output }));
    }
    return { accepted: true };
  }
  throw new Error(`unknown function ${functionName}`);
};

let endpoint: StepFunctionsEndpoint;
let toyArn: string;
let timeoutArn: string;

const logged: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  endpoint = await startStepFunctionsEndpoint({
    stateMachines: [
      { name: 'toy', definitionPath: fixture('toy.asl.json'), substitutions },
      { name: 'toy-listing', definitionPath: fixture('toy.asl.json'), substitutions },
      { name: 'toy-timeout', definitionPath: fixture('toy-timeout.asl.json'), substitutions },
    ],
    invokeFunction,
    logger: (level, message, data) => logged.push({ level, message, ...data }),
  });
  sfn = new SFNClient({
    endpoint: endpoint.url,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  toyArn = endpoint.arnFor('toy');
  timeoutArn = endpoint.arnFor('toy-timeout');
});

afterAll(async () => {
  sfn.destroy();
  await endpoint.close();
});

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function start(stateMachineArn: string, input: object, name?: string): Promise<string> {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  return executionArn ?? '';
}

const describeExecution = (executionArn: string): Promise<DescribeExecutionCommandOutput> =>
  sfn.send(new DescribeExecutionCommand({ executionArn }));

const finished = (executionArn: string): Promise<DescribeExecutionCommandOutput> =>
  waitFor(async () => {
    const execution = await describeExecution(executionArn);
    return execution.status === 'RUNNING' ? undefined : execution;
  }, `${executionArn} to finish`);

const decisionRequest = (executionArn: string): Promise<DecisionRequest> =>
  waitFor(() => decisionRequests.get(executionArn)?.at(-1), `a decision task of ${executionArn}`);

const outputOf = (execution: DescribeExecutionCommandOutput): Record<string, unknown> => JSON.parse(execution.output ?? 'null');

describe('local Step Functions endpoint', () => {
  it('runs a direct Lambda ARN, lambda:invoke and a Choice to SUCCEEDED with the output', async () => {
    const executionArn = await start(toyArn, { applicant: ' siti ', scenario: 'low' });
    expect(executionArn).toMatch(/^arn:aws:states:ap-southeast-3:000000000000:execution:toy:[\w-]+$/);

    const execution = await finished(executionArn);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: toyArn });
    expect(execution.startDate).toBeInstanceOf(Date);
    expect(execution.stopDate).toBeInstanceOf(Date);
    expect(outputOf(execution)).toEqual({
      applicant: ' siti ',
      scenario: 'low',
      normalized: { applicant: 'SITI' },
      scoring: { score: 10, statusCode: 200 },
      outcome: 'REJECTED',
    });
  });

  it('retries and catches Tasks by the name of the error the function threw', async () => {
    const flaky = await start(toyArn, { applicant: 'budi', scenario: 'flaky' });
    const ineligible = await start(toyArn, { applicant: 'ani', scenario: 'ineligible' });

    expect(outputOf(await finished(ineligible))).toMatchObject({
      error: { Error: 'Scoring.Ineligible', Cause: 'DTSEN desil above 4' },
      outcome: 'REJECTED',
    });
    expect(outputOf(await finished(flaky))).toMatchObject({ scoring: { score: 10 }, outcome: 'REJECTED' });
    expect(scoreAttempts.get('BUDI')).toBe(2);
  });

  it('fails the execution with the thrown error when no Catch matches, and logs it as an error', async () => {
    const executionArn = await start(toyArn, { applicant: 'dewi', scenario: 'crash' });
    expect(await finished(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'Lambda.ServiceException',
      cause: 'function crashed',
    });
    const closed = logged.filter((entry) => entry.executionArn === executionArn && entry.message === 'execution closed');
    expect(closed).toEqual([{ level: 'error', message: 'execution closed', executionArn, status: 'FAILED', error: 'Lambda.ServiceException' }]);
    // Ids and names only: the input ("dewi") and the cause stay out of the log.
    expect(JSON.stringify(logged.filter((entry) => entry.executionArn === executionArn))).not.toMatch(/dewi|DEWI|crashed/);
  });

  it('waits for the task token and resumes on SendTaskSuccess; the token is then spent', async () => {
    const executionArn = await start(toyArn, { applicant: 'eko', scenario: 'eligible' });
    const { taskToken } = await decisionRequest(executionArn);
    expect(taskToken).toMatch(/^[\w-]{43}$/);
    expect((await describeExecution(executionArn)).status).toBe('RUNNING');

    await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ decision: 'APPROVE' }) }));

    expect(outputOf(await finished(executionArn))).toMatchObject({ decision: { decision: 'APPROVE' }, outcome: 'APPROVED' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken }))).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('fails the waiting Task on SendTaskFailure, where the workflow catches it', async () => {
    const executionArn = await start(toyArn, { applicant: 'fitri', scenario: 'eligible' });
    const { taskToken } = await decisionRequest(executionArn);

    await sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Decision.Rejected', cause: 'income above threshold' }));

    expect(outputOf(await finished(executionArn))).toMatchObject({
      error: { Error: 'Decision.Rejected', Cause: 'income above threshold' },
      outcome: 'REJECTED',
    });
    await expect(sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Again' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('accepts SendTaskSuccess from the handler that received the token, before it returns', async () => {
    const executionArn = await start(toyArn, { applicant: 'gita', scenario: 'self-approve' });
    expect(outputOf(await finished(executionArn))).toMatchObject({
      decision: { decision: 'APPROVE', recorded: true },
      outcome: 'APPROVED',
    });
  });

  it('answers TaskDoesNotExist for an unknown token and InvalidToken for a malformed one', async () => {
    const unknown = 'x'.repeat(43);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: unknown, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'x'.repeat(3000), output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
  });

  it('is idempotent for the same name and input while RUNNING, and refuses a different input', async () => {
    const input = { applicant: 'hadi', scenario: 'eligible' };
    const executionArn = await start(toyArn, input, 'application-hadi');
    expect(executionArn).toBe(`${toyArn.replace(':stateMachine:', ':execution:')}:application-hadi`);

    expect(await start(toyArn, input, 'application-hadi')).toBe(executionArn);
    await expect(start(toyArn, { ...input, scenario: 'low' }, 'application-hadi')).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const { taskToken } = await decisionRequest(executionArn);
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
    await finished(executionArn);
    await expect(start(toyArn, input, 'application-hadi')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    expect(decisionRequests.get(executionArn)).toHaveLength(1);
  });

  it('stops an execution: ABORTED, its token spent, ExecutionAborted in the history', async () => {
    const executionArn = await start(toyArn, { applicant: 'indah', scenario: 'eligible' });
    const { taskToken } = await decisionRequest(executionArn);

    const { stopDate } = await sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'applicant withdrew' }));
    expect(stopDate).toBeInstanceOf(Date);

    expect(await describeExecution(executionArn)).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'applicant withdrew' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    const events = await waitFor(async () => {
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return events.at(-1)?.type === 'ExecutionAborted' ? events : undefined;
    }, 'ExecutionAborted');
    expect(events.at(-1)?.executionAbortedEventDetails).toEqual({ error: 'Withdrawn', cause: 'applicant withdrew' });
  });

  it('lists executions by state machine and status, newest first, page by page', async () => {
    const listingArn = endpoint.arnFor('toy-listing');
    const done1 = await start(listingArn, { applicant: 'joko', scenario: 'low' });
    const done2 = await start(listingArn, { applicant: 'kartika', scenario: 'low' });
    const running = await start(listingArn, { applicant: 'lestari', scenario: 'eligible' });
    await finished(done1);
    await finished(done2);

    const list = async (statusFilter?: 'RUNNING' | 'SUCCEEDED'): Promise<string[]> => {
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: listingArn, statusFilter }));
      return executions.map((execution) => execution.executionArn ?? '');
    };
    expect(await list()).toEqual([running, done2, done1]);
    expect(await list('RUNNING')).toEqual([running]);
    expect(await list('SUCCEEDED')).toEqual([done2, done1]);

    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: listingArn, maxResults: 2, nextToken }));
      paged.push(...(page.executions ?? []).map((execution) => execution.executionArn ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(paged).toEqual([running, done2, done1]);

    await sfn.send(new StopExecutionCommand({ executionArn: running }));
  });

  it('records an execution history from the library event log', async () => {
    const executionArn = await start(toyArn, { applicant: 'mega', scenario: 'low' });
    await finished(executionArn);
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));

    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events[1]?.stateEnteredEventDetails?.name).toBe('Normalize');
    expect(events[0]?.timestamp).toBeInstanceOf(Date);

    const { events: reversed = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    expect(reversed.map((event) => event.type)).toEqual(['ExecutionSucceeded']);
  });

  it('times a waiting Task out after its TimeoutSeconds; the token then answers TaskTimedOut', async () => {
    const startedAt = Date.now();
    const executionArn = await start(timeoutArn, { limit: 'timeout' });
    const { taskToken } = await decisionRequest(executionArn);

    const execution = await finished(executionArn);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
    // Caught by States.Timeout, not by the States.TaskFailed catcher listed before it (as on AWS).
    expect(outputOf(execution)).toMatchObject({ outcome: 'ESCALATED', error: { Error: 'States.Timeout' } });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.map((event) => event.type)).toContain('TaskTimedOut');
  });

  it('times a waiting Task out after the seconds its TimeoutSecondsPath reads from the input, as on AWS', async () => {
    const startedAt = Date.now();
    const executionArn = await start(timeoutArn, { limit: 'path', waitSeconds: 2 });
    const { taskToken } = await decisionRequest(executionArn);

    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await describeExecution(executionArn)).status).toBe('RUNNING');
    const execution = await finished(executionArn);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_950);
    expect(outputOf(execution)).toMatchObject({ outcome: 'ESCALATED', error: { Error: 'States.Timeout' } });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('keeps a Task with HeartbeatSeconds alive on heartbeats and times it out when they stop', async () => {
    const startedAt = Date.now();
    const executionArn = await start(timeoutArn, { limit: 'heartbeat' });
    const { taskToken } = await decisionRequest(executionArn);

    await new Promise((resolve) => setTimeout(resolve, 600));
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await describeExecution(executionArn)).status).toBe('RUNNING');

    const execution = await finished(executionArn);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_550);
    expect(outputOf(execution)).toMatchObject({ outcome: 'ESCALATED', error: { Error: 'States.Timeout' } });
  });

  it('answers with the named API errors', async () => {
    const unknownMachine = endpoint.arnFor('no-such-machine');
    await expect(start(unknownMachine, {})).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(start('not-an-arn', {})).rejects.toBeInstanceOf(InvalidArn);
    await expect(describeExecution(`${toyArn.replace(':stateMachine:', ':execution:')}:nobody`)).rejects.toBeInstanceOf(
      ExecutionDoesNotExist,
    );
    await expect(sfn.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });

  it('fails fast on a definition placeholder without a substitution', async () => {
    const incomplete = Object.fromEntries(Object.entries(substitutions).filter(([key]) => key !== 'DecisionFunctionArn'));
    await expect(
      startStepFunctionsEndpoint({
        stateMachines: [{ name: 'toy', definitionPath: fixture('toy.asl.json'), substitutions: incomplete }],
        invokeFunction,
      }),
    ).rejects.toThrow(/toy\.asl\.json: no substitution for \$\{DecisionFunctionArn\}/);
  });

  it('close() stops running executions and leaves nothing that keeps the process alive', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture('close-and-exit.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const hung = setTimeout(() => child.kill(), 10_000); // a leaked Task timer would hold it for about 24 days
    const [exitCode] = (await once(child, 'exit')) as [number | null];
    clearTimeout(hung);
    expect(stdout.trim()).toBe('closed');
    expect(exitCode).toBe(0);
  });
});
