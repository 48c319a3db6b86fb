import { randomUUID } from 'node:crypto';
import { SendTaskSuccessCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { LifecycleStart, PayoutStart, WorkflowEngine } from '../../../shared/ports/index.ts';

/** Errors that mean "this token is no longer waited on"; the re-entered workflow reads the recorded decision. */
const STALE_TOKEN_ERRORS = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/**
 * Execution names are unique for 90 days on AWS, so a name makes a repeated start a no-op: the intake's and a stalled
 * state's are derived from what they start (at most 36 + 21 characters of the 80 allowed); a resume needs a fresh one.
 */
function executionName(applicationId: string, start: LifecycleStart): string {
  if (start === 'intake') return applicationId;
  if (start === 'resume') return `${applicationId}-${randomUUID().slice(0, 8)}`;
  return `${applicationId}-stalled-${Date.parse(start.stalledSince)}`;
}

/** The state machines' ARNs, read when first needed (a handler that never starts one is not given its ARN). */
interface StateMachineArns {
  lifecycle: () => string;
  payout: () => string;
}

export class StepFunctionsWorkflow implements WorkflowEngine {
  constructor(private readonly sfn: SFNClient, private readonly arns: StateMachineArns) {}

  startLifecycle(applicationId: string, start: LifecycleStart): Promise<boolean> {
    // Intake starts it on an application it has just stored SUBMITTED: its first step need not read that (`submitted`).
    return this.start(this.arns.lifecycle(), executionName(applicationId, start), start === 'intake' ? { applicationId, submitted: true } : { applicationId });
  }

  startPayoutBatch(batchId: string, start: PayoutStart): Promise<boolean> {
    return this.start(this.arns.payout(), start === 'request' ? batchId : `${batchId}-${randomUUID().slice(0, 8)}`, { batchId });
  }

  private async start(stateMachineArn: string, name: string, input: Record<string, string | boolean>): Promise<boolean> {
    try {
      await this.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return false;
      throw error;
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
