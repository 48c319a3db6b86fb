/**
 * The counters of the cost model (`npm run cost`, bench/cost.ts): what one run of the real local stack spends, as AWS
 * would bill it.
 * - DynamoDB: a proxy in front of dynalite asks every call for its consumed capacity (dynalite computes it from item
 *   sizes, as DynamoDB does) and adds the writes to global secondary indexes, which dynalite leaves out: every index the
 *   item is in before or after the write (the indexes project ALL, so any change rewrites the entry), twice when the
 *   write moves the item within an index. The proxy reads the item straight from dynalite before and after a write.
 * - Step Functions: state transitions are the states entered in each execution's history (GetExecutionHistory).
 * - Lambda: workflow tasks are the Task states entered (their durations from the history); HTTP handlers are the
 *   gateway's /api requests (request to response, the gateway's own work included, so on the safe side).
 * - S3: the requests s3rver receives, by method.
 */
import diagnostics from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SFNClient, GetExecutionHistoryCommand, ListExecutionsCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { TABLE } from '../functions/lib/table-layout.ts';

export interface DynamoCounts {
  calls: Map<string, number>;
  readUnits: number;
  writeUnits: number;
  indexWriteUnits: number;
}

type Json = Record<string, unknown>;
const INDEX_KEYS = TABLE.indexes.map((index) => index.partitionKey);
const CAPACITY_OPERATIONS = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

const emptyDynamo = (): DynamoCounts => ({ calls: new Map(), readUnits: 0, writeUnits: 0, indexWriteUnits: 0 });

/** The metering proxy in front of the store at `storeUrl`; `take()` returns what it counted since the last take. */
export async function startDynamoMeter(storeUrl: string) {
  let counts = emptyDynamo();
  const post = async (target: string, body: Json): Promise<Json> => {
    const r = await fetch(storeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target, 'x-amz-date': '20260101T000000Z', authorization: 'AWS4-HMAC-SHA256 Credential=cost/20260101/ap-southeast-3/dynamodb/aws4_request, SignedHeaders=host, Signature=0' },
      body: JSON.stringify(body),
    });
    return (await r.json()) as Json;
  };
  const stored = async (body: Json): Promise<Json | undefined> =>
    (await post('DynamoDB_20120810.GetItem', { TableName: body.TableName, Key: body.Key ?? keyOf(body.Item as Json), ConsistentRead: true })).Item as Json | undefined;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.split('.').pop() ?? '';
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json;
      const metered = CAPACITY_OPERATIONS.has(operation);
      const before = WRITES.has(operation) ? await stored(body) : undefined;
      const forwarded = await fetch(storeUrl, {
        method: 'POST',
        headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length').map(([name, value]) => [name, String(value)])),
        body: JSON.stringify(metered ? { ...body, ReturnConsumedCapacity: 'TOTAL' } : body),
      });
      const text = await forwarded.text();
      counts.calls.set(operation, (counts.calls.get(operation) ?? 0) + 1);
      if (metered && forwarded.ok) {
        const result = JSON.parse(text) as Json;
        const units = capacityOf(result.ConsumedCapacity);
        if (WRITES.has(operation) || operation === 'BatchWriteItem') counts.writeUnits += units;
        else counts.readUnits += units;
        if (WRITES.has(operation)) counts.indexWriteUnits += indexWrites(before, await stored(body), units);
        if (operation === 'BatchWriteItem') counts.indexWriteUnits += batchIndexWrites(body);
      }
      response.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/x-amz-json-1.0' });
      response.end(text);
    })().catch((error: unknown) => {
      response.writeHead(500).end(JSON.stringify({ __type: 'MeterError', message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    take(): DynamoCounts {
      const taken = counts;
      counts = emptyDynamo();
      return taken;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const keyOf = (item: Json | undefined): Json => ({ pk: item?.pk, sk: item?.sk });

/** Units of a ConsumedCapacity (one, or a list of them from the batch calls). */
function capacityOf(consumed: unknown): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum: number, c) => sum + Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
}

/** Index writes of one single-item write: each index the item is in before or after; a moved entry is a delete and a put. */
function indexWrites(before: Json | undefined, after: Json | undefined, units: number): number {
  let writes = 0;
  for (const key of INDEX_KEYS) {
    const was = before?.[key] !== undefined;
    const is = after?.[key] !== undefined;
    if (was && is && JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])) writes += 2;
    else if (was || is) writes += 1;
  }
  return writes * Math.max(units, 1);
}

/** BatchWriteItem puts: one index write per index key the new item carries (batch writes here put new items). */
function batchIndexWrites(body: Json): number {
  let writes = 0;
  for (const requests of Object.values((body.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Json } }>>)) {
    for (const r of requests) writes += INDEX_KEYS.filter((key) => r.PutRequest?.Item[key] !== undefined).length;
  }
  return writes;
}

/** Requests and time spent per HTTP route at the gateway, and S3 requests at s3rver, counted in this process. */
export function watchServers(ports: { gateway: string; s3: string }) {
  const started = new WeakMap<IncomingMessage, number>();
  let http = { invocations: 0, ms: 0 };
  let s3 = new Map<string, number>();
  diagnostics.subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    const port = String(request.socket.localPort);
    if (port === ports.gateway && request.url?.startsWith('/api/')) started.set(request, performance.now());
    if (port === ports.s3) s3.set(request.method ?? 'GET', (s3.get(request.method ?? 'GET') ?? 0) + 1);
  });
  diagnostics.subscribe('http.server.response.finish', (message) => {
    const { request } = message as { request: IncomingMessage };
    const at = started.get(request);
    if (at === undefined) return;
    http.invocations++;
    http.ms += performance.now() - at;
  });
  return {
    take() {
      const taken = { http, s3 };
      http = { invocations: 0, ms: 0 };
      s3 = new Map();
      return taken;
    },
  };
}

export interface WorkflowCounts {
  executions: number;
  transitions: number;
  /** Lambda invocations by Task state, with the summed time between the state's entry and exit (not for waits). */
  taskInvocations: number;
  taskMs: number;
  waitInvocations: number;
  /** Entries per state name, to read the shape of a run. */
  states: Map<string, number>;
}

/** Every execution of the state machine `arn` that `include` accepts, counted from its history. */
export async function countWorkflows(sfn: SFNClient, arn: string, include: (executionName: string) => boolean): Promise<WorkflowCounts> {
  const counts: WorkflowCounts = { executions: 0, transitions: 0, taskInvocations: 0, taskMs: 0, waitInvocations: 0, states: new Map() };
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, nextToken }));
    for (const execution of page.executions ?? []) {
      if (!execution.name || !include(execution.name)) continue;
      counts.executions++;
      addHistory(counts, await historyOf(sfn, execution.executionArn!));
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return counts;
}

async function historyOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

function addHistory(counts: WorkflowCounts, events: HistoryEvent[]): void {
  const open: { name: string; at: number }[] = [];
  for (const event of events) {
    const type = event.type ?? '';
    const at = event.timestamp instanceof Date ? event.timestamp.getTime() : 0;
    if (type.endsWith('StateEntered')) {
      const name = event.stateEnteredEventDetails?.name ?? '';
      counts.transitions++;
      counts.states.set(name, (counts.states.get(name) ?? 0) + 1);
      if (type === 'TaskStateEntered') open.push({ name, at });
    } else if (type === 'TaskStateExited' || type === 'TaskTimedOut' || type === 'TaskFailed' || type.startsWith('LambdaFunction')) {
      const task = open.pop();
      if (!task) continue;
      if (task.name.startsWith('Await')) counts.waitInvocations++;
      else {
        counts.taskInvocations++;
        counts.taskMs += at - task.at;
      }
    }
  }
}
