// The local Step Functions endpoint runs executions of the toy workflows: their outcome, errors, log, naming,
// stopping, listing and history, its API errors, and its start and close. Task tokens: stepfunctions-task-tokens.test.ts.
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startStepFunctionsEndpoint } from '../../local/stepfunctions/index.ts';
import { fixture, outputOf, substitutions, toyWorkflowsOfFile, waitFor } from '../support/toy-workflows.ts';

const toy = toyWorkflowsOfFile();

describe('local Step Functions endpoint', () => {
  it('runs a direct Lambda ARN, lambda:invoke and a Choice to SUCCEEDED with the output', async () => {
    const executionArn = await toy.start(toy.toyArn, { applicant: ' siti ', scenario: 'low' });
    expect(executionArn).toMatch(/^arn:aws:states:ap-southeast-3:000000000000:execution:toy:[\w-]+$/);

    const execution = await toy.finished(executionArn);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: toy.toyArn });
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
    const flaky = await toy.start(toy.toyArn, { applicant: 'budi', scenario: 'flaky' });
    const ineligible = await toy.start(toy.toyArn, { applicant: 'ani', scenario: 'ineligible' });

    expect(outputOf(await toy.finished(ineligible))).toMatchObject({
      error: { Error: 'Scoring.Ineligible', Cause: 'DTSEN desil above 4' },
      outcome: 'REJECTED',
    });
    expect(outputOf(await toy.finished(flaky))).toMatchObject({ scoring: { score: 10 }, outcome: 'REJECTED' });
    expect(toy.scoreAttempts.get('BUDI')).toBe(2);
  });

  it('fails the execution with the thrown error when no Catch matches, and logs it as an error', async () => {
    const executionArn = await toy.start(toy.toyArn, { applicant: 'dewi', scenario: 'crash' });
    expect(await toy.finished(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'Lambda.ServiceException',
      cause: 'function crashed',
    });
    const closed = toy.logged.filter((entry) => entry.executionArn === executionArn && entry.message === 'execution closed');
    expect(closed).toEqual([{ level: 'error', message: 'execution closed', executionArn, status: 'FAILED', error: 'Lambda.ServiceException' }]);
    // Ids and names only: the input ("dewi") and the cause stay out of the log.
    expect(JSON.stringify(toy.logged.filter((entry) => entry.executionArn === executionArn))).not.toMatch(/dewi|DEWI|crashed/);
  });

  it('is idempotent for the same name and input while RUNNING, and refuses a different input', async () => {
    const input = { applicant: 'hadi', scenario: 'eligible' };
    const executionArn = await toy.start(toy.toyArn, input, 'application-hadi');
    expect(executionArn).toBe(`${toy.toyArn.replace(':stateMachine:', ':execution:')}:application-hadi`);

    expect(await toy.start(toy.toyArn, input, 'application-hadi')).toBe(executionArn);
    await expect(toy.start(toy.toyArn, { ...input, scenario: 'low' }, 'application-hadi')).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const { taskToken } = await toy.decisionRequest(executionArn);
    await toy.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
    await toy.finished(executionArn);
    await expect(toy.start(toy.toyArn, input, 'application-hadi')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    expect(toy.decisionRequests.get(executionArn)).toHaveLength(1);
  });

  it('stops an execution: ABORTED, its token spent, ExecutionAborted in the history', async () => {
    const executionArn = await toy.start(toy.toyArn, { applicant: 'indah', scenario: 'eligible' });
    const { taskToken } = await toy.decisionRequest(executionArn);

    const { stopDate } = await toy.sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'applicant withdrew' }));
    expect(stopDate).toBeInstanceOf(Date);

    expect(await toy.describeExecution(executionArn)).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'applicant withdrew' });
    await expect(toy.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    const events = await waitFor(async () => {
      const { events = [] } = await toy.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return events.at(-1)?.type === 'ExecutionAborted' ? events : undefined;
    }, 'ExecutionAborted');
    expect(events.at(-1)?.executionAbortedEventDetails).toEqual({ error: 'Withdrawn', cause: 'applicant withdrew' });
  });

  it('lists executions by state machine and status, newest first, page by page', async () => {
    const listingArn = toy.endpoint.arnFor('toy-listing');
    const done1 = await toy.start(listingArn, { applicant: 'joko', scenario: 'low' });
    const done2 = await toy.start(listingArn, { applicant: 'kartika', scenario: 'low' });
    const running = await toy.start(listingArn, { applicant: 'lestari', scenario: 'eligible' });
    await toy.finished(done1);
    await toy.finished(done2);

    const list = async (statusFilter?: 'RUNNING' | 'SUCCEEDED'): Promise<string[]> => {
      const { executions = [] } = await toy.sfn.send(new ListExecutionsCommand({ stateMachineArn: listingArn, statusFilter }));
      return executions.map((execution) => execution.executionArn ?? '');
    };
    expect(await list()).toEqual([running, done2, done1]);
    expect(await list('RUNNING')).toEqual([running]);
    expect(await list('SUCCEEDED')).toEqual([done2, done1]);

    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await toy.sfn.send(new ListExecutionsCommand({ stateMachineArn: listingArn, maxResults: 2, nextToken }));
      paged.push(...(page.executions ?? []).map((execution) => execution.executionArn ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(paged).toEqual([running, done2, done1]);

    await toy.sfn.send(new StopExecutionCommand({ executionArn: running }));
  });

  it('records an execution history from the library event log', async () => {
    const executionArn = await toy.start(toy.toyArn, { applicant: 'mega', scenario: 'low' });
    await toy.finished(executionArn);
    const { events = [] } = await toy.sfn.send(new GetExecutionHistoryCommand({ executionArn }));

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

    const { events: reversed = [] } = await toy.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    expect(reversed.map((event) => event.type)).toEqual(['ExecutionSucceeded']);
  });

  it('answers with the named API errors', async () => {
    const unknownMachine = toy.endpoint.arnFor('no-such-machine');
    await expect(toy.start(unknownMachine, {})).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(toy.start('not-an-arn', {})).rejects.toBeInstanceOf(InvalidArn);
    await expect(toy.describeExecution(`${toy.toyArn.replace(':stateMachine:', ':execution:')}:nobody`)).rejects.toBeInstanceOf(
      ExecutionDoesNotExist,
    );
    await expect(toy.sfn.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });

  it('fails fast on a definition placeholder without a substitution', async () => {
    const incomplete = Object.fromEntries(Object.entries(substitutions).filter(([key]) => key !== 'DecisionFunctionArn'));
    await expect(
      startStepFunctionsEndpoint({
        stateMachines: [{ name: 'toy', definitionPath: fixture('toy.asl.json'), substitutions: incomplete }],
        invokeFunction: toy.invokeFunction,
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
