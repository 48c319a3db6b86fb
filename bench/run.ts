/**
 * `npm run bench`: intake through the gateway against raw store writes, side by side in one run, so the
 * figures are ratios that survive a noisy shared machine. Results go to stdout as a Markdown table.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { DynamoApplicationRepository } from '../functions/lib/adapters/dynamo-applications.ts';
import { LOCAL_TABLE_NAME } from '../functions/lib/table-layout.ts';
import { startLocalStack } from '../local/stack.ts';
import { newReference } from '../shared/domain/application.ts';
import { WRONG_NIK_LIMIT } from '../shared/use-cases/applicant-proof.ts';
import { applicationBody } from '../test/support/fixtures.ts';
import { PROBE_HEADER, probeClient } from './probe.ts';

const CONNECTIONS = 32;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 200);

/**
 * Which phases run: `npm run bench` runs them all; `npm run bench -- payout` (or `-- intake`) only those named.
 * `intake` is the status check, latency, raw PutItem and intake phases below; `payout` is bench/payout.ts, in its own
 * process (its own stack, SDK clients and peak RSS), after the intake phases have closed their stack; `form` is
 * bench/form.ts (the applicant's form in chromium on Slow 3G, cold and warm), in its own process too; `units` is
 * bench/intake-units.ts (one application's store calls and capacity units, intake to an open task, metered).
 */
const PHASES = ['intake', 'payout', 'form', 'units'] as const;
const asked = process.argv.slice(2);
for (const name of asked) {
  if (!(PHASES as readonly string[]).includes(name)) throw new Error(`Unknown bench phase "${name}"; phases: ${PHASES.join(', ')}`);
}
const runs = (phase: (typeof PHASES)[number]) => asked.length === 0 || asked.includes(phase);

/** A phase in its own process (`payout.ts`, `form.ts`); its table goes straight to stdout. */
async function benchProcess(file: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`The ${file} bench exited with ${code}`);
}
/** The phases that run in their own process, after intake's stack is closed. */
async function processPhases(): Promise<void> {
  if (runs('payout')) await benchProcess('./payout.ts');
  if (runs('form')) await benchProcess('./form.ts');
  if (runs('units')) await benchProcess('./intake-units.ts');
}

if (!runs('intake')) {
  await processPhases();
  process.exit(0);
}

const stack = await startLocalStack({ statusCheckLimitPerMinute: 1_000_000, intakeLimitPerMinute: 1_000_000_000 });
/**
 * Counts the AWS API calls every server in this process receives (dynalite and the local Step Functions
 * endpoint), by operation, from the `x-amz-target` header, and the applications the gateway takes in (201). The bench's own probes mark themselves and are left
 * out, so the counts are what the application spends.
 */
const apiCalls = new Map<string, number>();
// Counted as they arrive, less those refused: a request still in flight when the load stops is taken in and
// screened, but its socket is gone before the response can finish.
let applicationsTaken = 0;
const isIntake = (request: IncomingMessage) => request.method === 'POST' && request.url === '/api/applications';
diagnostics.subscribe('http.server.response.finish', (message) => {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
  if (isIntake(request) && response.statusCode !== 201) applicationsTaken--;
});
diagnostics.subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: IncomingMessage };
  if (isIntake(request)) applicationsTaken++;
  const target = request.headers['x-amz-target'];
  if (typeof target !== 'string' || request.headers[PROBE_HEADER]) return;
  apiCalls.set(target, (apiCalls.get(target) ?? 0) + 1);
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Raw PutItem at 32 in flight against the same dynalite, for DURATION_S seconds. */
async function rawPutItemsPerSecond(): Promise<number> {
  const client = new DynamoDBClient({ endpoint: stack.dynamoUrl });
  let written = 0;
  const deadline = Date.now() + DURATION_S * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async (_, worker) => {
    while (Date.now() < deadline) {
      await client.send(new PutItemCommand({
        TableName: LOCAL_TABLE_NAME,
        Item: { pk: { S: `BENCH#${worker}#${written}` }, sk: { S: 'BENCH' }, payload: { S: 'x'.repeat(512) } },
      }));
      written++;
    }
  }));
  client.destroy();
  return written / DURATION_S;
}

/** Sequential submissions, each timed from POST to PENDING_VERIFICATION seen through the status check. */
async function submitToVerificationLatencies(): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const body = applicationBody({ districtCode: '53.71.01', birthDate: '1990-01-01', serial: i + 1 });
    const started = performance.now();
    const created = await fetch(`${stack.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { reference } = (await created.json()) as { reference: string };
    for (;;) {
      const r = await fetch(`${stack.url}/api/status-check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reference, nik: body.nik }) });
      if (((await r.json()) as { status: string }).status === 'PENDING_VERIFICATION') break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    latencies.push(performance.now() - started);
  }
  return latencies.sort((a, b) => a - b);
}

/**
 * 32 clients submitting distinct applications (unique NIKs) for DURATION_S seconds, from another process; `keyed`: each
 * with its own Idempotency-Key (what the key's extra writes cost, not a wait for a twin).
 */
let loadRuns = 0;
async function intakeThroughput(keyed: boolean): Promise<{ rps: number; non2xx: number }> {
  const args = [fileURLToPath(new URL('./load.ts', import.meta.url)), stack.url, String(CONNECTIONS), String(DURATION_S), keyed ? 'keyed' : 'plain', String(loadRuns++)];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { rps: number; non2xx: number };
}

/** Waits until every submitted application has been screened, so closing the stack cuts no workflow short. */
async function drainWorkflows(): Promise<number> {
  const client = probeClient(stack.dynamoUrl);
  const applications = new DynamoApplicationRepository(DynamoDBDocumentClient.from(client), LOCAL_TABLE_NAME);
  const started = performance.now();
  const pending = async () => {
    let n = 0;
    for (const status of ['SUBMITTED', 'SCREENING'] as const) for await (const _ of applications.listIdsByStatus(status)) n++;
    return n;
  };
  while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  client.destroy();
  return performance.now() - started;
}

/**
 * The status check's two 404s, alternated: an unknown reference and a known one with a wrong NIK.
 * Their medians should not differ by more than the noise between two runs of the same kind. A reference takes
 * WRONG_NIK_LIMIT wrong NIKs an hour before it answers 429, so each is used that often: a new unknown reference
 * every time, a new application every WRONG_NIK_LIMIT wrong NIKs.
 */
async function statusCheck404Medians(): Promise<{ unknown: number; wrongNik: number }> {
  const known: { reference: string; nik: string }[] = [];
  for (let serial = 1; serial <= Math.ceil(300 / WRONG_NIK_LIMIT); serial++) {
    const body = applicationBody({ districtCode: '53.71.03', birthDate: '1991-02-02', serial });
    const created = await fetch(`${stack.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    known.push({ reference: ((await created.json()) as { reference: string }).reference, nik: body.nik });
  }
  const time = async (payload: unknown) => {
    const started = performance.now();
    const r = await fetch(`${stack.url}/api/status-check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    await r.text();
    if (r.status !== 404) throw new Error(`expected 404, got ${r.status}`);
    return performance.now() - started;
  };
  const unknown: number[] = [];
  const wrongNik: number[] = [];
  for (let i = 0; i < 300; i++) {
    // Alternate which goes first, so warm-up and ordering effects fall on both alike.
    const { reference, nik } = known[Math.floor(i / WRONG_NIK_LIMIT)]!;
    const pair = [() => time({ reference: newReference(new Date()), nik }), () => time({ reference, nik: `${nik.slice(0, 12)}9999` })] as const;
    if (i % 2) {
      unknown.push(await pair[0]());
      wrongNik.push(await pair[1]());
    } else {
      wrongNik.push(await pair[1]());
      unknown.push(await pair[0]());
    }
  }
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  return { unknown: median(unknown), wrongNik: median(wrongNik) };
}

const notFound = await statusCheck404Medians();
const latencies = await submitToVerificationLatencies();
const put = await rawPutItemsPerSecond();
apiCalls.clear();
applicationsTaken = 0;
const intake = await intakeThroughput(false);
const drainMs = await drainWorkflows();
// Every application taken in has been screened by now, including those still in flight when the load stopped.
const applications = applicationsTaken;
const counted = [...apiCalls];
// The same load with an Idempotency-Key on every request, then plain again, on the same stack: the first run warms the
// handlers up, so keyed is compared with the plain run after it (and both plain runs are shown).
apiCalls.clear();
applicationsTaken = 0;
const keyed = await intakeThroughput(true);
await drainWorkflows();
const keyedApplications = applicationsTaken;
const keyedCalls = [...apiCalls];
const plainAfter = await intakeThroughput(false);
await drainWorkflows();
await stack.close();

if (applications === 0) throw new Error('The intake run took in no application: nothing to measure');
const callsOf = (prefix: string, calls = counted) => calls.filter(([target]) => target.startsWith(prefix));
const perApplication = (calls: [string, number][], taken = applications) => calls.reduce((sum, [, n]) => sum + n, 0) / taken;
const storeCalls = callsOf('DynamoDB_');
const breakdown = (calls: [string, number][], taken = applications) =>
  calls.sort(([, a], [, b]) => b - a).map(([target, n]) => `${target.split('.')[1]} ${(n / taken).toFixed(1)}`).join(', ');
const keyedStoreCalls = callsOf('DynamoDB_', keyedCalls);

const ratio = (intake.rps / put) * 100;
// Everything taken in during the run, screened: the sustained rate of intake *with* screening.
const screenedRate = applications / (DURATION_S + drainMs / 1000);
console.log(`
| measure | value |
| --- | --- |
| submit -> PENDING_VERIFICATION p50 (ms, ${LATENCY_SAMPLES} sequential) | ${percentile(latencies, 50).toFixed(1)} |
| submit -> PENDING_VERIFICATION p99 (ms) | ${percentile(latencies, 99).toFixed(1)} |
| intake POST /api/applications, ${CONNECTIONS} clients (req/s) | ${intake.rps.toFixed(0)} (non-2xx: ${intake.non2xx}) |
| raw dynalite PutItem, ${CONNECTIONS} in flight (items/s) | ${put.toFixed(0)} |
| intake / raw PutItem | ${ratio.toFixed(1)}% |
| intake with an Idempotency-Key on every request, ${CONNECTIONS} clients (req/s) | ${keyed.rps.toFixed(0)} (non-2xx: ${keyed.non2xx}); plain again ${plainAfter.rps.toFixed(0)} (non-2xx: ${plainAfter.non2xx}): keyed / plain after it ${(keyed.rps / plainAfter.rps).toFixed(2)} |
| screening backlog drained after the intake run (ms) | ${drainMs.toFixed(0)} |
| intake with screening completed (applications/s) | ${screenedRate.toFixed(0)} |
| status check 404 median, unknown reference / wrong NIK (ms, 300 each) | ${notFound.unknown.toFixed(2)} / ${notFound.wrongNik.toFixed(2)} (ratio ${(notFound.wrongNik / notFound.unknown).toFixed(2)}) |
| **intake with screening / raw PutItem** | **${((screenedRate / put) * 100).toFixed(1)}%** |
| store calls per application, counted at dynalite during the intake run | ${perApplication(storeCalls).toFixed(1)} (${breakdown(storeCalls)}) |
| the same with an Idempotency-Key on every request (the keyed run) | ${perApplication(keyedStoreCalls, keyedApplications).toFixed(1)} (${breakdown(keyedStoreCalls, keyedApplications)}) |
| Step Functions API calls per application | ${perApplication(callsOf('AWSStepFunctions.')).toFixed(1)} (${breakdown(callsOf('AWSStepFunctions.'))}) |
| ceiling of the ratio if each store call cost one raw PutItem and nothing else cost anything | ${(100 / perApplication(storeCalls)).toFixed(1)}% |
`);

await processPhases();
