/**
 * For the exactly-once property test of payouts (test/integration/payout-exactly-once.test.ts): the real `npm start`
 * process, and what the test reads of its store and payment files.
 *
 * The test process reaches the child's dynalite and payment files through relays on fixed local ports, because the
 * child picks new ports at every restart while the test's adapters (built once, as a Lambda builds them at a cold
 * start) keep theirs.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import type { EntitlementStatus } from '../../shared/domain/entitlement.ts';
import type { InstructionStatus } from '../../shared/domain/payment-instruction.ts';
import { DETAIL_RECORD, PAYMENT_FILE_HEADER, TRAILER_RECORD } from '../../shared/domain/payment-file.ts';
import { EXPORTED_STATUSES, paymentFileKey, type PayoutBatch, type PayoutBatchStatus } from '../../shared/domain/payout-batch.ts';
import type { PaymentFileStore } from '../../shared/ports/index.ts';
import { startApp, type RunningApp } from './process.ts';

/** `local/main.ts` as `npm start` runs it, on the run's data folder. */
export const startPayoutApp = (dataDir: string): Promise<RunningApp> => startApp(['--port', '0', '--data-dir', dataDir]);

/** A TCP relay on a port of its own to whatever target it is pointed at now; pointing it elsewhere drops open connections. */
export class Relay {
  private target: { host: string; port: number } | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((client) => {
    const target = this.target;
    if (!target) return void client.destroy();
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  point(url: string | undefined): void {
    const parsed = url ? new URL(url) : undefined;
    this.target = parsed && { host: parsed.hostname, port: Number(parsed.port) };
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    this.point(undefined);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface StoredEntitlement {
  entitlementId: string;
  applicationId: string;
  programId: string;
  period: string;
  regencyCode: string;
  status: EntitlementStatus;
  batchId?: string;
  amount: number;
  attempts: number;
  paymentRef?: string;
}
export interface StoredInstruction {
  reference: string;
  batchId: string;
  entitlementId: string;
  status: InstructionStatus;
  amount: number;
  bankRef?: string;
  reversal?: unknown;
}
export interface StoredEnrolment {
  applicationId: string;
  beneficiaryId: string;
  periods: string[];
}
export interface StoredTask {
  taskId: string;
  batchId: string;
  status: 'OPEN' | 'DECIDED' | 'CLOSED';
}
export interface StoreSnapshot {
  /** Batch approval tasks, by batch. */
  approvalTasks: Map<string, StoredTask>;
  entitlements: Map<string, StoredEntitlement>;
  instructions: Map<string, StoredInstruction>;
  batches: Map<string, PayoutBatch>;
  enrolments: Map<string, StoredEnrolment>;
}

/** A document client for the store behind `endpoint` (dynalite takes any credentials). */
export const storeClient = (endpoint: string) => DynamoDBDocumentClient.from(new DynamoDBClient({
  endpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
}));

/** Every entitlement, payment instruction, payout batch and enrolment in the store, read in one consistent scan. */
export async function readStore(client: DynamoDBDocumentClient): Promise<StoreSnapshot> {
  const snapshot: StoreSnapshot = { approvalTasks: new Map(), entitlements: new Map(), instructions: new Map(), batches: new Map(), enrolments: new Map() };
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({
      TableName: LOCAL_TABLE_NAME,
      ConsistentRead: true,
      FilterExpression: 'sk IN (:ent, :item, :batch, :enrolment, :task)',
      ExpressionAttributeValues: { ':ent': 'ENT', ':item': 'ITEM', ':batch': 'BATCH', ':enrolment': 'ENROLMENT', ':task': 'TASK' },
      ExclusiveStartKey,
    }));
    for (const item of page.Items ?? []) {
      if (item.sk === 'ENT') snapshot.entitlements.set(String(item.entitlementId), item as StoredEntitlement);
      else if (item.sk === 'ITEM') snapshot.instructions.set(String(item.reference), item as StoredInstruction);
      else if (item.sk === 'BATCH') snapshot.batches.set(String(item.batchId), item as PayoutBatch);
      else if (item.sk === 'TASK') {
        if (item.kind === 'batchApproval') snapshot.approvalTasks.set(String(item.batchId), item as StoredTask);
      }
      else snapshot.enrolments.set(String(item.applicationId), item as StoredEnrolment);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return snapshot;
}

/** Statuses in which a batch's workflow is still moving it by itself. */
const MOVING: readonly PayoutBatchStatus[] = ['BUILDING', 'DISBURSING'];

/**
 * Why the store is not settled yet, or undefined: a batch building or disbursing, one still awaiting approval though
 * its checker decided, or a closed one whose entitlements are not back in the pool.
 */
export function unsettled(store: StoreSnapshot): string | undefined {
  for (const b of store.batches.values()) {
    if (MOVING.includes(b.status)) return `batch ${b.batchId} is ${b.status}`;
    if (b.status === 'AWAITING_APPROVAL' && store.approvalTasks.get(b.batchId)?.status !== 'OPEN') return `batch ${b.batchId} awaits approval, its task ${store.approvalTasks.get(b.batchId)?.status ?? 'missing'}`;
    if ((b.status === 'REJECTED' || b.status === 'CANCELLED') && !b.returnedAt) return `batch ${b.batchId} is ${b.status} without returnedAt`;
  }
  return undefined;
}

/** Batches whose instructions still hold their entitlements: built and not closed, and not yet settled by the bank. */
export const LIVE_STATUSES: readonly PayoutBatchStatus[] = ['BUILDING', 'AWAITING_APPROVAL', 'DISBURSING', 'AWAITING_RECONCILIATION'];

/** The instructions of `store` that hold their entitlement: in a live batch and not settled. */
export function holdingInstructions(store: StoreSnapshot): StoredInstruction[] {
  return [...store.instructions.values()].filter((i) => {
    const batch = store.batches.get(i.batchId);
    return batch !== undefined && LIVE_STATUSES.includes(batch.status) && (i.status === 'PENDING' || i.status === 'SENT');
  });
}

/** The entitlements waiting in the pool of `period`: SCHEDULED or FAILED, and no live batch holds them. */
export function poolOf(store: StoreSnapshot, period: string): Set<string> {
  const held = new Set(holdingInstructions(store).map((i) => i.entitlementId));
  return new Set([...store.entitlements.values()]
    .filter((e) => e.period === period && (e.status === 'SCHEDULED' || e.status === 'FAILED') && !held.has(e.entitlementId))
    .map((e) => e.entitlementId));
}

export interface PaymentFileRowRead {
  line: number;
  reference: string;
  method: string;
  amount: number;
}
export interface PaymentFileRead {
  sha256: string;
  header: string[];
  rows: PaymentFileRowRead[];
  trailer?: { rowCount: number; controlTotal: number };
}

/** The stored payment file of a batch, parsed, or undefined when it has none. */
export async function readPaymentFile(files: PaymentFileStore, batchId: string): Promise<PaymentFileRead | undefined> {
  const stored = await files.read(paymentFileKey(batchId));
  if (!stored) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stored.body) chunks.push(Buffer.from(chunk));
  const records = parse(Buffer.concat(chunks).toString('utf8'), { relax_column_count: true }) as string[][];
  const [header = [], ...rest] = records;
  const file: PaymentFileRead = { sha256: stored.sha256, header, rows: [] };
  const at = (name: (typeof PAYMENT_FILE_HEADER)[number]) => PAYMENT_FILE_HEADER.indexOf(name);
  for (const [index, record] of rest.entries()) {
    if (record[0] === TRAILER_RECORD) file.trailer = { rowCount: Number(record[1]), controlTotal: Number(record[2]) };
    else if (record[0] === DETAIL_RECORD) {
      file.rows.push({ line: index + 2, reference: record[at('reference')] ?? '', method: record[at('method')] ?? '', amount: Number(record[at('amount')]) });
    }
  }
  return file;
}

/** The payment files of every batch that has one, and whether each batch that must not have one has none. */
export async function readPaymentFiles(files: PaymentFileStore, store: StoreSnapshot): Promise<{ files: Map<string, PaymentFileRead>; unexpected: string[] }> {
  const read = new Map<string, PaymentFileRead>();
  const unexpected: string[] = [];
  for (const batch of store.batches.values()) {
    if (EXPORTED_STATUSES.includes(batch.status)) {
      const file = await readPaymentFile(files, batch.batchId);
      if (file) read.set(batch.batchId, file);
    } else if (batch.status !== 'DISBURSING' && (await files.exists(paymentFileKey(batch.batchId)))) {
      unexpected.push(batch.batchId);
    }
  }
  return { files: read, unexpected };
}

