/**
 * One typed source for the workflow files: where they are, which `${...}` substitutions they need and which
 * function each substitution names. CDK (the definition inline, with `definitionSubstitutions`) and the local
 * Step Functions endpoint both read the very same definitions through `readWorkflowDefinition`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { humanTaskStateNames, withHumanTaskStages, type AslDefinition, type HumanTaskSlot } from './human-task-states.ts';

export const WORKFLOW_TASK_FUNCTIONS = {
  LoadApplicationFunctionArn: 'load-application',
  ScreenApplicationFunctionArn: 'screen-application',
  FinishWithdrawalFunctionArn: 'finish-withdrawal',
  OpenHumanTaskFunctionArn: 'open-human-task',
  ApplyTaskDecisionFunctionArn: 'apply-task-decision',
  CheckTaskDeadlineFunctionArn: 'check-task-deadline',
  RemindOfficerFunctionArn: 'remind-officer',
  EscalateTaskFunctionArn: 'escalate-task',
  LoadPayoutBatchFunctionArn: 'load-payout-batch',
  SnapshotPayoutBatchFunctionArn: 'snapshot-payout-batch',
  ClaimPayoutPagesFunctionArn: 'claim-payout-pages',
  TotalPayoutBatchFunctionArn: 'total-payout-batch',
  DisbursePayoutPagesFunctionArn: 'disburse-payout-pages',
  ExportPaymentFileFunctionArn: 'export-payment-file',
  ReturnPayoutPagesFunctionArn: 'return-payout-pages',
  FinishPayoutReturnFunctionArn: 'finish-payout-return',
} as const;
type TaskFunctionKey = keyof typeof WORKFLOW_TASK_FUNCTIONS;

/** The steps every human-task stage calls (workflows/human-task-states.ts). */
const HUMAN_TASK_FUNCTIONS = [
  'OpenHumanTaskFunctionArn', 'ApplyTaskDecisionFunctionArn', 'CheckTaskDeadlineFunctionArn', 'RemindOfficerFunctionArn', 'EscalateTaskFunctionArn',
] as const satisfies readonly TaskFunctionKey[];
export type WorkflowTaskFunction = (typeof WORKFLOW_TASK_FUNCTIONS)[keyof typeof WORKFLOW_TASK_FUNCTIONS];

export interface WorkflowDefinition {
  /** State machine name, also used for its ARN locally. */
  name: string;
  file: string;
  substitutions: readonly TaskFunctionKey[];
  /** The human-task stages this workflow waits through, generated from the stage table into the file's states. */
  humanTasks?: HumanTaskSlot;
}

export const APPLICATION_LIFECYCLE: WorkflowDefinition = {
  name: 'jaring-application-lifecycle',
  file: fileURLToPath(new URL('./application-lifecycle.asl.json', import.meta.url)),
  substitutions: ['LoadApplicationFunctionArn', 'ScreenApplicationFunctionArn', 'FinishWithdrawalFunctionArn', ...HUMAN_TASK_FUNCTIONS],
  // Screened applications wait through each application stage; every step routes on the stored status again.
  humanTasks: { subject: 'application', routeState: 'RouteByStatus', reenterState: 'LoadApplication', after: 'ScreenApplication' },
};

export const PAYOUT_BATCH: WorkflowDefinition = {
  name: 'jaring-payout-batch',
  file: fileURLToPath(new URL('./payout-batch.asl.json', import.meta.url)),
  substitutions: [
    'LoadPayoutBatchFunctionArn', 'SnapshotPayoutBatchFunctionArn', 'ClaimPayoutPagesFunctionArn', 'TotalPayoutBatchFunctionArn',
    'DisbursePayoutPagesFunctionArn', 'ExportPaymentFileFunctionArn', 'ReturnPayoutPagesFunctionArn', 'FinishPayoutReturnFunctionArn', ...HUMAN_TASK_FUNCTIONS,
  ],
  // A totalled batch waits for its checker; after the decision the batch is loaded again (with its pages) and routed.
  humanTasks: { subject: 'batch', routeState: 'RouteByBatchStatus', reenterState: 'LoadPayoutBatch', afterDecision: 'LoadPayoutBatch', after: 'SnapshotPayoutBatch' },
};

export const WORKFLOWS: readonly WorkflowDefinition[] = [APPLICATION_LIFECYCLE, PAYOUT_BATCH];

/**
 * The definition a workflow file stands for, as both runtimes run it (still with its `${...}` placeholders): the
 * file, with the stages of the human-task table put in. A file no workflow here names (a test fixture) is read as
 * it is.
 */
export function readWorkflowDefinition(file: string): string {
  const text = readFileSync(file, 'utf8');
  const slot = WORKFLOWS.find((w) => resolve(w.file) === resolve(file))?.humanTasks;
  return slot ? `${JSON.stringify(withExecutionIds(withHumanTaskStages(JSON.parse(text) as AslDefinition, slot)), null, 2)}\n` : text;
}

type States = Record<string, Record<string, unknown>>;
const withoutKey = (o: object, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

/**
 * Every step is told the execution it runs in (`executionId`, from the context object), so its log lines carry it
 * beside the application or batch (functions/lib/observability.ts). A step given a whole state (`Payload.$`, the first
 * lifecycle step and the map items) gets it as `{ input, executionId }`, which workflowTask unwraps.
 */
function withExecutionIds<D extends { States: object }>(definition: D): D {
  const states = Object.fromEntries(Object.entries(definition.States as States).map(([name, state]) => {
    const parameters = state.Parameters as { Payload?: unknown; 'Payload.$'?: string } | undefined;
    const payload = parameters?.Payload;
    const wholeState = parameters?.['Payload.$'];
    const withId = state.Type !== 'Task' || !parameters ? state
      : typeof payload === 'object' && payload !== null
        ? { ...state, Parameters: { ...parameters, Payload: { ...payload, 'executionId.$': '$$.Execution.Id' } } }
        : typeof wholeState === 'string'
          ? { ...state, Parameters: { ...withoutKey(parameters, 'Payload.$'), Payload: { 'input.$': wholeState, 'executionId.$': '$$.Execution.Id' } } }
          : state;
    const processor = state.ItemProcessor as { States: object } | undefined;
    return [name, processor ? { ...withId, ItemProcessor: withExecutionIds(processor) } : withId];
  }));
  return { ...definition, States: states };
}

/** State names the code refers to (the tests); each human-task stage's are `humanTaskStateNames(kind)`. */
export const LIFECYCLE_STATES = {
  loadApplication: 'LoadApplication',
  routeByStatus: 'RouteByStatus',
  screenApplication: 'ScreenApplication',
  approved: 'Approved',
  rejected: 'Rejected',
} as const;
export { humanTaskStateNames };
