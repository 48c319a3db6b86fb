/**
 * The k-way merge behind an officer's task queue: pages of several regions' queues, each already in queue order,
 * resumed after the last position returned, must together be exactly the union in queue order, whatever the
 * page sizes, the ties in priority and the pages a filter left empty; and no queue is read much past the page.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQueuePosition, mergeQueues, queuePosition, type QueueReader } from '../../shared/domain/task-queue.ts';

interface Task { taskId: string; priority: number; createdAt: string }

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const codeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byQueueOrder = (a: Task, b: Task) => b.priority - a.priority || codeUnits(a.createdAt, b.createdAt) || codeUnits(a.taskId, b.taskId);

/** A region's queue as the store serves it: in queue order, after a position, in pages of its own sizes. */
function reader(queue: readonly Task[], after: string | undefined, pageSizes: readonly number[], reads: { items: number }): QueueReader<Task> {
  const rest = queue.filter((t) => after === undefined || queuePosition(t) > after);
  let at = 0;
  let call = 0;
  return async (want) => {
    expect(want).toBeGreaterThan(0);
    // A page never holds more than was asked for; a size of 0 stands for a page a filter emptied.
    const size = Math.min(want, pageSizes[call++ % pageSizes.length] ?? want);
    const items = rest.slice(at, at + size);
    at += size;
    reads.items += items.length;
    return { items, done: at >= rest.length };
  };
}

// Few priorities and few timestamps across regions, so ties between regions are the rule, not the exception.
const queuesArb = fc.array(
  fc.array(fc.record({ priority: fc.constantFrom(0, 15, 30, 85), second: fc.integer({ min: 0, max: 3 }) }), { maxLength: 12 }),
  { minLength: 0, maxLength: 4 },
).map((regions) => {
  let n = 0;
  return regions.map((tasks) => tasks
    .map(({ priority, second }) => ({ taskId: `${uuid(n++)}.verification`, priority, createdAt: `2026-01-05T08:00:0${second}.000Z` }))
    .sort(byQueueOrder));
});

describe('mergeQueues', () => {
  it('pages through several regions as one queue in priority order, nothing skipped or repeated, reading lazily', async () => {
    await fc.assert(fc.asyncProperty(
      queuesArb,
      fc.integer({ min: 1, max: 7 }),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }).filter((sizes) => sizes.some((s) => s > 0)),
      async (queues, limit, pageSizes) => {
        const expected = queues.flat().sort(byQueueOrder);
        const seen: Task[] = [];
        let after: string | undefined;
        for (let pages = 0; pages <= expected.length + 1; pages++) {
          const reads = { items: 0 };
          const page = await mergeQueues(queues.map((q) => reader(q, after, pageSizes, reads)), limit, queuePosition);
          expect(page.items.length).toBeLessThanOrEqual(limit);
          // Lazy: besides what the page returns, each region has at most one page (no more than `limit`) unreturned.
          expect(reads.items).toBeLessThanOrEqual(page.items.length + queues.length * limit);
          seen.push(...page.items);
          const last = page.items.at(-1);
          if (!page.more) break;
          expect(last).toBeDefined();
          after = queuePosition(last!);
        }
        expect(seen.map((t) => t.taskId)).toEqual(expected.map((t) => t.taskId));
      },
    ), { numRuns: 300 });
  });

  it('says there is more while a region still has unreturned tasks, and not once all are returned', async () => {
    const a = [{ taskId: `${uuid(1)}.verification`, priority: 30, createdAt: '2026-01-05T08:00:00.000Z' }];
    const b = [{ taskId: `${uuid(2)}.verification`, priority: 30, createdAt: '2026-01-05T08:00:00.000Z' }];
    const reads = { items: 0 };
    const first = await mergeQueues([reader(a, undefined, [5], reads), reader(b, undefined, [5], reads)], 1, queuePosition);
    expect(first).toEqual({ items: a, more: true });
    const rest = await mergeQueues([reader(a, queuePosition(a[0]!), [5], reads), reader(b, queuePosition(a[0]!), [5], reads)], 5, queuePosition);
    expect(rest).toEqual({ items: b, more: false });
    expect(await mergeQueues([], 5, queuePosition)).toEqual({ items: [], more: false });
  });
});

describe('queue positions', () => {
  const task = { taskId: `${uuid(7)}.approval`, priority: 65, createdAt: '2026-01-05T08:00:00.123Z' };

  it('sort highest priority first, then oldest, then by task id', () => {
    fc.assert(fc.property(fc.array(fc.record({ priority: fc.integer({ min: 0, max: 999 }), second: fc.integer({ min: 0, max: 9 }), n: fc.nat(50) })), (rows) => {
      const tasks = rows.map(({ priority, second, n }) => ({ taskId: `${uuid(n)}.verification`, priority, createdAt: `2026-01-05T08:00:0${second}.000Z` }));
      const byPosition = [...tasks].sort((a, b) => codeUnits(queuePosition(a), queuePosition(b)));
      expect(byPosition).toEqual([...tasks].sort(byQueueOrder));
    }));
  });

  it('are recognised only in the exact shape a task of that kind has', () => {
    expect(isQueuePosition(queuePosition(task), 'approval')).toBe(true);
    expect(isQueuePosition(queuePosition(task), 'verification')).toBe(false);
    for (const forged of ['', 'x', '934', `934#${task.createdAt}`, `9345#${task.createdAt}#${task.taskId}`, `934#2026-01-05#${task.taskId}`,
      `934#${task.createdAt}#${task.taskId}#x`, `934#${task.createdAt}#${uuid(7)}`, `934#${task.createdAt}#../${task.taskId}`]) {
      expect(isQueuePosition(forged, 'approval'), forged).toBe(false);
    }
  });
});
