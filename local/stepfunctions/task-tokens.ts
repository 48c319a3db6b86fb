import { randomBytes } from 'node:crypto';
import { ApiError } from './api-error.ts';
import type { JSONValue } from './library.ts';
import { ExecutionClosed, TaskFailure } from './task-errors.ts';

export interface TaskLimits {
  timeoutSeconds: number;
  heartbeatSeconds?: number;
}

interface OpenTask {
  resolve(output: JSONValue): void;
  reject(failure: Error): void;
  restartHeartbeat(): void;
  /** Clears the task's timers and its listener on the execution. */
  dispose(): void;
}

/**
 * Tokens of `.waitForTaskToken` Tasks: one unguessable token per Task attempt, settled at most once. A settled token is
 * forgotten, so SendTask* with it answers TaskDoesNotExist, or TaskTimedOut if its Task timed out.
 */
export class TaskTokens {
  readonly #open = new Map<string, OpenTask>();
  readonly #timedOut = new Set<string>();

  /**
   * Mints a token and the Task outcome it settles. It is registered at once, before the function that receives it
   * runs, because that function may send SendTaskSuccess itself before returning (a re-entered human task that
   * finds a recorded decision does). The outcome rejects with ExecutionClosed when `closed` aborts.
   */
  open(limits: TaskLimits, closed: AbortSignal): { token: string; outcome: Promise<JSONValue> } {
    const token = randomBytes(32).toString('base64url');
    let resolve: OpenTask['resolve'] = () => undefined;
    let reject: OpenTask['reject'] = () => undefined;
    const outcome = new Promise<JSONValue>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });

    // The library fails the Task with States.Timeout from its own timer of the same length, which it starts right
    // after this handler returns. This timer, started first, fires first in the same timer pass and only retires the
    // token, so no SendTaskSuccess can slip in between and a late one gets TaskTimedOut.
    const timeout = setTimeout(() => this.#expire(token), limits.timeoutSeconds * 1000);
    let heartbeat: NodeJS.Timeout | undefined;
    const restartHeartbeat = (): void => {
      if (limits.heartbeatSeconds === undefined) return;
      clearTimeout(heartbeat);
      // AWS reports a missed heartbeat as States.Timeout (States.HeartbeatTimeout is only a Retry/Catch matcher).
      const failure = new TaskFailure('States.Timeout', `No heartbeat within ${limits.heartbeatSeconds} s`);
      heartbeat = setTimeout(() => this.#expire(token, failure), limits.heartbeatSeconds * 1000);
    };
    const onClosed = (): void => this.#take(token)?.reject(new ExecutionClosed());
    const dispose = (): void => {
      clearTimeout(timeout);
      clearTimeout(heartbeat);
      closed.removeEventListener('abort', onClosed);
    };

    closed.addEventListener('abort', onClosed, { once: true });
    restartHeartbeat();
    this.#open.set(token, { resolve, reject, restartHeartbeat, dispose });
    return { token, outcome };
  }

  isOpen(token: string): boolean {
    return this.#open.has(token);
  }

  succeed(token: string, output: JSONValue): void {
    this.#require(token).resolve(output);
  }

  fail(token: string, failure: TaskFailure): void {
    this.#require(token).reject(failure);
  }

  heartbeat(token: string): void {
    const task = this.#open.get(token);
    if (!task) throw this.#closedError(token);
    task.restartHeartbeat();
  }

  #expire(token: string, failure?: TaskFailure): void {
    const task = this.#take(token);
    if (!task) return;
    this.#timedOut.add(token);
    if (failure) task.reject(failure);
  }

  #require(token: string): OpenTask {
    const task = this.#take(token);
    if (!task) throw this.#closedError(token);
    return task;
  }

  #take(token: string): OpenTask | undefined {
    const task = this.#open.get(token);
    if (!task) return undefined;
    this.#open.delete(token);
    task.dispose();
    return task;
  }

  #closedError(token: string): ApiError {
    return this.#timedOut.has(token)
      ? new ApiError('TaskTimedOut', 'Task Timed Out: the task of this token has timed out')
      : new ApiError('TaskDoesNotExist', 'Task does not exist anymore (unknown token, or the task was already closed)');
  }
}
