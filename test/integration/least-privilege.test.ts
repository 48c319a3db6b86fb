/**
 * Least privilege, measured: the check every run makes at its end (test/support/grant-reporter.ts, over the commands
 * recorded in every test file by test/support/grant-recording.ts) fails a call that the function's own synthesized
 * policy does not allow. This file drives the cost model's run (bench/cost-model.ts: applications through their whole
 * lifecycle, payout batches through theirs), so a run of the suite also reaches the payout functions.
 */
import { describe, expect, it } from 'vitest';
import { runCostModel } from '../../bench/cost-model.ts';
import { byFunction, checkGrants, synthesizedGrants } from '../support/grant-check.ts';
import { sentByEntry } from '../support/grant-recording.ts';

const grants = synthesizedGrants();
const run = runCostModel();

describe('least privilege, measured against the synthesized template', () => {
  it('finds every call of the lifecycle and payout run allowed by its function\'s own policy', async () => {
    await run;
    const check = checkGrants(byFunction(sentByEntry()), grants);
    expect(check.unused.size).toBeGreaterThan(15);
    expect(check.refused).toEqual([]);
  }, 180_000);

  it('fails a function whose grant lacks a call it makes (the check bites)', async () => {
    await run;
    const sent = byFunction(sentByEntry());
    expect(sent.has('screen-application')).toBe(true);
    // The same policy without UpdateItem, as a wrong catalog entry or construct would synthesize it.
    const narrowed = { ...grants, grantsOf: (fn: string) => grants.grantsOf(fn).map((g) => (fn === 'screen-application' ? { ...g, actions: g.actions.filter((a) => a !== 'dynamodb:UpdateItem') } : g)) };
    expect(checkGrants(sent, narrowed).refused).toContain(`screen-application: dynamodb:UpdateItem on arn:${grants.names.table}`);
    // And a read-only function's policy does not cover a writer's calls.
    const readOnly = { ...grants, grantsOf: (fn: string) => grants.grantsOf(fn === 'screen-application' ? 'check-task-deadline' : fn) };
    expect(checkGrants(sent, readOnly).refused).toContain(`screen-application: dynamodb:PutItem on arn:${grants.names.table}`);
  }, 180_000);
});
