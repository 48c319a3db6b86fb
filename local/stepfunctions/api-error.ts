/** Error names of the Step Functions API; the SDK turns `__type` into the exception class of the same name. */
export type ApiErrorType =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidArn'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'SerializationException'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'UnknownOperationException'
  | 'ValidationException';

/** A client error answered in the AWS JSON 1.0 error shape: HTTP 400, `{"__type": type, "message": ...}`. */
export class ApiError extends Error {
  constructor(
    readonly type: ApiErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** Parses a JSON document passed as a string field (execution input, task output). */
export function parseJsonField(text: string, type: ApiErrorType, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(type, `Invalid JSON in ${field}: ${(error as Error).message}`);
  }
}
