/**
 * Least privilege, measured: every DynamoDB, Step Functions and S3 call each function makes while applications go
 * through their lifecycle and payout batches through theirs (the cost model's run, bench/cost-model.ts, on the real
 * local stack) must be allowed by that function's own IAM policy as synthesized in the CDK template. Grants never used
 * in the run are reported per function (test output; docs/ARCHITECTURE.md names them).
 */
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { runCostModel } from '../../bench/cost-model.ts';
import { APPLICATION_LIFECYCLE, PAYOUT_BATCH } from '../../workflows/index.ts';
import { grantsOf, uncovered, unused, watchCalls, type WatchedClient } from '../support/grants.ts';
import { synthJaring } from '../infra/synth.ts';

const STAGE = 'dev';
const { stack, template } = synthJaring(STAGE);
const json = template.toJSON() as Parameters<typeof grantsOf>[0];
const logicalIdOf = (type: string, prefix: string) => {
  const found = Object.entries(json.Resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix)).map(([id]) => id);
  if (found.length !== 1) throw new Error(`Expected one ${type} named ${prefix}*, found ${found.join(', ') || 'none'}`);
  return found[0]!;
};
const names = {
  table: logicalIdOf('AWS::DynamoDB::Table', 'Data'),
  bucket: logicalIdOf('AWS::S3::Bucket', 'PaymentFilesBucket'),
  stateMachines: Object.fromEntries([APPLICATION_LIFECYCLE, PAYOUT_BATCH].map((w) => [w.name, `${w.name}-${STAGE}`])),
};
const roleOf = (functionName: string) => {
  const fn = stack.handlers.get(functionName);
  if (!fn?.function.role) throw new Error(`No function ${functionName} in the stack`);
  return Stack.of(fn).getLogicalId(fn.function.role.node.defaultChild as CfnElement);
};

const watched = watchCalls(names);
const run = runCostModel({
  aroundInvocation: watched.aroundInvocation,
  // The handlers' own clients, imported once the stack has set the endpoints they read.
  afterStart: async () => {
    const clients = await import('../../functions/lib/clients.ts');
    watched.watch('dynamodb', clients.dynamoClient as unknown as WatchedClient);
    watched.watch('states', clients.sfnClient as unknown as WatchedClient);
    watched.watch('s3', clients.s3Client() as unknown as WatchedClient);
  },
});

describe('least privilege, measured against the synthesized template', () => {
  it('finds every call a function made allowed by its own policy', async () => {
    await run;
    expect(watched.calls.size).toBeGreaterThan(15);
    const refused = [...watched.calls].flatMap(([fn, calls]) => uncovered(calls.values(), grantsOf(json, roleOf(fn))).map((c) => `${fn}: ${c.action} on ${c.resource}`));
    expect(refused).toEqual([]);
    const report = [...watched.calls].map(([fn, calls]) => `${fn}: never used ${[...new Set(unused(calls.values(), grantsOf(json, roleOf(fn))))].join(', ') || 'nothing'}`);
    const idle = [...stack.handlers.keys()].filter((fn) => !watched.calls.has(fn));
    console.log(`Grants never used in the run, per function:\n${report.sort().join('\n')}\nFunctions the run did not call: ${idle.sort().join(', ')}`);
  }, 180_000);

  it('fails a function whose grant lacks a call it makes (the check bites)', async () => {
    await run;
    const calls = [...(watched.calls.get('screen-application')?.values() ?? [])];
    expect(calls.some((c) => c.action === 'dynamodb:UpdateItem')).toBe(true);
    // The same policy without UpdateItem, as a wrong catalog entry or construct would synthesize it.
    const narrowed = grantsOf(json, roleOf('screen-application')).map((g) => ({ ...g, actions: g.actions.filter((a) => a !== 'dynamodb:UpdateItem') }));
    expect(uncovered(calls, narrowed).map((c) => c.action)).toContain('dynamodb:UpdateItem');
    // And a read-only function's policy does not cover a writer's calls.
    expect(uncovered(calls, grantsOf(json, roleOf('check-task-deadline'))).map((c) => c.action)).toContain('dynamodb:PutItem');
  }, 180_000);
});
