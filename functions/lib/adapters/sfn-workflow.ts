import { randomUUID } from 'node:crypto';
import { SendTaskSuccessCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowEngine } from '../../../shared/ports/index.ts';

/** Errors that mean "this token is no longer waited on"; the re-entered workflow reads the recorded decision. */
const STALE_TOKEN_ERRORS = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export class StepFunctionsWorkflow implements WorkflowEngine {
  constructor(private readonly sfn: SFNClient, private readonly lifecycleArn: () => string) {}

  async startLifecycle(applicationId: string, mode: 'intake' | 'resume'): Promise<void> {
    try {
      await this.sfn.send(new StartExecutionCommand({
        stateMachineArn: this.lifecycleArn(),
        // Execution names are unique for 90 days on AWS: the intake name makes a repeated start a no-op,
        // a resume needs a fresh one.
        name: mode === 'intake' ? applicationId : `${applicationId}-${randomUUID().slice(0, 8)}`,
        input: JSON.stringify({ applicationId }),
      }));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
    }
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<boolean> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
      return true;
    } catch (error) {
      if (error instanceof Error && STALE_TOKEN_ERRORS.has(error.name)) return false;
      throw error;
    }
  }
}
