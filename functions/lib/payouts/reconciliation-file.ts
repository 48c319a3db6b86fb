/**
 * Reads a bank's result file (rows as in `shared/domain/reconciliation-row.ts`) strictly: the whole file is checked
 * before anything is applied, and a file with any problem is refused with every problem found (`issues`), by line (up to
 * `maxProblems`). Refused outright, before the rows are read: a file over `maxBytes` (read no further than that) or
 * `maxRows`, UTF-16 (what Excel's "Unicode text" saves), and lines that are not UTF-8 (a file saved as ANSI /
 * Windows-1252). A UTF-8 BOM (Excel's "CSV UTF-8") is accepted. Cells cannot span lines, so every line is a record
 * and each problem names the line the officer sees in an editor.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../../../shared/domain/errors.ts';
import { type FileProblem, type ReconciliationRow, readResultHeader, readResultRow } from '../../../shared/domain/reconciliation-row.ts';
import { bilingual } from '../../../shared/domain/bilingual.ts';

export interface ReconciliationLimits {
  maxBytes: number;
  maxRows: number;
  maxProblems: number;
}
/** 250,000 rows of about 60 bytes fit well within 16 MiB; a city's batch is far smaller. */
export const RECONCILIATION_LIMITS: ReconciliationLimits = { maxBytes: 16 * 1024 * 1024, maxRows: 250_000, maxProblems: 200 };

export interface ParsedReconciliation {
  rows: ReconciliationRow[];
  /** Hex SHA-256 of the bytes as uploaded, for the audit trail. */
  sha256: string;
  bytes: number;
}

export type ReconciliationInput = string | Uint8Array | AsyncIterable<Uint8Array | string>;


/** A refusal in the API's shape: `issues` as every 400 names them, each with its line (`path` says it in words). */
function refuse(problems: FileProblem[], total: number, kind: 'ValidationError' | 'PayloadTooLarge' = 'ValidationError'): never {
  throw new DomainError(kind, bilingual(
    `berkas hasil ditolak: ${total} masalah, tidak ada yang diterapkan`,
    `the result file was refused: ${total} problem${total === 1 ? '' : 's'}, nothing was applied`,
  ), { issues: problems.map(({ line, message }) => ({ path: `line ${line}`, line, message })), problemCount: total });
}

const countLines = (bytes: Uint8Array) => bytes.reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);

async function readCapped(input: ReconciliationInput, maxBytes: number): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = typeof input === 'string' || input instanceof Uint8Array ? [input] : input;
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    parts.push(bytes);
    size += bytes.length;
    if (size > maxBytes) {
      const line = countLines(Buffer.concat(parts).subarray(0, maxBytes));
      const mib = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
      refuse([{ line, message: bilingual(`berkas lebih besar dari ${mib} MiB (batas tercapai di baris ${line}): bagi menjadi beberapa berkas`, `the file is larger than ${mib} MiB (the limit is reached on line ${line}): split it into several files`) }], 1, 'PayloadTooLarge');
    }
  }
  return Buffer.concat(parts);
}

/** The text of a UTF-8 file, or every line that is not UTF-8. */
function decode(bytes: Uint8Array, maxProblems: number): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    refuse([{ line: 1, message: bilingual('berkas tersimpan sebagai UTF-16 (Unicode): simpan ulang sebagai "CSV UTF-8"', 'the file is saved as UTF-16 (Unicode): save it again as "CSV UTF-8"') }], 1);
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    if (!body.includes(0)) return decoder.decode(body);
  } catch {
    // Found below, line by line.
  }
  const problems: FileProblem[] = [];
  let total = 0;
  let start = 0;
  for (let line = 1; start <= body.length; line++) {
    const end = body.indexOf(0x0a, start) < 0 ? body.length : body.indexOf(0x0a, start);
    const bytesOfLine = body.subarray(start, end);
    let message: string | undefined;
    if (bytesOfLine.includes(0)) message = bilingual('baris berisi byte NUL: berkas UTF-16 atau bukan teks', 'the line contains NUL bytes: a UTF-16 or binary file');
    else {
      try {
        decoder.decode(bytesOfLine);
      } catch {
        message = bilingual('baris bukan teks UTF-8 (mungkin tersimpan sebagai ANSI/Windows-1252): simpan ulang sebagai "CSV UTF-8"', 'the line is not UTF-8 text (perhaps saved as ANSI/Windows-1252): save it again as "CSV UTF-8"');
      }
    }
    if (message && ++total <= maxProblems) problems.push({ line, message });
    start = end + 1;
  }
  return refuse(problems, total);
}

/**
 * The cells of one line under RFC 4180 (quoted cells with `""` for a quote), or why it is not CSV. One line is one
 * record here: a quoted cell cannot hold a line break, so an unclosed quote is that line's problem, not a reason to
 * read the next lines as its continuation.
 */
export function splitCsvLine(line: string): string[] | string {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      for (i += 1; ; ) {
        const quote = line.indexOf('"', i);
        if (quote < 0) return bilingual('tanda kutip tidak ditutup di baris ini (isi sel tidak boleh berganti baris)', 'a quote is not closed on this line (a cell cannot span lines)');
        value += line.slice(i, quote);
        i = quote + 1;
        if (line[i] !== '"') break;
        value += '"';
        i += 1;
      }
      cells.push(value);
      if (i === line.length) return cells;
      if (line[i] !== ',') return bilingual(`ada karakter "${line[i]}" setelah tanda kutip penutup`, `"${line[i]}" follows a closing quote`);
      i += 1;
    } else {
      const comma = line.indexOf(',', i);
      const value = line.slice(i, comma < 0 ? line.length : comma);
      if (value.includes('"')) return bilingual('tanda kutip di tengah sel: apit seluruh sel dengan kutip dan gandakan kutip di dalamnya', 'a quote inside a cell: quote the whole cell and double the quotes inside');
      cells.push(value);
      if (comma < 0) return cells;
      i = comma + 1;
    }
  }
}

/** The rows of a result file, or a DomainError (400, or 413 over the size caps) listing its problems by line. */
export async function parseReconciliation(input: ReconciliationInput, limits: ReconciliationLimits = RECONCILIATION_LIMITS): Promise<ParsedReconciliation> {
  const bytes = await readCapped(input, limits.maxBytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const lines = decode(bytes, limits.maxProblems).split('\n');

  const problems: FileProblem[] = [];
  let total = 0;
  const problem = (line: number, message: string) => {
    if (++total <= limits.maxProblems) problems.push({ line, message });
  };
  const rows: ReconciliationRow[] = [];
  let columns: Parameters<typeof readResultRow>[1] | undefined;
  let records = 0;
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!text.trim()) continue;
    if (++records > limits.maxRows + 1) {
      refuse([{ line, message: bilingual(`lebih dari ${limits.maxRows} baris hasil: bagi menjadi beberapa berkas`, `more than ${limits.maxRows} result rows: split the file`) }], 1, 'PayloadTooLarge');
    }
    const split = splitCsvLine(text);
    if (typeof split === 'string') {
      problem(line, split);
      if (!columns) break;
      continue;
    }
    const cells = split.map((cell) => cell.trim());
    if (!columns) {
      const header = readResultHeader(cells);
      if ('problems' in header) {
        header.problems.forEach((message) => problem(line, message));
        break;
      }
      columns = header.columns;
      continue;
    }
    const read = readResultRow(line, columns, cells);
    if ('problems' in read) read.problems.forEach((message) => problem(line, message));
    else rows.push(read.row);
  }
  if (!columns && !total) problem(1, bilingual('berkas kosong', 'the file is empty'));
  else if (columns && !rows.length && !total) problem(2, bilingual('berkas tidak berisi baris hasil', 'the file has no result rows'));
  if (total) refuse(problems, total);
  return { rows, sha256, bytes: bytes.length };
}
