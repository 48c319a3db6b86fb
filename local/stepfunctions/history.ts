import type { HistoryEventType } from '@aws-sdk/client-sfn';
import type { TaskStateSpec } from './definition.ts';
import type { EventLog } from './library.ts';

/** A GetExecutionHistory event as sent on the wire (AWS JSON 1.0: `timestamp` in epoch seconds). */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: HistoryEventType;
  [details: `${string}EventDetails`]: Record<string, unknown>;
}

type HistoryEntry = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>;

type StateType = Extract<EventLog, { type: 'StateEntered' }>['state']['type'];

const STATE_EVENTS: Record<StateType, { entered: HistoryEventType; exited?: HistoryEventType }> = {
  Task: { entered: 'TaskStateEntered', exited: 'TaskStateExited' },
  Parallel: { entered: 'ParallelStateEntered', exited: 'ParallelStateExited' },
  Map: { entered: 'MapStateEntered', exited: 'MapStateExited' },
  Pass: { entered: 'PassStateEntered', exited: 'PassStateExited' },
  Wait: { entered: 'WaitStateEntered', exited: 'WaitStateExited' },
  Choice: { entered: 'ChoiceStateEntered', exited: 'ChoiceStateExited' },
  Succeed: { entered: 'SucceedStateEntered', exited: 'SucceedStateExited' },
  Fail: { entered: 'FailStateEntered' },
};

const NOT_TRUNCATED = { truncated: false };

/**
 * Translates one event of the library's log into Step Functions history events. Events AWS has no counterpart for
 * (StateRetried, StateCaught, ParallelBranch*) are left out: the events that follow them tell the same story.
 */
export function historyEntries(
  event: EventLog,
  tasks: ReadonlyMap<string, TaskStateSpec>,
  execution: { error?: string; cause?: string },
): HistoryEntry[] {
  switch (event.type) {
    case 'ExecutionStarted':
      return [{ type: 'ExecutionStarted', executionStartedEventDetails: { input: json(event.input), inputDetails: NOT_TRUNCATED } }];
    case 'ExecutionSucceeded':
      return [{ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: json(event.output), outputDetails: NOT_TRUNCATED } }];
    case 'ExecutionFailed':
      return [{ type: 'ExecutionFailed', executionFailedEventDetails: { error: event.Error, cause: text(event.Cause) } }];
    case 'ExecutionAborted':
      return [{ type: 'ExecutionAborted', executionAbortedEventDetails: { error: execution.error, cause: execution.cause } }];
    case 'ExecutionTimeout':
      return [{ type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' } }];
    case 'StateEntered': {
      const details = { name: event.state.name, input: json(event.state.input), inputDetails: NOT_TRUNCATED };
      return [{ type: STATE_EVENTS[event.state.type].entered, stateEnteredEventDetails: details }];
    }
    case 'StateExited': {
      const type = STATE_EVENTS[event.state.type].exited;
      const details = { name: event.state.name, output: json(event.state.output), outputDetails: NOT_TRUNCATED };
      return type ? [{ type, stateExitedEventDetails: details }] : [];
    }
    case 'StateFailed': {
      const task = tasks.get(event.state.name);
      if (task) return [taskFailed(task, event.Error, text(event.Cause))];
      if (event.state.type === 'Map') return [{ type: 'MapStateFailed' }];
      return event.state.type === 'Parallel' ? [{ type: 'ParallelStateFailed' }] : [];
    }
    case 'MapIterationStarted':
      return [{ type: event.type, mapIterationStartedEventDetails: { name: event.parentState.name, index: event.index } }];
    case 'MapIterationSucceeded':
      return [{ type: event.type, mapIterationSucceededEventDetails: { name: event.parentState.name, index: event.index } }];
    case 'MapIterationFailed':
      return [{ type: event.type, mapIterationFailedEventDetails: { name: event.parentState.name, index: event.index } }];
    default:
      return [];
  }
}

function taskFailed(task: TaskStateSpec, error: string, cause: string): HistoryEntry {
  const timedOut = error === 'States.Timeout';
  if (task.integration === 'function') {
    return timedOut
      ? { type: 'LambdaFunctionTimedOut', lambdaFunctionTimedOutEventDetails: { error, cause } }
      : { type: 'LambdaFunctionFailed', lambdaFunctionFailedEventDetails: { error, cause } };
  }
  const details = { resourceType: 'lambda', resource: task.resource.replace('arn:aws:states:::lambda:', ''), error, cause };
  return timedOut ? { type: 'TaskTimedOut', taskTimedOutEventDetails: details } : { type: 'TaskFailed', taskFailedEventDetails: details };
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : json(value);
}
