/**
 * One run of the exactly-once property test (test/integration/payout-exactly-once.test.ts): a real `npm start`
 * process on a fresh data folder, killed and restarted on the same data when a command says so, and the test's own
 * adapters reaching the child's stores through relays that follow it across restarts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { LOCAL_PAYMENT_FILES_BUCKET, S3RVER_CREDENTIALS, startS3, type LocalS3 } from '../../local/s3.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import type { ReconcileOutcome } from '../../shared/use-cases/payout-reconcile.ts';
import { apiClient, type ApiClient } from './api.ts';
import { exactlyOnceViolations, PayoutModel } from './payout-model.ts';
import { readPaymentFiles, readStore, Relay, startPayoutApp, storeClient, unsettled, type PaymentFileRead, type StoreSnapshot } from './payout-store.ts';
import { kill, type RunningApp } from './process.ts';
import { CHECKER, MAKER } from './sent-batch.ts';

const OFFICERS = ['verifikator.tangerang', 'penyetuju.tangerang', 'admin', MAKER, CHECKER];
const SETTLE_MS = 90_000;

/** The relays, the test's adapters and store client, shared by every run of the property. */
export interface WorldContext {
  deps: Deps;
  store: DynamoDBDocumentClient;
  close(): Promise<void>;
}

const dynamoRelay = new Relay();
const s3Relay = new Relay();

/** Points the process's AWS clients at the relays and builds the adapters, as a Lambda of the app would build them. */
export async function worldContext(): Promise<WorldContext> {
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: await dynamoRelay.listen(),
    AWS_ENDPOINT_URL_S3: await s3Relay.listen(),
    JARING_TABLE_NAME: LOCAL_TABLE_NAME,
    JARING_PAYMENT_FILES_BUCKET: LOCAL_PAYMENT_FILES_BUCKET,
  });
  const deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  const store = storeClient(String(process.env.AWS_ENDPOINT_URL_DYNAMODB));
  return {
    deps,
    store,
    close: async () => {
      store.destroy();
      await dynamoRelay.close();
      await s3Relay.close();
    },
  };
}

/** One run: the app on a fresh data folder, its households, and what the test knows. */
export class World {
  app!: RunningApp;
  api!: ApiClient;
  readonly tokens: Record<string, string> = {};
  households: string[] = [];
  period = '';
  readonly model = new PayoutModel();
  private s3: LocalS3 | undefined;
  private constructor(private readonly context: WorldContext, readonly dataDir: string) {}

  /** `opened` learns of the world before anything starts, so a run that fails while opening can still be closed. */
  static async open(context: WorldContext, opened: (world: World) => void): Promise<World> {
    const world = new World(context, await mkdtemp(join(tmpdir(), 'jaring-payout-once-')));
    opened(world);
    await world.start();
    // The payment files the child writes under its data folder, read through the same adapter by a server of our own.
    world.s3 = await startS3({ directory: join(world.dataDir, 's3'), buckets: [LOCAL_PAYMENT_FILES_BUCKET] });
    s3Relay.point(world.s3.url);
    for (const u of OFFICERS) world.tokens[u] = await world.api.login(u);
    return world;
  }

  async start(): Promise<void> {
    this.app = await startPayoutApp(this.dataDir);
    this.api = apiClient(this.app.url);
    const { dynamodb } = JSON.parse(await readFile(join(this.dataDir, 'endpoints.json'), 'utf8')) as { dynamodb: string };
    dynamoRelay.point(dynamodb);
  }

  /** SIGKILL, then the same data again. */
  async crashAndRestart(): Promise<void> {
    await kill(this.app);
    dynamoRelay.point(undefined);
    await this.start();
  }

  async close(): Promise<void> {
    if ((this.app as RunningApp | undefined) !== undefined) await kill(this.app);
    dynamoRelay.point(undefined);
    s3Relay.point(undefined);
    await this.s3?.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  post(path: string, user: string, body?: unknown) {
    return this.api.call<{ batchId: string; status: string; message?: string }>('POST', path, { token: this.tokens[user], body });
  }

  /** The store once the workflows have settled, its payment files, and the invariants checked on both. */
  async settled(after: string): Promise<{ store: StoreSnapshot; files: Map<string, PaymentFileRead> }> {
    let why: string | undefined;
    const snapshot = await this.api.until(`the app to settle after ${after}`, async () => {
      const s = await readStore(this.context.store);
      why = unsettled(s);
      return !why && s;
    }, SETTLE_MS).catch((error: Error) => {
      throw new Error(`${error.message}: ${why}\n${this.app.output().slice(-3000)}`);
    });
    const { files, unexpected } = await readPaymentFiles(this.context.deps.paymentFiles, snapshot);
    this.model.learn(files, snapshot);
    const violations = exactlyOnceViolations({ store: snapshot, files, unexpectedFiles: unexpected, model: this.model, households: this.households, period: this.period });
    expect(violations, `after ${after}`).toEqual([]);
    return { store: snapshot, files };
  }

  /** Uploads a result file through the reconciliation route, as the maker. */
  async upload(batchId: string, csv: string): Promise<{ status: number; outcome?: ReconcileOutcome }> {
    const r = await this.api.call<ReconcileOutcome>('POST', `/api/payout-batches/${batchId}/reconciliation`, { token: this.tokens[MAKER], rawBody: csv, contentType: 'text/csv' });
    return { status: r.status, ...(r.status === 200 && { outcome: r.json }) };
  }
}
