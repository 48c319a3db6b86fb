/**
 * The payout bench's report (bench/payout.ts): a Markdown table per phase, the measures against the targets, then
 * one JSON line of the raw figures.
 */
import type { StoreMemory } from './store-process.ts';

export interface PhaseResult {
  name: string;
  ms: number;
  peakRssMb: number;
  store: StoreMemory;
  calls: Map<string, number>;
}

export interface PayoutBenchRun {
  N: number;
  PROGRAM_ID: string;
  period: string;
  districts: readonly string[];
  /** Seed, baseline, then the pipeline's phases in order. */
  phases: readonly PhaseResult[];
  seedRequests: number;
  baselineRequests: number;
  baselineMs: number;
  WRITERS: number;
  BATCH: number;
  entitlementItemBytes: number;
  seededItemBytes: number;
  maxRssMb: number;
  storeMaxRssMb: number;
  built: { itemCount?: number; totalAmount?: number };
  exported: { progress?: { done: number; total: number } };
  bank: { fileBytes: number; paid: number; failed: number };
  resultBytes: number;
  reconciled: { paid: number; failed: number; unmatched: number; completed: boolean };
  storeBytes: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export function printReport(run: PayoutBenchRun): void {
  const { N, PROGRAM_ID, period, districts, phases, seedRequests, baselineRequests, baselineMs, WRITERS, BATCH, entitlementItemBytes, maxRssMb, storeMaxRssMb, built, exported, bank, resultBytes, reconciled, seededItemBytes, storeBytes } = run;

  const pipeline = phases.slice(2);
  const pipelineMs = pipeline.reduce((sum, p) => sum + p.ms, 0);
  const ourMs = pipelineMs - phases.find((p) => p.name.startsWith('bank'))!.ms;
  const storeCalls = (p: PhaseResult) => [...p.calls].filter(([k]) => k.startsWith('DynamoDB_'));
  const total = (entries: [string, number][]) => entries.reduce((sum, [, n]) => sum + n, 0);
  const perItem = (n: number) => (n / N).toFixed(2);
  const breakdown = (entries: [string, number][]) => entries.sort(([, a], [, b]) => b - a).map(([k, n]) => `${k.replace(/^DynamoDB_\d+\./, '')} ${perItem(n)}`).join(', ');
  const pipelineStore = pipeline.flatMap(storeCalls);
  const merged = new Map<string, number>();
  for (const [k, n] of pipelineStore) merged.set(k, (merged.get(k) ?? 0) + n);
  const sfn = pipeline.flatMap((p) => [...p.calls].filter(([k]) => k.startsWith('AWSStepFunctions.')));
  const s3 = pipeline.flatMap((p) => [...p.calls].filter(([k]) => k.startsWith('S3.')));
  const s = (ms: number) => (ms / 1000).toFixed(1);

  console.log(`
Payout phase: N = ${N.toLocaleString('en')} entitlements of ${PROGRAM_ID} ${period}, Kota Tangerang (${districts.length} districts), half BANK half POS; store on disk (dynalite + LevelDB) in its own process.

| phase | time (s) | items/s | store calls per entitlement | pipeline process peak RSS (MB) | store process RSS at the end (MB) |
| --- | --- | --- | --- | --- | --- |
${phases.map((p) => `| ${p.name} | ${s(p.ms)} | ${Math.round(N / (p.ms / 1000)).toLocaleString('en')} | ${p.name.startsWith('seed') ? `(${(seedRequests / N).toFixed(2)} BatchWriteItem, 3 items each)` : p.name.startsWith('baseline') ? `${(baselineRequests / N).toFixed(3)} (BatchWriteItem)` : `${perItem(total(storeCalls(p)))} (${breakdown(storeCalls(p))})`} | ${p.peakRssMb} | ${p.store.rssMb} |`).join('\n')}
| **pipeline, POST to COMPLETED** | **${s(pipelineMs)}** | ${Math.round(N / (pipelineMs / 1000)).toLocaleString('en')} | **${perItem(total(pipelineStore))}** (${breakdown([...merged])}) | | |

| measure | value |
| --- | --- |
| baseline: raw BatchWriteItem of ${N.toLocaleString('en')} records of ${entitlementItemBytes} bytes (the entitlement item's size), ${WRITERS} requests in flight | ${s(baselineMs)} s (${Math.round(N / (baselineMs / 1000)).toLocaleString('en')} records/s) |
| **pipeline / baseline** | **${(pipelineMs / baselineMs).toFixed(1)}x** (target 3x) |
| pipeline without the bank simulator / baseline | ${(ourMs / baselineMs).toFixed(1)}x |
| store calls per entitlement, pipeline / baseline (${(1 / BATCH).toFixed(2)}) | ${(total(pipelineStore) / N).toFixed(2)} / ${(baselineRequests / N).toFixed(3)} = ${((total(pipelineStore) / N) / (baselineRequests / N)).toFixed(0)}x |
| Step Functions API calls (pipeline) | ${total(sfn)} (${sfn.map(([k, n]) => `${k.split('.')[1]} ${n}`).join(', ')}) |
| S3 requests (pipeline) | ${total(s3)} (${s3.map(([k, n]) => `${k.slice(3)} ${n}`).join(', ')}) |
| **peak RSS of the pipeline process** (handlers, workflow interpreter, gateway, S3, bench; not the store) | **${maxRssMb} MB** (target 512 MB; sampled peak ${Math.max(...phases.map((p) => p.peakRssMb))} MB) |
| peak RSS of the store process (dynalite + LevelDB; DynamoDB on AWS) | ${storeMaxRssMb} MB |
| batch | ${built.itemCount} items, Rp${built.totalAmount?.toLocaleString('en')}; progress ${exported.progress?.done}/${exported.progress?.total} |
| payment file / result file | ${(bank.fileBytes / 1024 / 1024).toFixed(1)} MB / ${(resultBytes / 1024 / 1024).toFixed(1)} MB; bank: ${bank.paid} PAID, ${bank.failed} FAILED |
| reconciliation | ${reconciled.paid} PAID, ${reconciled.failed} FAILED, ${reconciled.unmatched} exceptions, completed ${reconciled.completed} |
| items seeded (3 a household), bytes a household | ${(3 * N).toLocaleString('en')}, ${seededItemBytes} |
| store on disk at the end | ${mb(storeBytes)} MB |
`);
  console.log(JSON.stringify({
    n: N, baselineMs, pipelineMs, ratio: pipelineMs / baselineMs, maxRssMb, storeMaxRssMb,
    phases: phases.map((p) => ({ name: p.name, ms: Math.round(p.ms), peakRssMb: p.peakRssMb, storeRssMb: p.store.rssMb, storeCallsPerItem: total(storeCalls(p)) / N, calls: Object.fromEntries(p.calls) })),
  }));
}
