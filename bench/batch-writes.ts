import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Writes `items` with BatchWriteItem, `batch` to a request and `writers` requests in flight, resending what the store
 * hands back unprocessed (with a growing pause); returns the requests sent.
 */
export async function writeInBatches(db: DynamoDBDocumentClient, tableName: string, items: Iterable<Record<string, unknown>>, options: { writers: number; batch: number }): Promise<number> {
  const batches = inBatches(items, options.batch);
  let requests = 0;
  const writer = async () => {
    for (let next = batches.next(); !next.done; next = batches.next()) {
      let pending = next.value;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > 10) throw new Error(`${pending.length} items still unprocessed after ${attempt} batch writes`);
        if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        requests++;
        const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending.map((Item) => ({ PutRequest: { Item } })) } }));
        pending = (UnprocessedItems?.[tableName] ?? []).flatMap((r) => (r.PutRequest?.Item ? [r.PutRequest.Item] : []));
      }
    }
  };
  await Promise.all(Array.from({ length: options.writers }, writer));
  return requests;
}

function* inBatches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
