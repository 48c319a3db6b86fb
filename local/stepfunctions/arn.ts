import { ApiError } from './api-error.ts';

export interface ArnScope {
  region: string;
  accountId: string;
}

export function stateMachineArn(scope: ArnScope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;
}

export function executionArn(scope: ArnScope, stateMachineName: string, executionName: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:execution:${stateMachineName}:${executionName}`;
}

const ARN_SHAPES = {
  stateMachine: /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:\s]+$/,
  execution: /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:\s]+:[^:\s]+$/,
} as const;

/** A malformed ARN is InvalidArn; a well-formed one that names nothing is the caller's *DoesNotExist. */
export function assertArn(arn: string, kind: keyof typeof ARN_SHAPES): void {
  if (!ARN_SHAPES[kind].test(arn)) throw new ApiError('InvalidArn', `Invalid Arn: '${arn}'`);
}
