import { randomUUID } from 'node:crypto';
import { ApiError, parseJsonField } from './api-error.ts';
import { assertArn, executionArn, type ArnScope } from './arn.ts';
import type { LoadedStateMachine } from './definition.ts';
import { historyEntries, type HistoryEvent } from './history.ts';
import type { Logger } from './logger.ts';
import { ExecutionError, ExecutionTimeoutError, type EventLog, type JSONValue } from './library.ts';
import { taskHandlers, type TaskRuntime } from './task-handlers.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
}

export interface DeployedStateMachine extends LoadedStateMachine {
  name: string;
  arn: string;
}

interface Execution {
  record: ExecutionRecord;
  /** The library's abort: ends the run with ExecutionAbortedError. */
  abort(): void;
  /** Aborted once the execution stops or ends: rejects its pending Tasks and retires its task tokens. */
  closed: AbortController;
}

type Outcome = Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>;

// AWS naming rules for execution names: no whitespace, brackets, wildcards, these specials, or control characters.
const INVALID_NAME_CHARACTER = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]/u;

/** Executions in memory (the application restarts its workflows from its own stored state after a restart). */
export class Executions {
  readonly #executions = new Map<string, Execution>(); // in start order

  constructor(
    private readonly machines: ReadonlyMap<string, DeployedStateMachine>,
    private readonly scope: ArnScope,
    private readonly runtime: TaskRuntime,
    private readonly log: Logger,
  ) {}

  start(stateMachineArn: string, name: string | undefined, input: string | undefined): ExecutionRecord {
    const machine = this.#machine(stateMachineArn);
    const executionName = name ?? randomUUID();
    if (executionName.length > 80 || executionName.length === 0 || INVALID_NAME_CHARACTER.test(executionName)) {
      throw new ApiError('InvalidName', `Invalid Name: '${executionName}'`);
    }
    const inputText = input ?? '{}';
    const parsedInput = parseJsonField(inputText, 'InvalidExecutionInput', 'input') as JSONValue;
    const arn = executionArn(this.scope, machine.name, executionName);
    const existing = this.#executions.get(arn);
    if (existing) {
      // AWS Standard semantics: the same name and input while RUNNING is the same request again; anything else clashes.
      if (existing.record.status === 'RUNNING' && existing.record.input === inputText) return existing.record;
      throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }

    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn,
      name: executionName,
      status: 'RUNNING',
      startDate: new Date(),
      input: inputText,
      history: [],
    };
    const closed = new AbortController();
    const run = machine.machine.run(parsedInput, {
      overrides: { taskResourceLocalHandlers: taskHandlers(machine.tasks.values(), this.runtime, closed.signal) },
      context: {
        Execution: { Id: arn, Name: executionName },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: this.runtime.tokenSentinel },
      },
    });
    const execution: Execution = { record, abort: run.abort, closed };
    this.#executions.set(arn, execution);
    this.#recordHistory(execution, machine, run.eventLogs).catch((error: unknown) => {
      this.log('error', 'execution history stopped', { executionArn: arn, error: String(error) });
    });
    run.result.then(
      (output) => this.#finish(execution, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
      (error: unknown) => this.#finish(execution, outcomeOf(error)),
    );
    this.log('info', 'execution started', { executionArn: arn });
    return record;
  }

  get(arn: string): ExecutionRecord {
    return this.#execution(arn).record;
  }

  /** Newest first, as AWS lists them. */
  list(stateMachineArn: string, status: ExecutionStatus | undefined): ExecutionRecord[] {
    this.#machine(stateMachineArn);
    return [...this.#executions.values()]
      .map(({ record }) => record)
      .filter((record) => record.stateMachineArn === stateMachineArn && (status === undefined || record.status === status))
      .reverse();
  }

  stop(arn: string, error: string | undefined, cause: string | undefined): ExecutionRecord {
    const execution = this.#execution(arn);
    if (execution.record.status === 'RUNNING') {
      this.#close(execution, { status: 'ABORTED', error, cause });
      execution.abort();
    }
    return execution.record;
  }

  stopAll(): void {
    for (const { record } of this.#executions.values()) {
      if (record.status === 'RUNNING') this.stop(record.executionArn, undefined, 'The Step Functions endpoint was closed');
    }
  }

  #finish(execution: Execution, outcome: Outcome): void {
    if (execution.record.status === 'RUNNING') this.#close(execution, outcome); // else stop() closed it first
  }

  #close(execution: Execution, outcome: Outcome): void {
    Object.assign(execution.record, outcome, { stopDate: new Date() });
    execution.closed.abort();
    const { executionArn: arn, status, error } = execution.record;
    // A stop (a restart, StopExecution) is routine; a failure is what an operator must see.
    const level = status === 'FAILED' || status === 'TIMED_OUT' ? 'error' : 'info';
    this.log(level, 'execution closed', { executionArn: arn, status, ...(error === undefined ? {} : { error }) });
  }

  async #recordHistory(execution: Execution, machine: DeployedStateMachine, events: AsyncGenerator<EventLog>): Promise<void> {
    const { history } = execution.record;
    for await (const event of events) {
      for (const entry of historyEntries(event, machine.tasks, execution.record)) {
        const id = history.length + 1;
        history.push({ ...entry, id, previousEventId: id - 1, timestamp: event.timestamp / 1000 });
      }
    }
  }

  #machine(arn: string): DeployedStateMachine {
    assertArn(arn, 'stateMachine');
    const machine = this.machines.get(arn);
    if (!machine) throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  #execution(arn: string): Execution {
    assertArn(arn, 'execution');
    const execution = this.#executions.get(arn);
    if (!execution) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }
}

function outcomeOf(error: unknown): Outcome {
  if (error instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution ran longer than its TimeoutSeconds' };
  }
  // ExecutionError wraps the error that ended the run: a Fail state's Error/Cause, or a Task's uncaught failure.
  const failure = error instanceof ExecutionError ? error.cause : error;
  return failure instanceof Error
    ? { status: 'FAILED', error: failure.name, cause: failure.message }
    : { status: 'FAILED', error: 'States.Runtime', cause: String(failure) };
}
