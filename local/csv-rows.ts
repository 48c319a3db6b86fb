import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { RegistryRow } from '../shared/use-cases/import-registry.ts';

/** Streams a CSV file with a header row as records with their line numbers (csv-parse, so quoting is right). */
export async function* csvRows(file: string): AsyncIterable<RegistryRow> {
  const parser = createReadStream(file).pipe(
    parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true, info: true, bom: true }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: info.lines, record };
  }
}
