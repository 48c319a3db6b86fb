import { describe, expect, it } from 'vitest';
import type { PayoutBatch } from '../../shared/domain/payout-batch.ts';
import type { PayoutBatchRepository } from '../../shared/ports/payouts.ts';
import type { WorkflowEngine } from '../../shared/ports/index.ts';
import { STALLED_AFTER_MS } from '../../shared/use-cases/resume-applications.ts';
import { restartStalledBatches } from '../../shared/use-cases/resume-payouts.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const longAgo = new Date(NOW.getTime() - STALLED_AFTER_MS - 60_000).toISOString();

function building(batchId: string, extra: Partial<PayoutBatch> = {}): PayoutBatch {
  return { batchId, status: 'BUILDING', programId: 'sembako', period: '2026-12', regencyCode: '36.71', createdAt: longAgo, updatedAt: longAgo, createdBy: 'keuangan.tangerang', ...extra } as PayoutBatch;
}

describe('the sweep of stalled payout batches', () => {
  it('starts only a batch whose workflow never ran, not one a long build is still snapshotting or claiming', async () => {
    const batches = [building('never-started'), building('building-100k', { snapshot: { pages: 40, cursor: 'c', done: false } }), building('claiming', { snapshot: { pages: 101, done: true } })];
    const started: string[] = [];
    const deps = {
      payoutBatches: {
        listByStatus: async () => ({ items: batches }),
        get: async (batchId: string) => batches.find((b) => b.batchId === batchId),
      } as unknown as PayoutBatchRepository,
      // As AWS answers StartExecution with the name of an execution still running and the same input: success.
      workflow: { startPayoutBatch: async (batchId: string) => (started.push(batchId), true) } as unknown as WorkflowEngine,
      clock: { now: () => NOW },
    };
    expect(await restartStalledBatches(deps)).toEqual(['never-started']);
    expect(started).toEqual(['never-started']);
  });
});
