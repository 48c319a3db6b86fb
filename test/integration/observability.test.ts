/**
 * Issue #12, logging: every line a handler writes carries the correlation ids of its own invocation (application,
 * execution, Lambda request), even while other invocations run in the same process, as the local runtime runs them
 * and Lambda does with concurrent invocations.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { importHandler, lambdaContext } from '../../local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

it('keeps each concurrent invocation\'s correlation ids on its own log lines', async () => {
  const written: Record<string, unknown>[] = [];
  // Powertools' logger writes through the global console in dev mode (POWERTOOLS_DEV, set by the local stack).
  const capture = (...args: unknown[]) => {
    for (const a of args) if (typeof a === 'string' && a.trimStart().startsWith('{')) written.push(JSON.parse(a) as Record<string, unknown>);
  };
  const spies = (['error', 'warn', 'info', 'log'] as const).map((level) => vi.spyOn(console, level).mockImplementation(capture));
  try {
    const handler = await importHandler('functions/tasks/load-application.ts');
    // No such applications: each step fails and logs, after the others began.
    const ids = Array.from({ length: 6 }, (_, i) => `missing-${i}-${crypto.randomUUID()}`);
    const contexts = ids.map((id) => lambdaContext(`load-application-${id}`));
    const outcomes = await Promise.allSettled(ids.map((id, i) => handler({ applicationId: id, executionId: `arn:aws:states:local:0:execution:test:${id}` }, contexts[i]!)));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);

    const failures = written.filter((line) => line.message === 'Workflow step failed');
    expect(failures).toHaveLength(ids.length);
    for (const line of failures) {
      const i = ids.indexOf(line.applicationId as string);
      expect(i, JSON.stringify(line)).toBeGreaterThanOrEqual(0);
      expect(line).toMatchObject({
        executionId: `arn:aws:states:local:0:execution:test:${ids[i]}`,
        function_request_id: contexts[i]!.awsRequestId,
        function_name: contexts[i]!.functionName,
        step: 'load-application',
      });
    }
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}, 60_000);
