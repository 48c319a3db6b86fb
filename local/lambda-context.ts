import { randomUUID } from 'node:crypto';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';

/** A Lambda context for in-process invocations: enough for middy and Powertools. */
export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-southeast-3:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Wraps one handler invocation, knowing the handler by its catalog entry (`functions/http/submit-application.ts`). */
export type InvocationHook = <T>(entry: string, invoke: () => Promise<T>) => Promise<T>;
const hooks: InvocationHook[] = [];

/**
 * Runs every later handler invocation of this process, by every local stack and every direct `importHandler` call,
 * inside `hook` (tests that watch what each function calls: test/support/grant-recording.ts).
 */
export function aroundEveryInvocation(hook: InvocationHook): void {
  hooks.push(hook);
}

/**
 * Imports a handler module by its catalog entry (repository-relative path). Each call runs in its own invocation
 * scope, as Lambda runs concurrent invocations of one process (AWS_LAMBDA_MAX_CONCURRENCY, set by the local stack):
 * the logger's correlation ids of one invocation never appear on another's lines.
 */
export async function importHandler(entry: string): Promise<LambdaHandler> {
  const module = (await import(new URL(`../${entry}`, import.meta.url).href)) as { handler?: LambdaHandler };
  const handler = module.handler;
  if (typeof handler !== 'function') throw new Error(`${entry} exports no handler`);
  return async (event, context) => {
    const store = await InvokeStore.getInstanceAsync();
    const invoke = () => store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, () => handler(event, context));
    return hooks.reduce<() => Promise<unknown>>((inner, hook) => () => hook(entry, inner), invoke)();
  };
}
