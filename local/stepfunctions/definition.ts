import { readWorkflowDefinition } from '../../workflows/index.ts';
import { inlineDistributedMaps } from './distributed-map.ts';
import { StateMachine, type StateMachineDefinition } from './library.ts';

/** How a Task state reaches its function; every Task gets a local handler, so nothing ever calls real AWS. */
export type TaskIntegration = 'invoke' | 'waitForTaskToken' | 'function';

export interface TaskStateSpec {
  name: string;
  resource: string;
  integration: TaskIntegration;
  /** Set on every Task when loading (defaulted and capped, see `applyTaskTimeouts`). */
  timeoutSeconds: number;
  heartbeatSeconds?: number;
  /**
   * A `.waitForTaskToken` Task's TimeoutSecondsPath: its value reaches the Task's handler under this key of the
   * effective parameters (see `pathTimeout`), which caps it in place before the library reads it.
   */
  timeoutSecondsKey?: string;
}

export interface LoadedStateMachine {
  machine: StateMachine;
  /** By state name: ASL state names are unique in the whole machine, and the library keys its overrides by name. */
  tasks: ReadonlyMap<string, TaskStateSpec>;
}

type JsonObject = Record<string, unknown>;

const INTEGRATIONS: Readonly<Record<string, TaskIntegration>> = {
  'arn:aws:states:::lambda:invoke': 'invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken': 'waitForTaskToken',
};
/** The longest delay Node's timers take (2^31-1 ms); see `applyTaskTimeouts`. */
export const NODE_MAX_TIMER_SECONDS = 2_147_483;

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/;

/**
 * Reads, substitutes, checks and patches a definition file, then builds its StateMachine (validation is slow: once).
 * The file is read through workflows/index.ts, as CDK reads it, so both run the same generated human-task states.
 */
export function loadStateMachine(path: string, substitutions: Record<string, string>, maxTaskTimeoutSeconds: number): LoadedStateMachine {
  const text = substitute(readWorkflowDefinition(path), substitutions, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON after substitution (${(error as Error).message})`);
  }
  if (!isObject(parsed)) throw new Error(`${path}: a state machine definition must be a JSON object`);
  const definition = inlineDistributedMaps(parsed, path);

  const tasks = new Map<string, TaskStateSpec>();
  const names = new Set<string>();
  for (const [name, state] of statesOf(definition)) {
    if (names.has(name)) throw new Error(`${path}: state name "${name}" is used twice; it must be unique in the machine`);
    names.add(name);
    if (state.Type === 'Task') tasks.set(name, taskSpec(name, state, maxTaskTimeoutSeconds, path));
  }
  if (typeof definition.TimeoutSeconds === 'number') {
    // The execution timeout is a plain setTimeout in the library too (see applyTaskTimeouts).
    definition.TimeoutSeconds = Math.min(definition.TimeoutSeconds, NODE_MAX_TIMER_SECONDS);
  }

  try {
    return { machine: new StateMachine(definition as unknown as StateMachineDefinition), tasks };
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/**
 * Replaces every `${Key}` in the raw text, as CloudFormation applies CDK's `definitionSubstitutions` (textually, before
 * the JSON is parsed). A placeholder without a value is an error here: AWS would fail the deployment, not the run.
 */
function substitute(text: string, substitutions: Record<string, string>, source: string): string {
  const missing = new Set<string>();
  const result = text.replace(/\$\{([^{}]*)\}/g, (placeholder, key: string) => {
    const value = Object.hasOwn(substitutions, key) ? substitutions[key] : undefined;
    if (value === undefined) missing.add(placeholder);
    return value ?? placeholder;
  });
  if (missing.size > 0) throw new Error(`${source}: no substitution for ${[...missing].join(', ')}`);
  return result;
}

function taskSpec(name: string, state: JsonObject, maxTaskTimeoutSeconds: number, path: string): TaskStateSpec {
  const where = `${path}: Task "${name}"`;
  const resource = state.Resource;
  if (typeof resource !== 'string') throw new Error(`${where} has no Resource`);
  const integration = INTEGRATIONS[resource] ?? (LAMBDA_FUNCTION_ARN.test(resource) ? 'function' : undefined);
  if (!integration) {
    throw new Error(`${where}: resource "${resource}" is not supported locally (lambda:invoke[.waitForTaskToken] or a Lambda ARN)`);
  }
  if (integration !== 'function') {
    const parameters = state.Parameters;
    if (!isObject(parameters) || !('FunctionName' in parameters || 'FunctionName.$' in parameters)) {
      throw new Error(`${where}: ${resource} needs Parameters.FunctionName`);
    }
  }
  const timeoutSecondsKey = integration === 'waitForTaskToken' ? pathTimeout(state) : undefined;
  for (const field of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) {
    // The library evaluates these against the Task's effective Parameters, not its input, and the value read at run
    // time escapes the cap below (timer overflow). Only a waiting Task's timeout is read from its input (pathTimeout);
    // fail at load rather than behave differently from AWS at run time.
    if (field in state && !timeoutSecondsKey) throw new Error(`${where}: ${field} is not supported locally; use a literal or substituted value`);
  }
  if (timeoutSecondsKey) return { name, resource, integration, timeoutSeconds: maxTaskTimeoutSeconds, timeoutSecondsKey };
  return { name, resource, integration, ...applyTaskTimeouts(state, maxTaskTimeoutSeconds) };
}

/** Where a waiting Task's handler finds the value of its TimeoutSecondsPath (no key a definition uses). */
const TIMEOUT_SECONDS_KEY = 'jaringLocalTimeoutSeconds';

/**
 * AWS reads TimeoutSecondsPath from the Task's input, the library from the effective Parameters. So the path moves into
 * the Parameters under TIMEOUT_SECONDS_KEY (evaluated against the input, as on AWS), and TimeoutSecondsPath reads it
 * there; the Task's handler caps it in place, as `applyTaskTimeouts` caps literals, before the library reads it
 * (task-handlers.ts `waitLimits`). A waiting Task with a HeartbeatSeconds as well is refused.
 */
function pathTimeout(state: JsonObject): string | undefined {
  const path = state.TimeoutSecondsPath;
  if (typeof path !== 'string' || !isObject(state.Parameters) || 'HeartbeatSeconds' in state || 'HeartbeatSecondsPath' in state) return undefined;
  state.Parameters = { ...state.Parameters, [`${TIMEOUT_SECONDS_KEY}.$`]: path };
  state.TimeoutSecondsPath = `$.${TIMEOUT_SECONDS_KEY}`;
  return TIMEOUT_SECONDS_KEY;
}

/**
 * aws-local-stepfunctions races each Task against `setTimeout(TimeoutSeconds * 1000)` and uses 60 s when TimeoutSeconds
 * is absent, while AWS lets a Task run until the execution ends (a year for a Standard workflow, e.g. a human task
 * behind .waitForTaskToken). Node turns delays above 2^31-1 ms (2,147,483 s) into 1 ms, so a larger value would time
 * the Task out at once. Hence: default to the cap (at most NODE_MAX_TIMER_SECONDS), and cap what is set.
 */
function applyTaskTimeouts(state: JsonObject, maxSeconds: number): { timeoutSeconds: number; heartbeatSeconds?: number } {
  const timeoutSeconds = typeof state.TimeoutSeconds === 'number' ? Math.min(state.TimeoutSeconds, maxSeconds) : maxSeconds;
  state.TimeoutSeconds = timeoutSeconds;
  if (typeof state.HeartbeatSeconds !== 'number') return { timeoutSeconds };
  const heartbeatSeconds = Math.min(state.HeartbeatSeconds, maxSeconds);
  state.HeartbeatSeconds = heartbeatSeconds;
  return { timeoutSeconds, heartbeatSeconds };
}

/** Every state of a machine, including those of Parallel branches and Map processors, at any depth. */
function* statesOf(machine: JsonObject): Generator<[string, JsonObject]> {
  if (!isObject(machine.States)) return; // the library's validation reports the malformed definition
  for (const [name, state] of Object.entries(machine.States)) {
    if (!isObject(state)) continue;
    yield [name, state];
    const nested = state.Type === 'Parallel' ? state.Branches : state.Type === 'Map' ? [state.ItemProcessor ?? state.Iterator] : [];
    if (Array.isArray(nested)) for (const child of nested) if (isObject(child)) yield* statesOf(child);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
