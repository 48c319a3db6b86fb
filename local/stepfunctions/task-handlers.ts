import type { TaskStateSpec } from './definition.ts';
import type { JSONObject, JSONValue, TaskHandlers } from './library.ts';
import { ExecutionClosed, TaskFailure } from './task-errors.ts';
import type { TaskLimits, TaskTokens } from './task-tokens.ts';

/** How a Task state reaches its Lambda handler: in process, by the function name in the ASL. */
export type InvokeFunction = (functionName: string, payload: unknown) => Promise<unknown>;

export interface TaskRuntime {
  invokeFunction: InvokeFunction;
  tokens: TaskTokens;
  /** What `$$.Task.Token` evaluates to in the context object; replaced by the attempt's real token. */
  tokenSentinel: string;
}

/** The library's Task overrides (keyed by state name) for one execution; `closed` aborts when it stops or ends. */
export function taskHandlers(tasks: Iterable<TaskStateSpec>, runtime: TaskRuntime, closed: AbortSignal): TaskHandlers {
  return Object.fromEntries([...tasks].map((spec) => [spec.name, (input: JSONValue) => runTask(spec, input, runtime, closed)]));
}

// No `await` may come before `tokens.open`: its timer has to start before the library's (see TaskTokens.open).
async function runTask(spec: TaskStateSpec, input: JSONValue, runtime: TaskRuntime, closed: AbortSignal): Promise<JSONValue> {
  if (closed.aborted) throw new ExecutionClosed();
  switch (spec.integration) {
    case 'function':
      return untilClosed(call(runtime.invokeFunction, spec.resource, input), closed);
    case 'invoke': {
      const { functionName, payload } = invokeParameters(spec, input);
      // The shape of the lambda:invoke service integration's result, so `$.Payload...` selectors work as on AWS.
      const result = call(runtime.invokeFunction, functionName, payload).then((Payload) => ({ StatusCode: 200, Payload }));
      return untilClosed(result, closed);
    }
    case 'waitForTaskToken': {
      const { functionName, payload } = invokeParameters(spec, input);
      const { token, outcome } = runtime.tokens.open(waitLimits(spec, input), closed);
      // As on AWS, the function's result is ignored (only the token settles the Task), but its failure fails the Task.
      call(runtime.invokeFunction, functionName, withToken(payload, runtime.tokenSentinel, token)).catch((failure: TaskFailure) => {
        if (runtime.tokens.isOpen(token)) runtime.tokens.fail(token, failure);
      });
      return outcome;
    }
  }
}

/**
 * A waiting Task's limits. With a TimeoutSecondsPath (definition.ts `pathTimeout`) its value is capped in the effective
 * parameters themselves, which the library reads for its own Task timer right after this handler returns.
 */
function waitLimits(spec: TaskStateSpec, input: JSONValue): TaskLimits {
  const key = spec.timeoutSecondsKey;
  if (!key || !isJSONObject(input)) return spec;
  const seconds = input[key];
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
    throw new TaskFailure('States.Runtime', `Task "${spec.name}": TimeoutSecondsPath must give a positive whole number of seconds`);
  }
  input[key] = Math.min(seconds, spec.timeoutSeconds);
  return { timeoutSeconds: input[key] };
}

/** Invokes in process; a thrown error becomes a Task failure named like it, and the result crosses as JSON. */
async function call(invokeFunction: InvokeFunction, functionName: string, payload: JSONValue): Promise<JSONValue> {
  let result: unknown;
  try {
    result = await invokeFunction(functionName, payload);
  } catch (thrown) {
    throw TaskFailure.from(thrown);
  }
  return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as JSONValue);
}

/** Settles like `work`, or rejects once the execution closes, so the library always clears its Task timer. */
function untilClosed<T>(work: Promise<T>, closed: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onClosed = (): void => reject(new ExecutionClosed());
    closed.addEventListener('abort', onClosed, { once: true });
    void work.then(resolve, reject).finally(() => closed.removeEventListener('abort', onClosed));
  });
}

function invokeParameters(spec: TaskStateSpec, input: JSONValue): { functionName: string; payload: JSONValue } {
  if (!isJSONObject(input) || typeof input.FunctionName !== 'string') {
    throw new TaskFailure('States.Runtime', `Task "${spec.name}": Parameters.FunctionName must be a string`);
  }
  return { functionName: input.FunctionName, payload: input.Payload ?? {} };
}

/** Puts the minted token wherever the payload used `$$.Task.Token`, also inside strings (e.g. States.Format). */
function withToken(value: JSONValue, sentinel: string, token: string): JSONValue {
  if (typeof value === 'string') return value.split(sentinel).join(token);
  if (Array.isArray(value)) return value.map((item) => withToken(item, sentinel, token));
  if (isJSONObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withToken(item, sentinel, token)]));
  }
  return value;
}

function isJSONObject(value: JSONValue): value is JSONObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
