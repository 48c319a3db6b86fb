/**
 * The payout phase of `npm run bench` (issue #9, "Benchmark"), run by bench/run.ts as its own process so that its
 * peak RSS is this phase's alone and its stack's SDK clients and env are its own:
 *   node --import tsx bench/payout.ts            (BENCH_PAYOUT_N entitlements, default 100,000)
 *
 * 1. Seeds N approved sembako households of Kota Tangerang (36.71) straight into the store, BatchWriteItem 25 to a
 *    request: for each, the APPROVED application, its ACTIVE enrolment and the SCHEDULED entitlement of the current
 *    period, which is what approval writes (enrolHousehold enrols and schedules the first period), built with the
 *    domain's constructors and the adapters' key layout. Half are paid by BANK, half at the POS of their district.
 * 2. Baseline: a raw BatchWriteItem of N records as large as the entitlement items, into the same store.
 * 3. The pipeline, timed phase by phase: build over HTTP (POST /api/payout-batches as the maker, polled until
 *    AWAITING_APPROVAL); approve (the checker, polled until AWAITING_RECONCILIATION: disbursement and export); the
 *    stored payment file streamed through the local bank simulator into a result file; reconciliation (the file
 *    parsed strictly, then the reconcileBatch use-case the route calls: the route takes 4 MiB a file, and the bench's
 *    one result file of 100,000 rows is larger) until COMPLETED.
 * The store runs in a process of its own (bench/store-process.ts). Store and Step Functions calls are counted at the
 * servers per phase (the bench's own seeding, baseline and reads are marked and left out); this process's RSS is
 * sampled every 100 ms, the store's at each phase's end. Prints a Markdown table, then one JSON line.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, LOCAL_TABLE_NAME } from '../functions/lib/table-layout.ts';
import { startLocalStack } from '../local/stack.ts';
import { DEFAULT_DEV_PASSWORD } from '../local/staff-accounts.ts';
import { newApplication, newReference, type Application } from '../shared/domain/application.ts';
import { newEnrolment } from '../shared/domain/enrolment.ts';
import { newEntitlement } from '../shared/domain/entitlement.ts';
import { periodOf, timeZoneOf } from '../shared/domain/periods.ts';
import type { PayoutBatchStatus } from '../shared/domain/payout-batch.ts';
import { paymentFileKey } from '../shared/domain/payout-batch.ts';
import type { Program } from '../shared/domain/programs.ts';
import type { StaffUser } from '../shared/domain/staff.ts';
import { applicationSchema } from '../shared/schemas/application.ts';
import { applicationBody } from '../test/support/fixtures.ts';
import { PROBE_HEADER, probeClient } from './probe.ts';
import { writeInBatches } from './batch-writes.ts';
import { printReport, type PhaseResult } from './payout-report.ts';
import { startStoreProcess } from './store-process.ts';

const N = Number(process.env.BENCH_PAYOUT_N ?? 100_000);
const CITY = '36.71';
const PROGRAM_ID = 'sembako';
/** BatchWriteItem requests in flight, for the seed and the baseline alike. */
const WRITERS = 16;
const BATCH = 25;
const MAKER = 'keuangan.tangerang';
const CHECKER = 'keuangan2.tangerang';
const FINANCE: StaffUser = { username: MAKER, roles: ['finance'], regions: [CITY] };
/** How long one phase may take before the bench gives up on it and says where it stood. */
const PHASE_LIMIT_MS = Number(process.env.BENCH_PAYOUT_PHASE_LIMIT_S ?? 3600) * 1000;

// Peak RSS, per phase and overall: sampled every 100 ms, and the kernel's own maximum at the end.
let phasePeakRss = 0;
const sampler = setInterval(() => {
  phasePeakRss = Math.max(phasePeakRss, process.memoryUsage.rss());
}, 100);
sampler.unref();
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

// The store runs on disk (LevelDB) in a process of its own, as DynamoDB keeps the items outside the functions'
// memory on AWS: this process's RSS is the pipeline's (handlers, workflow interpreter, gateway, S3, bench).
const dataDir = await mkdtemp(join(tmpdir(), 'jaring-bench-payout-'));
const store = await startStoreProcess(join(dataDir, 'dynamodb'));
const stack = await startLocalStack({ dataDir, dynamoUrl: store.url });
const s3Port = new URL(stack.s3Url).port;

// Calls the servers of this process receive, by operation, from the `x-amz-target` header (Step Functions) or, for
// s3rver, the method; the store process counts its own. The bench's own calls carry PROBE_HEADER and are left out.
let calls = new Map<string, number>();
diagnostics.subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: IncomingMessage };
  if (request.headers[PROBE_HEADER]) return;
  const target = request.headers['x-amz-target'];
  const name = typeof target === 'string' ? target : String(request.socket.localPort) === s3Port ? `S3.${request.method}` : undefined;
  if (name) calls.set(name, (calls.get(name) ?? 0) + 1);
});
const probe = probeClient(stack.dynamoUrl);
const db = DynamoDBDocumentClient.from(probe, { marshallOptions: { removeUndefinedValues: true } });

// The app's own adapters and use-cases, built after the stack set the environment they read.
const { buildDeps } = await import('../functions/lib/deps.ts');
const { pseudonyms } = await import('../functions/lib/pseudonyms.ts');
const { idnRegions } = await import('../functions/lib/adapters/idn-regions.ts');
const { parseReconciliation } = await import('../functions/lib/payouts/reconciliation-file.ts');
const { reconcileBatch } = await import('../shared/use-cases/payout-reconcile.ts');
const { simulateBank } = await import('../local/bank-simulator.ts');
const deps = buildDeps();

const phases: PhaseResult[] = [];
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  calls = new Map();
  await store.takeCalls();
  phasePeakRss = process.memoryUsage.rss();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  for (const [k, n] of await store.takeCalls()) calls.set(k, n);
  const storeMemory = await store.memory();
  phases.push({ name, ms, peakRssMb: mb(phasePeakRss), store: storeMemory, calls });
  // Where the memory is at the phase's end, after a collection if the process was started with --expose-gc: the JS
  // heap (the handlers, the workflow interpreter, the bench) apart from what lives outside it (LevelDB, buffers).
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage();
  process.stderr.write(`[bench payout] ${name}: ${(ms / 1000).toFixed(1)} s, peak RSS ${mb(phasePeakRss)} MB; now RSS ${mb(rss)} MB, heap used ${mb(heapUsed)} MB, external ${mb(external)} MB (array buffers ${mb(arrayBuffers)} MB); store process RSS ${storeMemory.rssMb} MB (max ${storeMemory.maxRssMb} MB)\n`);
  return result;
}

/** The bench's raw writes (seed and baseline), WRITERS requests in flight, BATCH items each. */
const batchWriteAll = (items: Iterable<Record<string, unknown>>) => writeInBatches(db, LOCAL_TABLE_NAME, items, { writers: WRITERS, batch: BATCH });

// --- Seed --------------------------------------------------------------------------------------------------------

const program = (await deps.programs.get(PROGRAM_ID)) as Program;
if (!program) throw new Error(`No programme ${PROGRAM_ID}`);
const now = new Date();
const period = periodOf(program.periodKind, now, timeZoneOf(CITY));
const districts = ((await idnRegions.children(CITY)) ?? []).map((d) => d.code);
const villages = new Map<string, string>();
for (const d of districts) villages.set(d, ((await idnRegions.children(d)) ?? [])[0]!.code);
const schema = applicationSchema(await idnRegions.codes());
let entitlementItemBytes = 0;
let seededItemBytes = 0;

/** Household i: its application (APPROVED), enrolment (ACTIVE) and entitlement (SCHEDULED), as items. */
async function household(i: number): Promise<Record<string, unknown>[]> {
  const districtCode = districts[i % districts.length]!;
  const j = Math.floor(i / districts.length);
  const serial = 1 + (j % 9999);
  const birth = new Date(Date.UTC(1980, 0, 1 + Math.floor(j / 9999))).toISOString().slice(0, 10);
  const body = applicationBody({ districtCode, villageCode: villages.get(districtCode), birthDate: birth, serial, programId: PROGRAM_ID });
  body.kk = `${districtCode.replace(/\./g, '')}0101${String(j).padStart(6, '0')}`;
  const payout = i % 2 === 0
    ? { method: 'BANK' as const, bankCode: '002', accountNumber: `1234${String(i).padStart(8, '0')}`, accountName: body.fullName }
    : { method: 'POS' as const, districtCode };
  const input = schema.parse({ ...body, payout });
  const app: Application = newApplication(input, { applicationId: crypto.randomUUID(), reference: newReference(now), period }, now);
  const at = now.toISOString();
  const approved: Application = {
    ...app,
    status: 'APPROVED',
    timeline: [...app.timeline, ...(['SCREENING', 'PENDING_VERIFICATION', 'PENDING_APPROVAL', 'APPROVED'] as const).map((status) => ({ status, at, actor: status === 'APPROVED' ? 'penyetuju.tangerang' : 'system:workflow' }))],
    screening: { desil: 2, priority: { score: 45, factors: [{ factor: 'DESIL', label: { id: 'Desil 2 di DTSEN', en: 'Decile 2 in the registry' }, points: 45 }] }, flags: [] },
    updatedBy: 'penyetuju.tangerang',
  };
  // As enrolHousehold does: the beneficiary pseudonym of NIK and programme, the enrolment, the first period's entitlement.
  const beneficiaryId = (await pseudonyms.pseudonym(`beneficiary|${approved.nik}|${PROGRAM_ID}`)).slice(0, 32);
  const enrolment = newEnrolment(approved, program, beneficiaryId, at);
  const entitlement = newEntitlement(enrolment, program, enrolment.periods[0]!, at);
  if (enrolment.periods[0] !== period) throw new Error(`Enrolment starts ${enrolment.periods[0]}, not ${period}`);
  const items = [
    { ...keys.application(approved.applicationId), gsi1pk: keys.byReference(approved.reference), gsi1sk: 'APP', gsi2pk: keys.byStatus(approved.status), gsi2sk: `${approved.createdAt}#${approved.applicationId}`, ...approved },
    { ...keys.enrolment(enrolment.applicationId), gsi2pk: keys.enrolled(enrolment.programId, enrolment.regencyCode), gsi2sk: `${enrolment.districtCode}#${enrolment.applicationId}`, ...enrolment },
    { ...keys.entitlement(entitlement.entitlementId), gsi1pk: keys.entitlementPool(entitlement.programId, entitlement.period, entitlement.regencyCode), gsi1sk: keys.entitlementPoolOrder(entitlement.districtCode, entitlement.entitlementId), ...entitlement },
  ];
  if (i === 0) {
    entitlementItemBytes = itemBytes(items[2]!);
    seededItemBytes = items.reduce((sum, item) => sum + itemBytes(item), 0);
  }
  return items;
}

/** About an item's size as DynamoDB counts it (attribute names and values): its JSON. */
const itemBytes = (item: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(item));

/** Households are built a writer's batch ahead at most, so the seed never holds more than that in memory. */
async function seed(): Promise<number> {
  // Households are made in chunks (the pseudonym is async), each chunk written before the next is built.
  const CHUNK = 2000;
  let requests = 0;
  for (let start = 0; start < N; start += CHUNK) {
    const items = (await Promise.all(Array.from({ length: Math.min(CHUNK, N - start) }, (_, k) => household(start + k)))).flat();
    requests += await batchWriteAll(items);
  }
  return requests;
}

const seedRequests = await phase('seed (not timed in the pipeline)', seed);

// --- Baseline: N raw records of the entitlement item's size, into the same store, the same way -------------------

const padding = 'x'.repeat(Math.max(0, entitlementItemBytes - itemBytes({ pk: 'BENCH#000000', sk: 'BENCH', payload: '' })));
const baselineRequests = await phase('baseline: raw BatchWriteItem', () => batchWriteAll((function* () {
  for (let i = 0; i < N; i++) yield { pk: `BENCH#${String(i).padStart(6, '0')}`, sk: 'BENCH', payload: padding };
})()));
const baselineMs = phases.at(-1)!.ms;

// --- The pipeline ------------------------------------------------------------------------------------------------

async function login(username: string): Promise<string> {
  const r = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEFAULT_DEV_PASSWORD }) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
const tokens: Record<string, string> = { [MAKER]: await login(MAKER), [CHECKER]: await login(CHECKER) };
async function api<T>(method: string, path: string, user: string, body?: unknown): Promise<{ status: number; json: T }> {
  const r = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[user]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: (text ? JSON.parse(text) : undefined) as T };
}

interface BatchView { batchId: string; status: PayoutBatchStatus; itemCount?: number; totalAmount?: number; progress?: { done: number; total: number } }
/** Polls the batch as the console does (every 250 ms) until it stands in `status`; reports where it stands meanwhile. */
async function until(batchId: string, status: PayoutBatchStatus): Promise<BatchView> {
  const deadline = Date.now() + PHASE_LIMIT_MS;
  let lastReport = Date.now();
  for (;;) {
    const { json } = await api<BatchView>('GET', `/api/payout-batches/${batchId}`, MAKER);
    if (json.status === status) return json;
    if (!['BUILDING', 'AWAITING_APPROVAL', 'DISBURSING', 'AWAITING_RECONCILIATION'].includes(json.status)) throw new Error(`Batch ${batchId} ended ${json.status}, waiting for ${status}`);
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      const pages = await deps.payoutPages.claimedTotals(batchId).catch(() => undefined);
      process.stderr.write(`[bench payout]   ${json.status}, progress ${json.progress?.done ?? '-'}/${json.progress?.total ?? '-'}, claimed pages ${pages?.pages ?? '-'} (${pages?.count ?? '-'} items), RSS ${mb(process.memoryUsage.rss())} MB\n`);
    }
    if (Date.now() > deadline) throw new Error(`Batch ${batchId} still ${json.status} (progress ${JSON.stringify(json.progress)}) after ${PHASE_LIMIT_MS / 1000} s, waiting for ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const built = await phase('build: POST -> AWAITING_APPROVAL', async () => {
  const created = await api<BatchView>('POST', '/api/payout-batches', MAKER, { programId: PROGRAM_ID, period });
  if (created.status !== 202) throw new Error(`POST /api/payout-batches: ${created.status} ${JSON.stringify(created.json)}`);
  return until(created.json.batchId, 'AWAITING_APPROVAL');
});
if (built.itemCount !== N) throw new Error(`The batch holds ${built.itemCount} items, not ${N}`);
const batchId = built.batchId;

const exported = await phase('approve: disburse + export -> AWAITING_RECONCILIATION', async () => {
  for (let attempt = 0; ; attempt++) {
    const r = await api<{ message?: string }>('POST', `/api/payout-batches/${batchId}/approve`, CHECKER);
    if (r.status === 202) break;
    // The approval task's token may not be stored yet the instant the status says AWAITING_APPROVAL.
    if (r.status !== 409 || attempt > 40) throw new Error(`approve: ${r.status} ${JSON.stringify(r.json)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return until(batchId, 'AWAITING_RECONCILIATION');
});

const resultFile = join(dataDir, 'hasil-bank.csv');
const bank = await phase('bank simulator: stored file -> result file (stream)', async () => {
  const stored = await deps.paymentFiles.read(paymentFileKey(batchId));
  if (!stored) throw new Error('No stored payment file');
  return { ...(await simulateBank(stored.body, createWriteStream(resultFile), { failRate: 0.05, seed: 1 })), fileBytes: stored.size };
});
const resultBytes = (await stat(resultFile)).size;

const reconciled = await phase('reconcile: parse + reconcileBatch -> COMPLETED', async () => {
  const parsed = await parseReconciliation(createReadStream(resultFile));
  const outcome = await reconcileBatch(deps, FINANCE, batchId, parsed.rows);
  const batch = await deps.payoutBatches.get(batchId);
  if (!outcome.completed || batch?.status !== 'COMPLETED') throw new Error(`Batch ${batchId} is ${batch?.status} after reconciliation: ${JSON.stringify(outcome)}`);
  return outcome;
});

clearInterval(sampler);
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const storeMaxRssMb = (await store.memory()).maxRssMb;
await stack.close();
probe.destroy();
await store.close();
const storeBytes = await du(join(dataDir, 'dynamodb'));
await rm(dataDir, { recursive: true, force: true });

async function du(dir: string): Promise<number> {
  const { readdir } = await import('node:fs/promises');
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

printReport({ N, PROGRAM_ID, period, districts, phases, seedRequests, baselineRequests, baselineMs, WRITERS, BATCH, entitlementItemBytes, maxRssMb, storeMaxRssMb, built, exported, bank, resultBytes, reconciled, seededItemBytes, storeBytes });
