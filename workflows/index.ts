/**
 * One typed source for the workflow files: where they are, which `${...}` substitutions they need and which
 * function each substitution names. CDK (the file inline, with `definitionSubstitutions`) and the local
 * Step Functions endpoint both read the very same files through this index.
 */
import { fileURLToPath } from 'node:url';

export const WORKFLOW_TASK_FUNCTIONS = {
  LoadApplicationFunctionArn: 'load-application',
  ScreenApplicationFunctionArn: 'screen-application',
  OpenHumanTaskFunctionArn: 'open-human-task',
  ApplyTaskDecisionFunctionArn: 'apply-task-decision',
  CheckTaskDeadlineFunctionArn: 'check-task-deadline',
  RemindOfficerFunctionArn: 'remind-officer',
  EscalateTaskFunctionArn: 'escalate-task',
} as const;
export type WorkflowTaskFunction = (typeof WORKFLOW_TASK_FUNCTIONS)[keyof typeof WORKFLOW_TASK_FUNCTIONS];

export interface WorkflowDefinition {
  /** State machine name, also used for its ARN locally. */
  name: string;
  file: string;
  substitutions: readonly (keyof typeof WORKFLOW_TASK_FUNCTIONS)[];
}

export const APPLICATION_LIFECYCLE: WorkflowDefinition = {
  name: 'jaring-application-lifecycle',
  file: fileURLToPath(new URL('./application-lifecycle.asl.json', import.meta.url)),
  // Every task function: the lifecycle is the only workflow and uses them all.
  substitutions: Object.keys(WORKFLOW_TASK_FUNCTIONS) as (keyof typeof WORKFLOW_TASK_FUNCTIONS)[],
};

export const WORKFLOWS: readonly WorkflowDefinition[] = [APPLICATION_LIFECYCLE];

/** State names the code refers to (the tests). */
export const LIFECYCLE_STATES = {
  loadApplication: 'LoadApplication',
  routeByStatus: 'RouteByStatus',
  screenApplication: 'ScreenApplication',
  awaitVerification: 'AwaitVerification',
  awaitApproval: 'AwaitApproval',
  checkVerificationDeadline: 'CheckVerificationDeadline',
  remindVerifier: 'RemindVerifier',
  escalateVerification: 'EscalateVerification',
  checkApprovalDeadline: 'CheckApprovalDeadline',
  remindApprover: 'RemindApprover',
  escalateApproval: 'EscalateApproval',
  approved: 'Approved',
  rejected: 'Rejected',
} as const;
