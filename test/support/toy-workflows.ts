/**
 * The local Step Functions endpoint (local/stepfunctions) running the toy workflows of test/fixtures/stepfunctions
 * on toy Lambda handlers, and the SDK calls its tests make (stepfunctions-*.test.ts). `scenario` in the execution
 * input picks the handlers' behaviour.
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { type InvokeFunction, type StepFunctionsEndpoint, startStepFunctionsEndpoint } from '../../local/stepfunctions/index.ts';

export const fixture = (file: string): string => fileURLToPath(new URL(`../fixtures/stepfunctions/${file}`, import.meta.url));
const functionArn = (name: string): string => `arn:aws:lambda:ap-southeast-3:000000000000:function:toy-${name}`;
export const substitutions = {
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

export interface DecisionRequest {
  taskToken: string;
  executionId: string;
  scenario: string;
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const outputOf = (execution: DescribeExecutionCommandOutput): Record<string, unknown> => JSON.parse(execution.output ?? 'null');

/** Starts the endpoint with the toy state machines `toy`, `toy-listing` and `toy-timeout`, and an SDK client on it. */
export async function startToyWorkflows() {
  const decisionRequests = new Map<string, DecisionRequest[]>();
  const scoreAttempts = new Map<string, number>();
  const logged: Array<Record<string, unknown>> = [];

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

  const endpoint: StepFunctionsEndpoint = await startStepFunctionsEndpoint({
    stateMachines: [
      { name: 'toy', definitionPath: fixture('toy.asl.json'), substitutions },
      { name: 'toy-listing', definitionPath: fixture('toy.asl.json'), substitutions },
      { name: 'toy-timeout', definitionPath: fixture('toy-timeout.asl.json'), substitutions },
    ],
    invokeFunction,
    logger: (level, message, data) => logged.push({ level, message, ...data }),
  });
  // The self-approving handler's client: no execution runs before the endpoint listens and it exists.
  const sfn = new SFNClient({
    endpoint: endpoint.url,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

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

  return {
    endpoint,
    sfn,
    invokeFunction,
    toyArn: endpoint.arnFor('toy'),
    timeoutArn: endpoint.arnFor('toy-timeout'),
    /** What the toy handlers saw: the decision requests per execution, the scoring attempts per applicant. */
    decisionRequests,
    scoreAttempts,
    /** What the endpoint logged. */
    logged,
    start,
    describeExecution,
    finished,
    decisionRequest,
    async close() {
      sfn.destroy();
      await endpoint.close();
    },
  };
}

export type ToyWorkflows = Awaited<ReturnType<typeof startToyWorkflows>>;

/** The toy workflows of one test file: started before its tests (filled in then), closed after them. */
export function toyWorkflowsOfFile(): ToyWorkflows {
  const toy = {} as ToyWorkflows;
  beforeAll(async () => {
    Object.assign(toy, await startToyWorkflows());
  });
  afterAll(() => toy.close());
  return toy;
}
