/**
 * Local Step Functions endpoint for the embedded runtime: speaks the Step Functions JSON 1.0 protocol to the stock
 * @aws-sdk/client-sfn and runs the same ASL files CDK deploys, with aws-local-stepfunctions; Task states call the
 * Lambda handlers in process through `invokeFunction`.
 */
import { randomBytes } from 'node:crypto';
import { stepFunctionsActions } from './actions.ts';
import { stateMachineArn, type ArnScope } from './arn.ts';
import { loadStateMachine, NODE_MAX_TIMER_SECONDS } from './definition.ts';
import { Executions, type DeployedStateMachine } from './executions.ts';
import type { Logger } from './logger.ts';
import { serve } from './server.ts';
import type { InvokeFunction } from './task-handlers.ts';
import { TaskTokens } from './task-tokens.ts';

// The endpoint's callers (local/stack.ts, tests) take the handler type from here, with the options that use it.
export type { InvokeFunction };

export interface LocalStateMachine {
  name: string;
  definitionPath: string;
  substitutions: Record<string, string>;
}

export interface StepFunctionsEndpoint {
  url: string;
  arnFor(name: string): string;
  close(): Promise<void>;
}

export interface StepFunctionsEndpointOptions {
  stateMachines: LocalStateMachine[];
  invokeFunction: InvokeFunction;
  region?: string;
  logger?: Logger;
  maxTaskTimeoutSeconds?: number;
}

export async function startStepFunctionsEndpoint(opts: StepFunctionsEndpointOptions): Promise<StepFunctionsEndpoint> {
  const scope: ArnScope = { region: opts.region ?? 'ap-southeast-3', accountId: '000000000000' };
  const log = opts.logger ?? (() => undefined);
  const maxTaskTimeoutSeconds = Math.min(opts.maxTaskTimeoutSeconds ?? NODE_MAX_TIMER_SECONDS, NODE_MAX_TIMER_SECONDS);

  const machines = new Map<string, DeployedStateMachine>();
  for (const { name, definitionPath, substitutions } of opts.stateMachines) {
    const arn = stateMachineArn(scope, name);
    if (machines.has(arn)) throw new Error(`State machine "${name}" is defined twice`);
    machines.set(arn, { name, arn, ...loadStateMachine(definitionPath, substitutions, maxTaskTimeoutSeconds) });
  }

  const tokens = new TaskTokens();
  const tokenSentinel = `jaring-task-token-placeholder-${randomBytes(16).toString('hex')}`;
  const executions = new Executions(machines, scope, { invokeFunction: opts.invokeFunction, tokens, tokenSentinel }, log);
  const server = await serve(stepFunctionsActions(executions, tokens), log);
  log('info', 'stepfunctions endpoint listening', { url: server.url, stateMachines: [...machines.values()].map((machine) => machine.name) });

  return {
    url: server.url,
    arnFor: (name) => stateMachineArn(scope, name),
    close: async () => {
      executions.stopAll();
      await server.close();
    },
  };
}
