import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writePaymentFile } from '../../functions/lib/payouts/payment-file.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { PAYMENT_FILE_HEADER, parseRupiah, paymentFileRecord, type PaymentFileRow } from '../../shared/domain/payment-file.ts';
import { CODE_ALPHABET, checkCharacter, hasValidCheck, isPaymentReference, paymentReference, paymentReferenceProblem } from '../../shared/domain/payment-reference.ts';
import { displayPickupCode, isPickupCode, newPickupCode, readPickupCode } from '../../shared/domain/pickup-code.ts';

/** Collects what a stream writes. */
function sink() {
  const chunks: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); } });
  return { out, bytes: () => Buffer.concat(chunks) };
}

const bankRow = async (i: number, overrides: Partial<PaymentFileRow> = {}): Promise<PaymentFileRow> => ({
  method: 'BANK', reference: await paymentReference(`ent-${i}`, 1), applicationReference: `APP-${i}`, amount: 300_000, bankCode: '002', accountNumber: '1234567890', accountName: 'Siti Aminah', ...overrides,
} as PaymentFileRow);
const posRow = async (i: number): Promise<PaymentFileRow> => ({
  method: 'POS', reference: await paymentReference(`ent-${i}`, 1), applicationReference: `APP-${i}`, amount: 200_000, name: 'Budi, "Pak" Santoso', districtCode: '36.71.01', districtName: 'Tangerang', pickupCode: newPickupCode(),
});

describe('payment references', () => {
  it('are 16 characters, derived from the entitlement and its attempt, with a valid check character', async () => {
    const first = await paymentReference('ent-1', 1);
    expect(first).toMatch(/^J[0-9A-HJKMNP-TV-Y]{15}$/);
    expect(await paymentReference('ent-1', 1)).toBe(first);
    expect(await paymentReference('ent-1', 2)).not.toBe(first);
    expect(await paymentReference('ent-2', 1)).not.toBe(first);
    expect(isPaymentReference(first)).toBe(true);
    await expect(paymentReference('ent-1', 0)).rejects.toThrow(RangeError);
  });

  const references = fc.tuple(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 1000 })).map(([id, attempt]) => ({ id, attempt }));
  const otherCharacter = (char: string, pick: number) => CODE_ALPHABET.replace(char, '')[pick % (CODE_ALPHABET.length - 1)]!;

  it('catch every single-character substitution', async () => {
    await fc.assert(fc.asyncProperty(references, fc.nat(15), fc.nat(), async ({ id, attempt }, at, pick) => {
      const reference = await paymentReference(id, attempt);
      const typo = reference.slice(0, at) + otherCharacter(reference[at]!, pick) + reference.slice(at + 1);
      expect(paymentReferenceProblem(typo)).not.toBeUndefined();
    }));
  });

  it('catch every swap of two adjacent different characters', async () => {
    await fc.assert(fc.asyncProperty(references, fc.nat(14), async ({ id, attempt }, at) => {
      const reference = await paymentReference(id, attempt);
      fc.pre(reference[at] !== reference[at + 1]);
      const swapped = reference.slice(0, at) + reference[at + 1] + reference[at] + reference.slice(at + 2);
      expect(paymentReferenceProblem(swapped)).not.toBeUndefined();
    }));
  });

  it('the check character works on any body of the alphabet, every position and every wrong character', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...CODE_ALPHABET), { minLength: 1, maxLength: 29 }).map((c) => c.join('')), (body) => {
      const code = body + checkCharacter(body);
      expect(hasValidCheck(code)).toBe(true);
      for (let at = 0; at < code.length; at++) {
        for (const wrong of CODE_ALPHABET.replace(code[at]!, '')) expect(hasValidCheck(code.slice(0, at) + wrong + code.slice(at + 1))).toBe(false);
      }
    }));
  });

  it('tell a wrong shape from a wrong check character', () => {
    expect(paymentReferenceProblem('J123')).toBe('shape');
    expect(paymentReferenceProblem('j0000000000000000'.slice(0, 16))).toBe('shape');
    expect(paymentReferenceProblem('JOOOOOOOOOOOOOOO')).toBe('shape');
    const body = 'J00000000000000';
    const wrong = CODE_ALPHABET.replace(checkCharacter(body), '')[0]!;
    expect(paymentReferenceProblem(body + wrong)).toBe('check');
  });
});

describe('pickup codes', () => {
  it('are random, checked, and read back from the printed form', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => newPickupCode()));
    expect(codes.size).toBe(10_000);
    for (const code of [...codes].slice(0, 100)) {
      expect(isPickupCode(code)).toBe(true);
      expect(readPickupCode(` ${displayPickupCode(code).toLowerCase()} `)).toBe(code);
      const typo = code.slice(0, 3) + (code[3] === '7' ? '8' : '7') + code.slice(4);
      expect(readPickupCode(typo)).toBeUndefined();
    }
    expect(displayPickupCode('7K3QM9XH2C4T')).toBe('7K3Q-M9XH-2C4T');
  });
});

/** What a spreadsheet shows a cell beginning with: it drops leading spaces and quotes. */
const FORMULA = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
const readsAsFormula = (cell: string) => FORMULA.test(cell.replace(/^[\s"]+/, ''));
/** The list separators a spreadsheet may be set to, and the line breaks that end its rows. */
const SEPARATORS = [',', ';', '\t', '|'];

/** The cells a spreadsheet that ignores quotes sees. */
const naiveCells = (file: string, separator: string) => file.split(/\r\n|\r|\n/).flatMap((line) => line.split(separator));

/** The cells a quote-aware spreadsheet sees: a quote opens or closes quoting, `""` inside quotes is one quote. */
function quoteAwareCells(file: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < file.length; i++) {
    const char = file[i]!;
    if (char === '"') {
      if (quoted && file[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else quoted = !quoted;
    } else if (!quoted && (char === separator || char === '\r' || char === '\n')) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  return [...cells, cell];
}

/**
 * Names built from the characters that matter here, weighted so that about half the files are written (and a
 * seventh hold separators and formula characters the guard lets through) and half refused.
 */
const hostileName = fc.string({
  unit: fc.oneof(
    { arbitrary: fc.constantFrom('B', 'u', 'd', 'i', ' ', "'", '('), weight: 6 },
    { arbitrary: fc.constantFrom(';', ',', '\t', '|', '\r', '\n', '"'), weight: 2 },
    { arbitrary: fc.constantFrom('=', '+', '-', '@', '\uFF1D'), weight: 1 },
  ),
  minLength: 1,
  maxLength: 12,
});

const [ACCOUNT_NAME, NAME, DISTRICT_NAME] = (['account_name', 'name', 'district_name'] as const).map((c) => PAYMENT_FILE_HEADER.indexOf(c)) as [number, number, number];

describe('formula injection', () => {
  it('refuses an account name that a spreadsheet splitting on ";" (Indonesian Excel) opens as a formula, naming the application', async () => {
    const row = await bankRow(7, { accountName: "Budi;=cmd|'/C calc'!A0" } as Partial<PaymentFileRow>);
    const refusal = await writePaymentFile([await bankRow(1), row], sink().out).then(() => undefined, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: 'ValidationError', details: { applicationReference: 'APP-7', reference: row.reference, field: 'account_name' } });
    expect((refusal as Error).message).toMatch(/^Nama pemilik rekening pada permohonan APP-7 .* \/ The account holder name of application APP-7 /);
  });

  it('checks the application reference column like every other cell', async () => {
    const row = await bankRow(3, { applicationReference: '=HYPERLINK("x")' } as Partial<PaymentFileRow>);
    await expect(writePaymentFile([row], sink().out)).rejects.toMatchObject({ kind: 'ValidationError', details: { field: 'application_reference' } });
  });

  it('refuses a formula at the start of a cell or after any separator, and writes every other name exactly', async () => {
    for (const name of ['=1+1', '+62 Budi', '-Budi', '@SUM(A1)', ' =1', '"=1', '＝1', 'Budi,=1', 'Budi, -1', 'Budi\t@x', 'Budi|+1', 'Budi;"=1', 'Budi\n=1', 'Budi;＝1']) {
      await expect(writePaymentFile([await bankRow(1, { accountName: name } as Partial<PaymentFileRow>)], sink().out), name).rejects.toThrow(/permohonan APP-1/);
    }
    for (const name of ['Siti-Aminah', 'Budi, Jr.', 'A. Rahman; S.H.', 'Budi (+62)', "O'Brien", 'Budi;\'=1']) {
      const { out, bytes } = sink();
      await writePaymentFile([await bankRow(1, { accountName: name } as Partial<PaymentFileRow>)], out);
      expect((parse(bytes(), { relax_column_count: true }) as string[][])[1]![PAYMENT_FILE_HEADER.indexOf('account_name')]).toBe(name);
    }
  });

  it('leaves no cell beginning with a formula character, whatever the list separator and whether quotes are honoured', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), hostileName, hostileName), { minLength: 1, maxLength: 3 }), async (drafts) => {
      const rows = await Promise.all(drafts.map(async ([bank, name, district], i) => (bank
        ? bankRow(i, { accountName: name } as Partial<PaymentFileRow>)
        : { ...(await posRow(i)), name, districtName: district })));
      const { out, bytes } = sink();
      const written = await writePaymentFile(rows, out).then(() => true, (error: unknown) => {
        expect(error).toBeInstanceOf(DomainError);
        return false;
      });
      const names = rows.flatMap((row) => (row.method === 'BANK' ? [row.accountName] : [row.name, row.districtName]));
      // Refused only when some name, split on some separator, would show a formula.
      const dangerous = names.some((name) => SEPARATORS.some((separator) => naiveCells(name, separator).some(readsAsFormula)));
      expect(written).toBe(!dangerous);
      if (!written) return;
      const file = bytes().toString('utf8');
      for (const separator of SEPARATORS) {
        expect(naiveCells(file, separator).filter(readsAsFormula)).toEqual([]);
        expect(quoteAwareCells(file, separator).filter(readsAsFormula)).toEqual([]);
      }
      const records = parse(file, { relax_column_count: true }) as string[][];
      expect(records.slice(1, -1).flatMap((cells, i) => (rows[i]!.method === 'BANK' ? [cells[ACCOUNT_NAME]] : [cells[NAME], cells[DISTRICT_NAME]]))).toEqual(names);
    }), { numRuns: 300 });
  });

  it('quotes every cell, so no quote-aware spreadsheet splits inside a field whatever its separator', async () => {
    const { out, bytes } = sink();
    await writePaymentFile([await bankRow(1, { accountName: 'A. Rahman; S.H.' } as Partial<PaymentFileRow>)], out);
    const lines = bytes().toString('utf8').split('\r\n');
    expect(lines[0]).toBe(PAYMENT_FILE_HEADER.map((name) => `"${name}"`).join(','));
    expect(lines[1]).toMatch(/^"D","J[0-9A-Z]{15}","APP-1","BANK","300000","002","1234567890","A\. Rahman; S\.H\.","","","",""$/);
    expect(lines[2]).toBe('"T","1","300000"');
  });
});

describe('amounts', () => {
  it('are whole rupiah in digits only', () => {
    expect(parseRupiah('300000')).toBe(300_000);
    for (const text of ['', '0', '0300000', '300.000', '300,000', '300000.00', '-300000', '+300000', ' 300000', '3e5', '1234567890123456']) expect(parseRupiah(text)).toBeUndefined();
  });
});

describe('payment file', () => {
  it('has a header, one row per instruction with its method\'s cells, and a trailer with count and control total', async () => {
    const rows = [await bankRow(1, { accountName: 'Siti "Ani" Aminah' } as Partial<PaymentFileRow>), await posRow(2)];
    const { out, bytes } = sink();
    const summary = await writePaymentFile(rows, out);
    const text = bytes().toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const records = parse(text, { relax_column_count: true }) as string[][];
    expect(records[0]).toEqual([...PAYMENT_FILE_HEADER]);
    expect(records[1]).toEqual(['D', rows[0]!.reference, 'APP-1', 'BANK', '300000', '002', '1234567890', 'Siti "Ani" Aminah', '', '', '', '']);
    const pos = rows[1] as Extract<PaymentFileRow, { method: 'POS' }>;
    expect(records[2]).toEqual(['D', pos.reference, 'APP-2', 'POS', '200000', '', '', '', 'Budi, "Pak" Santoso', '36.71.01', 'Tangerang', pos.pickupCode]);
    expect(records[3]).toEqual(['T', '2', '500000']);
    expect(records).toHaveLength(4);
    expect(summary).toEqual({ rowCount: 2, controlTotal: 500_000, bytes: bytes().length, sha256: createHash('sha256').update(bytes()).digest('hex') });
  });

  it('refuses a row it must not carry, and reports no file', async () => {
    for (const bad of [{ amount: 1.5 }, { amount: 0 }, { reference: 'J000' }, { accountNumber: '' }] as Partial<PaymentFileRow>[]) {
      await expect(writePaymentFile([await bankRow(1), await bankRow(2, bad)], sink().out)).rejects.toThrow(RangeError);
    }
    const pos = { ...(await posRow(1)), pickupCode: 'AAAA' } as PaymentFileRow;
    expect(() => paymentFileRecord(pos)).toThrow(/pickup code/);
  });

  it('streams 200,000 rows with the memory in use growing by a few MB at most, not by the file', async () => {
    // A collection before each sample, so that garbage not yet collected does not count as growth.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const reference = await paymentReference('ent', 1);
    const pickupCode = newPickupCode();
    // Buffers live outside the JS heap: count them too.
    const used = () => {
      const { heapUsed, external } = process.memoryUsage();
      return heapUsed + external;
    };
    let peak = 0;
    gc();
    const before = used();
    async function* rows(): AsyncIterable<PaymentFileRow> {
      for (let i = 0; i < 200_000; i++) {
        if (i % 20_000 === 0) {
          gc();
          peak = Math.max(peak, used() - before);
        }
        yield i % 2
          ? { method: 'BANK', reference, applicationReference: 'APP-1', amount: 150_000 + i, bankCode: '008', accountNumber: String(1_000_000_000 + i), accountName: `Penerima Bantuan ${i}` }
          : { method: 'POS', reference, applicationReference: 'APP-1', amount: 150_000 + i, name: `Penerima Bantuan ${i}`, districtCode: '36.71.01', districtName: 'Tangerang', pickupCode };
      }
    }
    let bytes = 0;
    const out = new Writable({ highWaterMark: 64 * 1024, write(chunk: Buffer, _e, done) { bytes += chunk.length; setImmediate(done); } });
    const summary = await writePaymentFile(rows(), out);
    expect(summary.rowCount).toBe(200_000);
    expect(summary.controlTotal).toBe(200_000 * 150_000 + (199_999 * 200_000) / 2);
    expect(summary.bytes).toBe(bytes);
    console.log(`payment file: ${(bytes / 1e6).toFixed(1)} MB written, memory in use grew at most ${(peak / 1e6).toFixed(1)} MB`);
    // The file is about 16 MB: holding it, or its rows (more), would show here.
    expect(peak).toBeLessThan(bytes / 4);
  });
});
