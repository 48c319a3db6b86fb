/**
 * The local bank (and post office), for `npm start` and the tests only: it reads a payment file (layout in
 * `shared/domain/payment-file.ts`), refuses it as a bank would when its header or trailer is wrong, and answers with
 * a result file (`reference,result,bankRef,amount,reason`) in which about `failRate` of the rows FAILED, with the
 * reasons real transfers fail for. The same file and seed always give the same result file, so tests repeat.
 *
 * Each result row quotes the payment reference, or with `quote: 'application'` the application reference (as a post
 * office that works from the applicants' own slips does); reconciliation takes either.
 *
 *   npm run bank:simulate -- payment.csv result.csv [--fail-rate 0.05] [--seed 1] [--quote application]
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { DETAIL_RECORD, PAYMENT_FILE_HEADER, TRAILER_RECORD, parseRupiah, type PaymentFileTotals } from '../shared/domain/payment-file.ts';
import { BANK_FAILURE_REASONS, POS_FAILURE_REASONS, RESULT_COLUMNS } from '../shared/domain/reconciliation-row.ts';

export interface BankSimulation {
  /** Share of rows that fail, 0 to 1. */
  failRate: number;
  seed: number;
  /** Which reference the result rows quote: the payment's (the default) or the application's. */
  quote?: 'payment' | 'application';
}

export interface SimulatedResults extends PaymentFileTotals {
  paid: number;
  failed: number;
}

/** mulberry32: a small seeded generator; nothing here needs more than repeatable, evenly spread draws. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const column = (name: (typeof PAYMENT_FILE_HEADER)[number]) => PAYMENT_FILE_HEADER.indexOf(name);

/** Reads `paymentFile` and streams the result file to `results` (and ends it). Rejects a malformed payment file. */
export async function simulateBank(paymentFile: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, results: Writable, options: BankSimulation): Promise<SimulatedResults> {
  if (!(options.failRate >= 0 && options.failRate <= 1)) throw new RangeError(`failRate must be between 0 and 1, got ${options.failRate}`);
  const random = seededRandom(options.seed);
  const seen: SimulatedResults = { rowCount: 0, controlTotal: 0, paid: 0, failed: 0 };
  const records = parse({ bom: true, relax_column_count: true, info: true });
  // A read error ends the iteration below with that error; this promise's own rejection says the same.
  pipeline(paymentFile, records).catch(() => undefined);

  async function* answer() {
    yield [...RESULT_COLUMNS];
    let trailer: PaymentFileTotals | undefined;
    for await (const { record, info } of records as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const where = `payment file line ${info.lines}`;
      if (info.lines === 1) {
        if (record.join(',') !== PAYMENT_FILE_HEADER.join(',')) throw new Error(`${where}: not a Jaring payment file header`);
        continue;
      }
      if (trailer) throw new Error(`${where}: a row after the trailer`);
      if (record[0] === TRAILER_RECORD) {
        trailer = { rowCount: Number(record[1]), controlTotal: Number(record[2]) };
        continue;
      }
      const reference = record[column(options.quote === 'application' ? 'application_reference' : 'reference')] ?? '';
      const method = record[column('method')];
      const amount = parseRupiah(record[column('amount')] ?? '');
      if (record[0] !== DETAIL_RECORD || record.length !== PAYMENT_FILE_HEADER.length || amount === undefined || (method !== 'BANK' && method !== 'POS')) {
        throw new Error(`${where}: not a payment row`);
      }
      seen.rowCount += 1;
      seen.controlTotal += amount;
      const bankRef = `SIM${options.seed}-${String(seen.rowCount).padStart(7, '0')}`;
      if (random() < options.failRate) {
        const reasons = method === 'BANK' ? BANK_FAILURE_REASONS : POS_FAILURE_REASONS;
        seen.failed += 1;
        yield [reference, 'FAILED', bankRef, String(amount), reasons[Math.floor(random() * reasons.length)]!];
      } else {
        seen.paid += 1;
        yield [reference, 'PAID', bankRef, String(amount), ''];
      }
    }
    // A bank checks the trailer against what it read before it pays; here the results are already written, so the
    // caller gets the refusal instead of a result file.
    if (!trailer) throw new Error('payment file: no trailer');
    if (trailer.rowCount !== seen.rowCount || trailer.controlTotal !== seen.controlTotal) {
      throw new Error(`payment file: the trailer says ${trailer.rowCount} rows, Rp${trailer.controlTotal}; the file has ${seen.rowCount} rows, Rp${seen.controlTotal}`);
    }
  }
  await pipeline(Readable.from(answer()), stringify({ record_delimiter: 'windows' }), results);
  return seen;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'fail-rate': { type: 'string', default: '0.05' }, seed: { type: 'string', default: '1' }, quote: { type: 'string', default: 'payment' } },
  });
  const [input, output] = positionals;
  const failRate = Number(values['fail-rate']);
  const seed = Number(values.seed);
  const quote = values.quote;
  if (!input || !output || !Number.isFinite(failRate) || !Number.isSafeInteger(seed) || (quote !== 'payment' && quote !== 'application')) {
    console.error('Usage: npm run bank:simulate -- <payment.csv> <result.csv> [--fail-rate 0.05] [--seed 1] [--quote payment|application]');
    process.exit(2);
  }
  // Written aside and renamed when whole, so a refused payment file leaves no partial result file to upload.
  const partial = `${output}.part`;
  try {
    const summary = await simulateBank(createReadStream(input), createWriteStream(partial), { failRate, seed, quote });
    await rename(partial, output);
    console.log(`${summary.rowCount} rows (Rp${summary.controlTotal}): ${summary.paid} PAID, ${summary.failed} FAILED -> ${output}`);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
