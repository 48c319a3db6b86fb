/**
 * The cost model's count (bench/cost-model.ts, `npm run cost`) on a real local stack: applications waiting for their
 * verifier and approver as long as the cost model says (5 and 2 days, their deadlines driven), counted from the
 * executions' histories. A count, not a timing: issue #12's target of at most 25 state transitions per application.
 */
import { describe, expect, it } from 'vitest';
import { runCostModel } from '../../bench/cost-model.ts';
import { TARGETS } from '../../bench/cost.ts';

describe('the cost model', () => {
  it('counts at most 25 state transitions per application lifecycle, its deadline wake-ups included', async () => {
    const run = await runCostModel({ payouts: false });
    const { workflows } = run.lifecycle;
    // Every deadline inside the waits woke the workflow once, and nothing else did.
    const wakeUps = [...workflows.states].filter(([name]) => /^Check.*Deadline$/.test(name)).reduce((n, [, k]) => n + k, 0);
    expect(wakeUps).toBe(run.applications * (run.deadlinesInWaits.verification + run.deadlinesInWaits.approval));
    expect(workflows.states.get('Approved')).toBe(run.applications);
    expect(workflows.transitions / run.applications).toBeLessThanOrEqual(TARGETS.transitionsPerApplication);
    // The store calls were metered (consumed capacity from dynalite, index writes added).
    expect(run.lifecycle.dynamo.writeUnits).toBeGreaterThan(0);
    expect(run.lifecycle.dynamo.indexWriteUnits).toBeGreaterThan(0);
  }, 120_000);
});
