/**
 * `npm run cost`: what Jaring spends on AWS per 1,000 applications and per 1,000 payments, from what one run of the
 * real local stack counts (bench/cost-model.ts, bench/cost-meter.ts) at public list prices (bench/cost-prices.ts).
 * Prints a Markdown table; exits non-zero when a target of issue #12 is missed.
 */
import { FUNCTION_MEMORY_MB } from '../infra/constructs/jaring-function.ts';
import { runCostModel, WAITS, type PhaseCounts } from './cost-model.ts';
import { lambdaGb, PRICES } from './cost-prices.ts';

/** Targets of issue #12: per application lifecycle, waits included. */
export const TARGETS = { transitionsPerApplication: 25, usdPer1000Applications: 1 } as const;
/** Assumption (the notifications outbox is not built yet): messages an applicant gets. */
const SMS = { perApplication: 2, perPayment: 1 } as const;

interface Usage {
  transitions: number;
  lambdaInvocations: number;
  gbSeconds: number;
  readUnits: number;
  writeUnits: number;
  s3Writes: number;
  s3Reads: number;
  httpRequests: number;
}

/**
 * Billed Lambda time on AWS, an assumption: the local durations measure this shared machine (a load of 8-15 on 2 cores
 * while the figures were taken), not Lambda. Each invocation is billed its own work (parse, validate, rules: 50 ms) and
 * every store call it waits for (10 ms each, on the safe side of DynamoDB's single-digit milliseconds), so a page step
 * that works 1,000 payments is billed for their calls. The measured local mean is printed beside it.
 */
const BILLED_MS = { perInvocation: 50, perStoreCall: 10 } as const;

/** Usage of a phase. */
export function usageOf(c: PhaseCounts): Usage {
  const s3 = [...c.s3].reduce((sum, [method, n]) => ({ ...sum, [method === 'GET' || method === 'HEAD' ? 'reads' : 'writes']: (method === 'GET' || method === 'HEAD' ? sum.reads : sum.writes) + n }), { reads: 0, writes: 0 });
  const invocations = c.workflows.taskInvocations + c.workflows.waitInvocations + c.http.invocations;
  const storeCalls = [...c.dynamo.calls.values()].reduce((a, b) => a + b, 0);
  return {
    transitions: c.workflows.transitions,
    lambdaInvocations: invocations,
    gbSeconds: ((invocations * BILLED_MS.perInvocation + storeCalls * BILLED_MS.perStoreCall) / 1000) * lambdaGb(FUNCTION_MEMORY_MB),
    readUnits: c.dynamo.readUnits,
    writeUnits: c.dynamo.writeUnits + c.dynamo.indexWriteUnits,
    s3Writes: s3.writes,
    s3Reads: s3.reads,
    httpRequests: c.http.invocations,
  };
}

const scale = (u: Usage, k: number): Usage => Object.fromEntries(Object.entries(u).map(([key, v]) => [key, v * k])) as unknown as Usage;
const minus = (a: Usage, b: Usage): Usage => Object.fromEntries(Object.entries(a).map(([key, v]) => [key, v - b[key as keyof Usage]])) as unknown as Usage;

/** USD of a usage, by service. */
export function priced(u: Usage) {
  const parts = {
    stepFunctions: u.transitions * PRICES.stateTransition,
    lambda: u.lambdaInvocations * PRICES.lambdaRequest + u.gbSeconds * PRICES.lambdaGbSecondArm,
    dynamodb: u.readUnits * PRICES.dynamoReadUnit + u.writeUnits * PRICES.dynamoWriteUnit,
    s3: u.s3Writes * PRICES.s3Write + u.s3Reads * PRICES.s3Read,
    httpApi: u.httpRequests * PRICES.httpApiRequest,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}

const f = (n: number, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const usd = (n: number) => `$${n.toFixed(4)}`;

async function main() {
  const started = performance.now();
  const run = await runCostModel();
  const perApplication = scale(usageOf(run.lifecycle), 1 / run.applications);
  const [small, large] = run.batches.map((b) => ({ payments: b.payments, usage: usageOf(b.counts) }));
  if (!small || !large) throw new Error('The cost model runs two batches');
  const perPayment = scale(minus(large.usage, small.usage), 1 / (large.payments - small.payments));
  const perBatch = minus(small.usage, scale(perPayment, small.payments));
  const thousandPayments = { ...scale(perPayment, 1000) };
  const batchOf1000 = Object.fromEntries(Object.entries(thousandPayments).map(([k, v]) => [k, v + perBatch[k as keyof Usage]])) as unknown as Usage;
  const appUsd = priced(scale(perApplication, 1000));
  const payUsd = priced(batchOf1000);
  const wakeUps = [...run.lifecycle.workflows.states].filter(([name]) => /^Check.*Deadline$/.test(name)).reduce((n, [, k]) => n + k, 0) / run.applications;

  const { workflows, http } = run.lifecycle;
  const localMs = (workflows.taskMs + http.ms) / (workflows.taskInvocations + http.invocations);
  const rows: [string, Usage][] = [['per application lifecycle', perApplication], ['per payment (one more in a batch)', perPayment], ['per payout batch (its own)', perBatch]];
  console.log(`## Cost model (\`npm run cost\`), prices ${PRICES.region} list of ${PRICES.date}\n`);
  console.log(`Waits: verification ${WAITS.verification / 86400} days, approval ${WAITS.approval / 86400} days; deadlines inside them: verification ${run.deadlinesInWaits.verification}, approval ${run.deadlinesInWaits.approval}; deadline wake-ups counted per application: ${f(wakeUps, 1)}. ${run.applications} applications, batches of ${small.payments} and ${large.payments}. Lambda: ${FUNCTION_MEMORY_MB} MB arm64, billed ${BILLED_MS.perInvocation} ms an invocation and ${BILLED_MS.perStoreCall} ms a store call (assumed; an invocation took ${f(localMs, 0)} ms here, on a loaded machine).\n`);
  console.log('| unit | state transitions | Lambda invocations | Lambda GB-s | DynamoDB RRU | DynamoDB WRU (with indexes) | S3 PUT-class | S3 GET-class | HTTP API requests |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, u] of rows) {
    console.log(`| ${name} | ${f(u.transitions, 1)} | ${f(u.lambdaInvocations, 1)} | ${f(u.gbSeconds, 3)} | ${f(u.readUnits, 1)} | ${f(u.writeUnits, 1)} | ${f(u.s3Writes, 2)} | ${f(u.s3Reads, 2)} | ${f(u.httpRequests, 1)} |`);
  }
  console.log('\n| USD | Step Functions | Lambda | DynamoDB | S3 | HTTP API | **total** | SMS (apart) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(`| per 1,000 applications | ${usd(appUsd.stepFunctions)} | ${usd(appUsd.lambda)} | ${usd(appUsd.dynamodb)} | ${usd(appUsd.s3)} | ${usd(appUsd.httpApi)} | **${usd(appUsd.total)}** | $${f(1000 * SMS.perApplication * PRICES.smsIndonesia)} (${SMS.perApplication} a piece) |`);
  console.log(`| per 1,000 payments (one batch of 1,000) | ${usd(payUsd.stepFunctions)} | ${usd(payUsd.lambda)} | ${usd(payUsd.dynamodb)} | ${usd(payUsd.s3)} | ${usd(payUsd.httpApi)} | **${usd(payUsd.total)}** | $${f(1000 * SMS.perPayment * PRICES.smsIndonesia)} (${SMS.perPayment} a piece) |`);
  const transitionsOk = perApplication.transitions <= TARGETS.transitionsPerApplication;
  const usdOk = appUsd.total <= TARGETS.usdPer1000Applications;
  console.log(`\nState transitions per application: ${f(perApplication.transitions, 1)} (target <= ${TARGETS.transitionsPerApplication}: ${transitionsOk ? 'met' : 'MISSED'}); USD per 1,000 applications: ${usd(appUsd.total)} (target <= ${TARGETS.usdPer1000Applications}: ${usdOk ? 'met' : 'MISSED'}). Ran in ${f((performance.now() - started) / 1000, 1)} s.`);
  if (!transitionsOk || !usdOk) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
