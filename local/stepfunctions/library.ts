// The only entry to aws-local-stepfunctions: the polyfill is imported first so it is evaluated before the library.
import './polyfill.ts';
import type { RunOptions, StateMachine } from 'aws-local-stepfunctions';

export {
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';

// The library does not export these types; derive them from its public signatures.
export type JSONValue = Parameters<StateMachine['run']>[0];
export type JSONObject = Exclude<JSONValue, null | boolean | number | string | readonly unknown[]>;
export type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
