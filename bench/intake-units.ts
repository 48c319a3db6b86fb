/**
 * `npm run bench -- units` (its own process): what one application costs the store from intake to an open verification
 * task, counted exactly: `BENCH_UNITS_N` applications (default 50) submitted one after another, each waited for until its
 * task holds the workflow's token, then as many again each with its own Idempotency-Key, through the metering proxy of the cost model (bench/cost-meter.ts: calls by
 * operation, read units, write units with the index writes DynamoDB would add). Nothing else runs meanwhile, so the
 * figures are the path's own, where the throughput run's count also holds the SMS worker's calls.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys, LOCAL_TABLE_NAME } from '../functions/lib/table-layout.ts';
import { startDynamo } from '../local/dynamo.ts';
import { startLocalStack } from '../local/stack.ts';
import { apiClient } from '../test/support/api.ts';
import { applicationBody } from '../test/support/fixtures.ts';
import { startDynamoMeter, type DynamoCounts } from './cost-meter.ts';

const N = Number(process.env.BENCH_UNITS_N ?? 50);

const store = await startDynamo({});
const meter = await startDynamoMeter(store.url);
const stack = await startLocalStack({ dynamoUrl: meter.url, intakeLimitPerMinute: 1_000_000, statusCheckLimitPerMinute: 1_000_000 });
// The harness reads the store straight from dynalite, so its polling is never counted.
const raw = new DynamoDBClient({ endpoint: store.url });
const db = DynamoDBDocumentClient.from(raw);
const api = apiClient(stack.url);

const submitToOpenTask = async (serial: number, keyed: boolean) => {
  const headers = keyed ? { 'idempotency-key': crypto.randomUUID() } : undefined;
  const created = await api.call<{ applicationId: string }>('POST', '/api/applications', { body: applicationBody({ districtCode: '53.71.02', serial }), headers });
  if (created.status !== 201) throw new Error(`intake: ${created.status} ${created.text}`);
  const task = keys.task(`${created.json.applicationId}.verification`);
  await api.until('the verification task holds its token', async () =>
    (await db.send(new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: task, ConsistentRead: true }))).Item?.taskToken !== undefined);
};

// One application first, uncounted: programme caches, handler imports and the SMS worker's first look are start-up.
await submitToOpenTask(1, false);
await new Promise((resolve) => setTimeout(resolve, 500));
meter.take();
const measured: [string, DynamoCounts][] = [];
for (const keyed of [false, true]) {
  // Each application its own serial (and so its own NIK and KK: no household flag reads another's).
  for (let i = 0; i < N; i++) await submitToOpenTask(2 + i + (keyed ? N : 0), keyed);
  measured.push([keyed ? 'with an Idempotency-Key' : 'plain', meter.take()]);
}
raw.destroy();
await stack.close();
await meter.close();
await store.close();

const per = (x: number) => (x / N).toFixed(2);
const row = ([mode, counts]: [string, DynamoCounts]) => {
  const calls = [...counts.calls].sort(([, a], [, b]) => b - a);
  const total = calls.reduce((sum, [, n]) => sum + n, 0);
  return `| ${mode} | ${per(total)} (${calls.map(([op, n]) => `${op} ${per(n)}`).join(', ')}) | ${per(counts.readUnits)} | ${per(counts.writeUnits)} / ${per(counts.writeUnits + counts.indexWriteUnits)} |`;
};
console.log(`
| per application, intake to an open verification task (${N} in a row, metered) | store calls | read units | write units, table / with index writes |
| --- | --- | --- | --- |
${measured.map(row).join('\n')}
`);
