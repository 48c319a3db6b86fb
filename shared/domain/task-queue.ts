import { MAX_PRIORITY } from '../rules/priority.ts';
import { taskIdSchema, type TaskKind } from '../schemas/application.ts';
import type { HumanTask } from './human-task.ts';

/**
 * A task's place in queue order, as a string that sorts ascending: highest priority first (the inverted score,
 * three digits), then oldest, then the task id, so that no two tasks share a place and ties never depend on
 * which region answered first. Stored as the queue indexes' sort key, and carried by list cursors.
 */
export const queuePosition = (t: Pick<HumanTask, 'priority' | 'createdAt' | 'taskId'>): string =>
  `${String(MAX_PRIORITY - Math.min(MAX_PRIORITY, Math.max(0, t.priority))).padStart(3, '0')}#${t.createdAt}#${t.taskId}`;

const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Whether `text` has exactly the shape `queuePosition` gives a task of this kind (a cursor is client input). */
export function isQueuePosition(text: string, kind: TaskKind): boolean {
  const [score, createdAt, taskId, ...rest] = text.split('#');
  return rest.length === 0 && /^\d{3}$/.test(score ?? '') && ISO_MILLIS.test(createdAt ?? '')
    && taskIdSchema.safeParse(taskId).success && (taskId ?? '').endsWith(`.${kind}`);
}

/** One queue read in queue order, a page at a time: about `want` more items, and whether the queue has ended. */
export type QueueReader<T> = (want: number) => Promise<{ items: readonly T[]; done: boolean }>;

/**
 * The first `limit` items of several queues taken together, in queue order (a k-way merge): each queue must
 * already be in ascending `position` order. A queue is read only when its next item is needed to choose, and
 * asked for no more than the items still missing, so no queue is read much past the page. `more` is false only
 * when every queue has ended with nothing left unreturned.
 *
 * Positions are compared as strings: UTF-16 order, the same as the store's byte order for the ASCII that
 * `queuePosition` produces.
 */
export async function mergeQueues<T>(readers: readonly QueueReader<T>[], limit: number, position: (item: T) => string): Promise<{ items: T[]; more: boolean }> {
  const queues = readers.map((read) => ({ read, buffer: [] as readonly T[], next: 0, done: false }));
  const items: T[] = [];
  while (items.length < limit) {
    // The smallest head can only be chosen once every queue that has not ended shows its head; a page may come
    // back empty (a filter dropped it all) without the queue having ended.
    await Promise.all(queues.map(async (q) => {
      while (q.next === q.buffer.length && !q.done) {
        const page = await q.read(limit - items.length);
        q.buffer = page.items;
        q.next = 0;
        q.done = page.done;
      }
    }));
    let best: { queue: (typeof queues)[number]; head: T; at: string } | undefined;
    for (const queue of queues) {
      if (queue.next === queue.buffer.length) continue;
      const head = queue.buffer[queue.next] as T;
      const at = position(head);
      if (!best || at < best.at) best = { queue, head, at };
    }
    if (!best) break;
    items.push(best.head);
    best.queue.next += 1;
  }
  return { items, more: queues.some((q) => q.next < q.buffer.length || !q.done) };
}
