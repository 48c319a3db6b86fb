/** A Task failure as ASL sees it: Retry/Catch match `name`, and a Catch's output carries `message` as `Cause`. */
export class TaskFailure extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }

  static from(thrown: unknown): TaskFailure {
    return thrown instanceof Error ? new TaskFailure(thrown.name, thrown.message) : new TaskFailure('Error', String(thrown));
  }
}

/**
 * Ends the Tasks of a stopped or finished execution so the library clears its Task timers. The library reads
 * `isRetryable`/`isCatchable` (its RuntimeError contract), so no Retry or Catch runs the Task again.
 */
export class ExecutionClosed extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor() {
    super('The execution was stopped or has finished');
    this.name = 'States.Runtime';
  }
}
