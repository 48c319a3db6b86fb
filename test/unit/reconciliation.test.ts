import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReconciliation, splitCsvLine } from '../../functions/lib/payouts/reconciliation-file.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { paymentReference } from '../../shared/domain/payment-reference.ts';
import { classifyReconciliation, type InstructionForReconciliation, type ReconciliationException } from '../../shared/domain/reconciliation.ts';
import type { ReconciliationRow } from '../../shared/domain/reconciliation-row.ts';

const refs = await Promise.all(Array.from({ length: 6 }, (_, i) => paymentReference(`ent-${i}`, 1)));
const [A, B, C, D] = refs as [string, string, string, string];

/** The DomainError a refused file gives: its kind and problems. */
async function refusal(input: Parameters<typeof parseReconciliation>[0], limits?: Parameters<typeof parseReconciliation>[1]) {
  const error = await parseReconciliation(input, limits).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  const { kind, message, details } = error as DomainError;
  return { kind, message, problems: (details.issues as { line: number; message: string }[]).map(({ line, message }) => ({ line, message })) };
}

describe('reading a result file', () => {
  it('reads rows with their lines, in any column order and letter case, with CRLF, a UTF-8 BOM and blank lines', async () => {
    const text = `\uFEFFResult,REFERENCE,bankref,reason,amount\r\nPAID,${A},FT001,,300000\r\n\r\nFAILED,${B},,REKENING_DORMAN,\r\n`;
    const parsed = await parseReconciliation(Buffer.from(text));
    expect(parsed.rows).toEqual([
      { line: 2, reference: A, result: 'PAID', bankRef: 'FT001', amount: 300_000 },
      { line: 4, reference: B, result: 'FAILED', reason: 'REKENING_DORMAN' },
    ]);
    expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await parseReconciliation(`reference,result,bankRef\n${A},PAID,FT001\n`)).rows).toEqual([{ line: 2, reference: A, result: 'PAID', bankRef: 'FT001' }]);
  });

  it('reads a stream of chunks, quoted cells included', async () => {
    async function* chunks() {
      yield 'reference,result,bankRef,reason\n';
      yield `${A},FAILED,,"nama tidak sesuai, ""BUDI"""\n`;
    }
    expect((await parseReconciliation(chunks())).rows[0]?.reason).toBe('nama tidak sesuai, "BUDI"');
  });

  it('refuses wrong columns, naming what is wrong on line 1', async () => {
    const { kind, problems } = await refusal(`ref,result,bankRef,amount,amount\n${A},PAID,X,1,1\n`);
    expect(kind).toBe('ValidationError');
    expect(problems.map((p) => p.line)).toEqual([1, 1, 1, 1]);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/kolom "ref" tidak dikenal \/ unknown column "ref"[\s\S]*column amount appears twice[\s\S]*column reference is missing/);
  });

  it('lists every bad row with its line and reasons, Bahasa Indonesia first', async () => {
    const mistyped = A.slice(0, 5) + (A[5] === '0' ? '1' : '0') + A.slice(6);
    const lines = [
      'reference,result,bankRef,amount,reason',
      `${A},PAID,FT1,300000,`, // line 2: good
      `${mistyped},PAID,FT2,300000,`, // 3: a typo in the reference
      `J12,PAID,FT3,300000,`, // 4: not a reference
      `${B},OK,FT4,300000,`, // 5: result
      `${C},PAID,,300.000,`, // 6: no bankRef, thousands separator
      `${C},PAID,FT6,300000.00,`, // 7: decimals
      `${C},PAID,FT7,-300000,`, // 8: a formula cell
      `${D},FAILED,FT8,300000,"=HYPERLINK(""http://evil"")"`, // 9: a formula cell, quoted
      `${D},PAID,FT9,300000,`, // 10: good
      `${D},PAID,FT9`, // 11: too few columns
      `${D},PAID,@FT9,1,`, // 12: formula
      `${D},PAID,FT "9",1,`, // 13: a stray quote
      `${D},PAID,"FT9,1,`, // 14: an unclosed quote
      `${D},PAID,FT9,1,dibayar`, // 15: reason on PAID
      `${D},PAID,FT\u200b9,1,`, // 16: zero-width space
    ];
    const { problems, message } = await refusal(lines.join('\n'));
    expect(message).toMatch(/^berkas hasil ditolak: \d+ masalah, tidak ada yang diterapkan \/ the result file was refused/);
    const byLine = new Map<number, string>();
    for (const p of problems) byLine.set(p.line, `${byLine.get(p.line) ?? ''}${p.message}\n`);
    expect([...byLine.keys()]).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16]);
    expect(byLine.get(3)).toMatch(/salah ketik: karakter pemeriksanya tidak cocok \/ .* is mistyped/);
    expect(byLine.get(4)).toMatch(/bukan referensi pembayaran Jaring/);
    expect(byLine.get(5)).toMatch(/result harus PAID atau FAILED/);
    expect(byLine.get(6)).toMatch(/memerlukan bankRef[\s\S]*harus rupiah bulat/);
    expect(byLine.get(7)).toMatch(/whole rupiah in digits only/);
    expect(byLine.get(8)).toMatch(/amount diawali "-": sel berupa rumus spreadsheet ditolak \/ column amount begins with "-"/);
    expect(byLine.get(9)).toMatch(/column reason begins with "="/);
    expect(byLine.get(11)).toMatch(/ada 3 kolom, seharusnya 5/);
    expect(byLine.get(12)).toMatch(/column bankRef begins with "@"/);
    expect(byLine.get(13)).toMatch(/a quote inside a cell/);
    expect(byLine.get(14)).toMatch(/a quote is not closed on this line/);
    expect(byLine.get(15)).toMatch(/a PAID row takes no reason/);
    expect(byLine.get(16)).toMatch(/invisible or garbled/);
  });

  it('refuses UTF-16, lines that are not UTF-8, and NUL bytes, by line', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`reference,result,bankRef\n${A},PAID,X\n`, 'utf16le')]);
    expect((await refusal(utf16)).problems).toEqual([{ line: 1, message: expect.stringMatching(/UTF-16 \(Unicode\).*\/ the file is saved as UTF-16/) }]);
    const noBom = Buffer.from(`reference,result,bankRef\n${A},PAID,X\n`, 'utf16le');
    expect((await refusal(noBom)).problems.map((p) => p.line)).toEqual([1, 2, 3]);
    const latin1 = Buffer.from(`reference,result,bankRef,reason\n${A},PAID,X,\n${B},FAILED,,nama tidak sesuai: Jos\xe9\n`, 'latin1');
    expect((await refusal(latin1)).problems).toEqual([{ line: 3, message: expect.stringMatching(/bukan teks UTF-8.*ANSI\/Windows-1252/) }]);
    expect((await refusal(`reference,result,bankRef\n${A},PAID,X\uFFFD\n`)).problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/garbled/) });
  });

  it('refuses a file over the byte cap, reading no further, and one over the row cap', async () => {
    let read = 0;
    async function* endless() {
      yield 'reference,result,bankRef\n';
      for (;;) {
        read += 1;
        yield `${A},PAID,FT1\n`;
      }
    }
    const big = await refusal(endless(), { maxBytes: 1024 * 1024, maxRows: 1_000_000, maxProblems: 10 });
    expect(big.kind).toBe('PayloadTooLarge');
    expect(big.problems[0]?.message).toMatch(/lebih besar dari 1 MiB \(batas tercapai di baris \d+\)/);
    expect(read).toBeLessThanOrEqual(Math.ceil((1024 * 1024) / `${A},PAID,FT1\n`.length));
    const rows = `reference,result,bankRef\n${`${A},PAID,FT1\n`.repeat(11)}`;
    const many = await refusal(rows, { maxBytes: 1e6, maxRows: 10, maxProblems: 10 });
    expect(many).toMatchObject({ kind: 'PayloadTooLarge', problems: [{ line: 12, message: expect.stringMatching(/lebih dari 10 baris/) }] });
  });

  it('refuses an empty file, and one with a header only', async () => {
    expect((await refusal('')).problems).toEqual([{ line: 1, message: 'berkas kosong / the file is empty' }]);
    expect((await refusal('reference,result,bankRef\n')).problems[0]?.line).toBe(2);
  });

  it('caps the problems listed, and still counts them all', async () => {
    const { problems, message } = await refusal(`reference,result,bankRef\n${'x,y,z\n'.repeat(500)}`, { maxBytes: 1e6, maxRows: 1000, maxProblems: 20 });
    expect(problems).toHaveLength(20);
    expect(message).toMatch(/^berkas hasil ditolak: 1000 masalah/);
  });

  it('splits any line csv-stringify writes back into the same cells, quoted as needed or every cell quoted (as the payment file is)', () => {
    fc.assert(fc.property(fc.array(fc.string().filter((s) => !/[\r\n]/.test(s)), { minLength: 1, maxLength: 6 }), fc.boolean(), (cells, quoteAll) => {
      fc.pre(quoteAll || !(cells.length === 1 && cells[0] === ''));
      expect(splitCsvLine(stringify([cells], { record_delimiter: '', quoted_string: quoteAll }))).toEqual(cells);
    }));
  });
});

describe('classifying a result file', () => {
  const row = (line: number, reference: string, result: 'PAID' | 'FAILED', extra: Partial<ReconciliationRow> = {}): ReconciliationRow => ({
    line, reference, result, ...(result === 'PAID' && { bankRef: `FT${line}` }), ...extra,
  });
  /** A batch `b1` of four instructions awaiting results, and one of batch `b2`; applying records settlements. */
  function ledger() {
    const instructions = new Map<string, InstructionForReconciliation>(refs.slice(0, 4).map((r) => [r, { batchId: 'b1', amount: 300_000 }]));
    instructions.set(refs[4]!, { batchId: 'b2', amount: 300_000 });
    const exceptions = new Map<string, ReconciliationException>();
    const upload = (rows: ReconciliationRow[]) => {
      const outcome = classifyReconciliation('b1', rows, (r) => instructions.get(r));
      for (const r of outcome.toApply) instructions.set(r.reference, { ...instructions.get(r.reference)!, settlement: { result: r.result, ...(r.bankRef && { bankRef: r.bankRef }) } });
      const fresh = outcome.exceptions.filter((e) => !exceptions.has(e.key));
      for (const e of fresh) exceptions.set(e.key, e);
      return { ...outcome, fresh };
    };
    return { instructions, upload };
  }

  it('applies rows of this batch that await a result', () => {
    const { upload } = ledger();
    const outcome = upload([row(2, A, 'PAID', { amount: 300_000 }), row(3, B, 'FAILED', { reason: 'REKENING_DITUTUP' })]);
    expect(outcome.toApply.map((r) => r.reference)).toEqual([A, B]);
    expect(outcome.exceptions).toEqual([]);
  });

  it('gives each exception kind, with line, reference and a bilingual detail', () => {
    const { upload } = ledger();
    upload([row(2, A, 'PAID'), row(3, B, 'FAILED')]);
    const unknown = 'J0000000000000' + '00';
    const outcome = upload([
      row(2, unknown, 'PAID'),
      row(3, refs[4]!, 'PAID'),
      row(4, C, 'PAID', { amount: 250_000 }),
      row(5, A, 'PAID', { bankRef: 'FT-OTHER' }),
      row(6, B, 'PAID'),
      row(7, D, 'PAID'),
      row(8, D, 'PAID'),
    ]);
    const kinds = outcome.exceptions.map((e) => [e.line, e.kind]);
    expect(kinds).toEqual([[2, 'UNKNOWN_REFERENCE'], [3, 'OTHER_BATCH'], [4, 'AMOUNT_MISMATCH'], [5, 'CONFLICTS_WITH_SETTLED'], [6, 'CONFLICTS_WITH_SETTLED'], [7, 'DUPLICATE_ROW'], [8, 'DUPLICATE_ROW']]);
    expect(outcome.exceptions[2]).toMatchObject({ reference: C, detail: 'nominal di berkas Rp250000, instruksi Rp300000 / the file says Rp250000, the instruction Rp300000' });
    expect(outcome.toApply).toEqual([]);
  });

  it('applies the first of identical rows and lists the others; applies none of rows that disagree', () => {
    const { upload } = ledger();
    const same = upload([row(2, A, 'PAID', { bankRef: 'FT9' }), row(3, A, 'PAID', { bankRef: 'FT9' })]);
    expect(same.toApply.map((r) => r.line)).toEqual([2]);
    expect(same.exceptions.map((e) => [e.line, e.kind])).toEqual([[3, 'DUPLICATE_ROW']]);
    const differ = upload([row(2, B, 'PAID'), row(3, B, 'FAILED')]);
    expect(differ.toApply).toEqual([]);
    expect(differ.exceptions.map((e) => [e.line, e.kind])).toEqual([[2, 'DUPLICATE_ROW'], [3, 'DUPLICATE_ROW']]);
    expect(differ.exceptions[0]?.detail).toMatch(/none is applied/);
  });

  it('records a PAID instruction reported FAILED as a reversal, not as a settlement', () => {
    const { upload } = ledger();
    upload([row(2, A, 'PAID')]);
    expect(upload([row(2, A, 'FAILED', { reason: 'REKENING_DITUTUP' })]).exceptions.map((e) => e.kind)).toEqual(['REVERSAL']);
  });

  it('changes nothing when the same file comes twice, exceptions included', () => {
    const { upload } = ledger();
    const file = [row(2, A, 'PAID'), row(3, B, 'FAILED'), row(4, B, 'FAILED'), row(5, 'J0000000000000' + '00', 'PAID'), row(6, C, 'PAID', { amount: 1 })];
    const first = upload(file);
    expect(first.toApply).toHaveLength(2);
    expect(first.fresh).toHaveLength(3);
    const again = upload(file);
    expect(again.toApply).toEqual([]);
    expect(again.unchanged.map((r) => r.line)).toEqual([2, 3]);
    expect(again.fresh).toEqual([]);
  });

  it('adds partial files up, whatever their order and overlap', () => {
    fc.assert(fc.property(fc.array(fc.subarray([0, 1, 2, 3]), { minLength: 1, maxLength: 5 }), (parts) => {
      const { upload, instructions } = ledger();
      const result = (i: number) => (i % 2 ? 'FAILED' : 'PAID');
      for (const part of parts) {
        const outcome = upload(part.map((i, line) => row(line + 2, refs[i]!, result(i), { bankRef: `FT${i}` })));
        expect(outcome.exceptions).toEqual([]);
      }
      const covered = new Set(parts.flat());
      for (const [i, r] of refs.slice(0, 4).entries()) expect(instructions.get(r)?.settlement).toEqual(covered.has(i) ? { result: result(i), bankRef: `FT${i}` } : undefined);
    }));
  });
});
