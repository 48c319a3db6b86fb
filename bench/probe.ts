import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Marks the bench's own store calls (seeding, baselines, reads), so the servers' call counts leave them out. */
export const PROBE_HEADER = 'x-jaring-bench-probe';

/** A DynamoDB client for `endpoint` whose every request carries PROBE_HEADER. */
export function probeClient(endpoint: string): DynamoDBClient {
  const client = new DynamoDBClient({ endpoint });
  client.middlewareStack.add((next) => async (args) => {
    (args.request as { headers: Record<string, string> }).headers[PROBE_HEADER] = '1';
    return next(args);
  }, { step: 'build', name: 'markBenchProbe' });
  return client;
}
