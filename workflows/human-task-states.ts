/**
 * The states of a human-task stage, generated from its entry in the stage table (shared/domain/human-task.ts).
 * JSONPath ASL cannot loop over a table, and every stage waits, times out into its deadline path and applies its
 * decision alike, so the definition files leave these out and `withHumanTaskStages` puts them in at load, the same
 * for CDK and the local endpoint (workflows/index.ts).
 */
import { SUBJECT_ID_FIELDS, TASK_KINDS, TASK_STAGES, type TaskKind, type TaskSubject } from '../shared/domain/human-task.ts';
import type { WORKFLOW_TASK_FUNCTIONS } from './index.ts';

/** Where a workflow's stages go: which subject's stages, and the states they return to. */
export interface HumanTaskSlot {
  subject: TaskSubject;
  /** The Choice on the stored status: each stage's `waitsIn` routes to its wait, and its decision routes on here. */
  routeState: string;
  /** Where the deadline path re-enters, re-opening the same task with a fresh token. */
  reenterState: string;
  /** Where an applied decision goes: `routeState` unless the route needs what only a reload gives (a batch's pages). */
  afterDecision?: string;
  /** The stages' states and route choices follow this state's in the definition. */
  after: string;
}

type Json = Record<string, unknown>;
export interface AslDefinition extends Json {
  States: Record<string, Json>;
}

const pascal = (name: string) => name.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase());

/**
 * The state names of a stage, all from its kind (`AwaitVerification`, `CheckVerificationDeadline`, ...): ASL state
 * names are unique in a machine, and two stages may well be decided by the same role.
 */
export function humanTaskStateNames(kind: TaskKind) {
  const stem = pascal(kind);
  return {
    await: `Await${stem}`,
    checkDeadline: `Check${stem}Deadline`,
    deadlineAction: `${stem}DeadlineAction`,
    remind: `Remind${stem}`,
    escalate: `Escalate${stem}`,
    applyDecision: `Apply${stem}Decision`,
  };
}

const LAMBDA_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/** Every Lambda step retries handler failures with backoff; a step's own timeout is retried unless it is caught. */
const retry = (timeout: 'retried' | 'caught') => [
  { ErrorEquals: timeout === 'retried' ? [...LAMBDA_ERRORS, 'States.Timeout'] : LAMBDA_ERRORS, IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2 },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 4, BackoffRate: 3, JitterStrategy: 'FULL' },
];

type TaskFunction = keyof typeof WORKFLOW_TASK_FUNCTIONS;

/** The six states of one stage: wait, deadline check and action, reminder, escalation, apply the decision. */
function stageStates(kind: TaskKind, slot: HumanTaskSlot): Record<string, Json> {
  const names = humanTaskStateNames(kind);
  const id = SUBJECT_ID_FIELDS[slot.subject];
  const parameters = (fn: TaskFunction, extra: Json = {}) => ({
    FunctionName: `\${${fn}}`,
    Payload: { [`${id}.$`]: `$.${id}`, kind, ...extra },
  });
  const invoke = 'arn:aws:states:::lambda:invoke';
  const sideStep = (fn: TaskFunction) => ({
    Type: 'Task', Resource: invoke, Parameters: parameters(fn), ResultPath: null, TimeoutSeconds: 60, Retry: retry('retried'), Next: slot.reenterState,
  });
  return {
    [names.await]: {
      Comment: `Opens the ${kind} task with this token and waits for the decision. The wait times out at the task's next deadline (waitSeconds, from the step that routed here) into the deadline path, which reminds or escalates as the programme's deadlines say, then re-enters through ${slot.reenterState} (re-opening the same task with a fresh token and the wait until the deadline after).`,
      Type: 'Task',
      Resource: `${invoke}.waitForTaskToken`,
      Parameters: parameters('OpenHumanTaskFunctionArn', { 'taskToken.$': '$$.Task.Token' }),
      TimeoutSecondsPath: '$.waitSeconds',
      ResultPath: null,
      Retry: retry('caught'),
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: names.checkDeadline }],
      Next: names.applyDecision,
    },
    [names.checkDeadline]: {
      Type: 'Task',
      Resource: invoke,
      Parameters: parameters('CheckTaskDeadlineFunctionArn'),
      ResultSelector: { 'action.$': '$.Payload.action' },
      ResultPath: '$.deadline',
      TimeoutSeconds: 60,
      Retry: retry('retried'),
      Next: names.deadlineAction,
    },
    [names.deadlineAction]: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.deadline.action', StringEquals: 'REMIND', Next: names.remind },
        { Variable: '$.deadline.action', StringEquals: 'ESCALATE', Next: names.escalate },
      ],
      Default: slot.reenterState,
    },
    [names.remind]: sideStep('RemindOfficerFunctionArn'),
    [names.escalate]: { Comment: `Overdue: the ${kind} task may now be worked one level up.`, ...sideStep('EscalateTaskFunctionArn') },
    [names.applyDecision]: {
      Type: 'Task',
      Resource: invoke,
      Parameters: parameters('ApplyTaskDecisionFunctionArn'),
      ResultSelector: { [`${id}.$`]: `$.Payload.${id}`, 'status.$': '$.Payload.status', 'waitSeconds.$': '$.Payload.waitSeconds' },
      TimeoutSeconds: 60,
      Retry: retry('retried'),
      Next: slot.afterDecision ?? slot.routeState,
    },
  };
}

/** `items` with `inserted` after the first one `isAnchor` accepts. */
function insertAfter<T>(items: readonly T[], isAnchor: (item: T) => boolean, inserted: readonly T[], what: string): T[] {
  const at = items.findIndex(isAnchor);
  if (at < 0) throw new Error(`Human-task stages: no ${what} to put them after`);
  return [...items.slice(0, at + 1), ...inserted, ...items.slice(at + 1)];
}

/** The definition with every stage of the slot's subject in it: its states, and its route from the stored status. */
export function withHumanTaskStages(definition: AslDefinition, slot: HumanTaskSlot): AslDefinition {
  const kinds = TASK_KINDS.filter((kind) => TASK_STAGES[kind].subject === slot.subject);
  const route = definition.States[slot.routeState];
  if (route?.Type !== 'Choice' || !Array.isArray(route.Choices)) throw new Error(`Human-task stages: ${slot.routeState} is not a Choice state`);
  const choices = kinds.map((kind) => ({ Variable: '$.status', StringEquals: TASK_STAGES[kind].waitsIn, Next: humanTaskStateNames(kind).await }));
  const routed = { ...route, Choices: insertAfter(route.Choices as Json[], (c) => c.Next === slot.after, choices, `choice of ${slot.routeState} leading to ${slot.after}`) };
  const generated = kinds.flatMap((kind) => Object.entries(stageStates(kind, slot)));
  const taken = generated.find(([name]) => Object.hasOwn(definition.States, name));
  if (taken) throw new Error(`Human-task stages: the definition already has a state ${taken[0]}`);
  const states = insertAfter(Object.entries({ ...definition.States, [slot.routeState]: routed }), ([name]) => name === slot.after, generated, `state ${slot.after}`);
  return { ...definition, States: Object.fromEntries(states) };
}
