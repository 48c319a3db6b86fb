import { ApiError, parseJsonField } from './api-error.ts';
import type { ExecutionRecord, Executions, ExecutionStatus } from './executions.ts';
import type { JSONValue } from './library.ts';
import { paginate } from './paging.ts';
import { TaskFailure } from './task-errors.ts';
import type { TaskTokens } from './task-tokens.ts';

/** One API action: the parsed request body in, the response body out (AWS JSON 1.0, dates in epoch seconds). */
export type Action = (request: ApiRequest) => object;

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const MAX_PAGE_SIZE = 1000;
const MAX_TOKEN_LENGTH = 1024; // the API's limit for taskToken

export function stepFunctionsActions(executions: Executions, tokens: TaskTokens): ReadonlyMap<string, Action> {
  return new Map<string, Action>([
    [
      'StartExecution',
      (request) => {
        const record = executions.start(request.string('stateMachineArn'), request.optionalString('name'), request.optionalString('input'));
        return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
      },
    ],
    ['DescribeExecution', (request) => describe(executions.get(request.string('executionArn')))],
    [
      'ListExecutions',
      (request) => {
        const records = executions.list(request.string('stateMachineArn'), statusFilter(request));
        const { page, nextToken } = paginate(records, (record) => record.executionArn, request.maxResults(), request.optionalString('nextToken'));
        return { executions: page.map(listItem), nextToken };
      },
    ],
    [
      'GetExecutionHistory',
      (request) => {
        const { history } = executions.get(request.string('executionArn'));
        const events = request.optionalBoolean('reverseOrder') ? [...history].reverse() : history;
        const { page, nextToken } = paginate(events, (event) => String(event.id), request.maxResults(), request.optionalString('nextToken'));
        return { events: page, nextToken };
      },
    ],
    [
      'SendTaskSuccess',
      (request) => {
        const token = taskToken(request);
        tokens.succeed(token, parseJsonField(request.string('output'), 'InvalidOutput', 'output') as JSONValue);
        return {};
      },
    ],
    [
      'SendTaskFailure',
      (request) => {
        const failure = new TaskFailure(request.optionalString('error') ?? '', request.optionalString('cause') ?? '');
        tokens.fail(taskToken(request), failure);
        return {};
      },
    ],
    [
      'SendTaskHeartbeat',
      (request) => {
        tokens.heartbeat(taskToken(request));
        return {};
      },
    ],
    [
      'StopExecution',
      (request) => {
        const arn = request.string('executionArn');
        const record = executions.stop(arn, request.optionalString('error'), request.optionalString('cause'));
        return { stopDate: epochSeconds(record.stopDate ?? new Date()) };
      },
    ],
  ]);
}

/** A request body, read with the validation errors the service gives. */
export class ApiRequest {
  constructor(private readonly body: Record<string, unknown>) {}

  string(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined) throw new ApiError('ValidationException', `1 validation error detected: '${key}' must not be null`);
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.#optional(key, 'string');
  }

  optionalBoolean(key: string): boolean | undefined {
    return this.#optional(key, 'boolean');
  }

  maxResults(): number | undefined {
    const value = this.#optional('maxResults', 'number');
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= MAX_PAGE_SIZE)) {
      throw new ApiError('ValidationException', `maxResults must be an integer from 0 to ${MAX_PAGE_SIZE}`);
    }
    return value;
  }

  #optional<T extends 'string' | 'number' | 'boolean'>(key: string, type: T): TypeOfName[T] | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== type) throw new ApiError('SerializationException', `'${key}' must be a ${type}`);
    return value as TypeOfName[T];
  }
}

interface TypeOfName {
  string: string;
  number: number;
  boolean: boolean;
}

function taskToken(request: ApiRequest): string {
  const token = request.string('taskToken');
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new ApiError('InvalidToken', 'Invalid Token: malformed task token');
  return token;
}

function statusFilter(request: ApiRequest): ExecutionStatus | undefined {
  const value = request.optionalString('statusFilter');
  const status = STATUSES.find((candidate) => candidate === value);
  if (value !== undefined && status === undefined) throw new ApiError('ValidationException', `Invalid statusFilter: '${value}'`);
  return status;
}

function describe(record: ExecutionRecord): object {
  return {
    ...listItem(record),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
    error: record.error,
    cause: record.cause,
  };
}

function listItem(record: ExecutionRecord): object {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: record.stopDate && epochSeconds(record.stopDate),
  };
}

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
