import { PassThrough, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writePaymentFile } from '../../functions/lib/payouts/payment-file.ts';
import { parseReconciliation } from '../../functions/lib/payouts/reconciliation-file.ts';
import { simulateBank, type BankSimulation } from '../../local/bank-simulator.ts';
import { type BankPaymentRow, hasFormulaPart, PAYMENT_FILE_HEADER, type PaymentFileRow, type PosPaymentRow } from '../../shared/domain/payment-file.ts';
import { paymentReference } from '../../shared/domain/payment-reference.ts';
import { newPickupCode } from '../../shared/domain/pickup-code.ts';
import { classifyReconciliation } from '../../shared/domain/reconciliation.ts';
import { BANK_FAILURE_REASONS, POS_FAILURE_REASONS } from '../../shared/domain/reconciliation-row.ts';

async function bytesOf(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await write(out);
  return Buffer.concat(chunks);
}

const paymentFile = (rows: Iterable<PaymentFileRow> | AsyncIterable<PaymentFileRow>) => bytesOf((out) => writePaymentFile(rows, out));
const resultFile = (file: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options: BankSimulation) => bytesOf((out) => simulateBank(file, out, options));

/** Any text the file carries: one a spreadsheet could read as a formula is refused (payment-file.test.ts). */
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((name) => !hasFormulaPart(name));
const instruction = fc.oneof(
  fc.record({ method: fc.constant('BANK' as const), amount: fc.integer({ min: 1, max: 10_000_000 }), bankCode: fc.constantFrom('002', '008', '009'), accountNumber: fc.stringMatching(/^[0-9]{6,20}$/), accountName: text }),
  fc.record({ method: fc.constant('POS' as const), amount: fc.integer({ min: 1, max: 10_000_000 }), name: text, districtCode: fc.constantFrom('36.71.01', '53.71.02'), districtName: text }),
);

type Draft = Omit<BankPaymentRow, 'reference' | 'applicationReference'> | Omit<PosPaymentRow, 'reference' | 'applicationReference' | 'pickupCode'>;
async function withReferences(drafts: Draft[]): Promise<PaymentFileRow[]> {
  return Promise.all(drafts.map(async (draft, i) => ({ ...draft, reference: await paymentReference(`ent-${i}`, 1), applicationReference: `APP-${i}`, ...(draft.method === 'POS' && { pickupCode: newPickupCode() }) }) as PaymentFileRow));
}

describe('bank simulator', () => {
  it('round trip: every row of a payment file comes back exactly once, settles its instruction, and the trailer adds up', async () => {
    await fc.assert(fc.asyncProperty(fc.array(instruction, { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), async (drafts, failRate, seed) => {
      const rows = await withReferences(drafts);
      const file = await paymentFile(rows);
      const records = parse(file, { relax_column_count: true }) as string[][];
      const trailer = records.at(-1)!;
      expect(trailer).toEqual(['T', String(rows.length), String(rows.reduce((sum, r) => sum + r.amount, 0))]);
      for (const [i, row] of rows.entries()) {
        const cells = records[i + 1]!;
        const at = (column: (typeof PAYMENT_FILE_HEADER)[number]) => cells[PAYMENT_FILE_HEADER.indexOf(column)];
        expect(at('application_reference')).toBe(row.applicationReference);
        expect(row.method === 'BANK' ? at('account_name') : at('name')).toBe(row.method === 'BANK' ? row.accountName : row.name);
      }

      const { rows: results } = await parseReconciliation(await resultFile([file], { failRate, seed }));
      expect(results.map((r) => r.reference).sort()).toEqual(rows.map((r) => r.reference).sort());
      const byReference = new Map(rows.map((r) => [r.reference, r]));
      for (const result of results) {
        const row = byReference.get(result.reference)!;
        expect(result.amount).toBe(row.amount);
        if (result.result === 'FAILED') expect(row.method === 'BANK' ? BANK_FAILURE_REASONS : POS_FAILURE_REASONS).toContain(result.reason);
      }
      const outcome = classifyReconciliation('b1', results, (r) => (byReference.has(r) ? { batchId: 'b1', amount: byReference.get(r)!.amount } : undefined));
      expect(outcome.exceptions).toEqual([]);
      expect(outcome.toApply).toHaveLength(rows.length);
    }), { numRuns: 50 });
  });

  it('gives the same result file for the same file and seed, and fails about the share asked', async () => {
    const rows = await withReferences(Array.from({ length: 5_000 }, (_, i) => ({ method: 'BANK' as const, amount: 100_000 + i, bankCode: '002', accountNumber: `10000${i}`, accountName: 'Siti' })));
    const file = await paymentFile(rows);
    const once = await resultFile([file], { failRate: 0.1, seed: 7 });
    expect((await resultFile([file], { failRate: 0.1, seed: 7 })).equals(once)).toBe(true);
    expect((await resultFile([file], { failRate: 0.1, seed: 8 })).equals(once)).toBe(false);
    const failed = (await parseReconciliation(once)).rows.filter((r) => r.result === 'FAILED');
    expect(failed.length).toBeGreaterThan(400);
    expect(failed.length).toBeLessThan(600);
    expect(new Set(failed.map((r) => r.reason))).toEqual(new Set(BANK_FAILURE_REASONS));
    const none = (await parseReconciliation(await resultFile([file], { failRate: 0, seed: 7 }))).rows;
    expect(none.every((r) => r.result === 'PAID' && r.bankRef)).toBe(true);
  });

  it('refuses a payment file with a wrong header, a trailer that does not add up, no trailer, or a row after it', async () => {
    const file = (await paymentFile(await withReferences([{ method: 'BANK', amount: 5_000, bankCode: '002', accountNumber: '123456', accountName: 'Ani' }]))).toString();
    const refused = (text: string) => resultFile([Buffer.from(text)], { failRate: 0, seed: 1 });
    await expect(refused(file.replace('record_type', 'type'))).rejects.toThrow(/line 1: not a Jaring payment file header/);
    await expect(refused(file.replace('"T","1","5000"', '"T","1","6000"'))).rejects.toThrow(/the trailer says 1 rows, Rp6000; the file has 1 rows, Rp5000/);
    await expect(refused(file.replace(/"T","1","5000"\r\n$/, ''))).rejects.toThrow(/no trailer/);
    await expect(refused(`${file}T,1,5000\r\n`)).rejects.toThrow(/line 4: a row after the trailer/);
    await expect(refused(file.replace(',"5000",', ',"5.000",'))).rejects.toThrow(/line 2: not a payment row/);
  });

  it('turns 200,000 rows around, streamed, and the parser reads them all back', async () => {
    const reference = await paymentReference('ent', 1);
    async function* rows(): AsyncIterable<PaymentFileRow> {
      for (let i = 0; i < 200_000; i++) yield { method: 'BANK', reference, applicationReference: 'APP-1', amount: 150_000, bankCode: '002', accountNumber: '1234567890', accountName: 'Penerima' };
    }
    const started = performance.now();
    const file = new PassThrough();
    const [written, results] = await Promise.all([writePaymentFile(rows(), file), resultFile(file, { failRate: 0.05, seed: 3 })]);
    const simulated = performance.now();
    const parsed = await parseReconciliation(results);
    const ms = (from: number, to: number) => `${Math.round(to - from)} ms`;
    console.log(`200,000 rows: payment file ${(written.bytes / 1e6).toFixed(1)} MB and result file ${(parsed.bytes / 1e6).toFixed(1)} MB in ${ms(started, simulated)}, parsed in ${ms(simulated, performance.now())}`);
    expect(parsed.rows).toHaveLength(200_000);
  });
});
