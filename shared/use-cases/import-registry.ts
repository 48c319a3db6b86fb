import type { Registry, RegistryRecord } from '../ports/index.ts';
import type { RegionCodes } from '../schemas/application.ts';
import { registryRowSchema } from '../schemas/registry.ts';

export interface RegistryRow {
  /** Line number in the source file, for the report. */
  line: number;
  record: Record<string, string>;
}

export interface ImportReport {
  rows: number;
  imported: number;
  rejected: { line: number; reasons: string[] }[];
}

const BATCH = 500;

/**
 * Imports registry rows: every row is validated, bad rows are reported with their line and reasons and
 * skipped, good rows are written in batches. Writing replaces an entry for the same NIK, so importing the same
 * file again changes nothing. A NIK twice in one file keeps its first row and reports the later one.
 */
export async function importRegistry(registry: Registry, regions: RegionCodes, rows: AsyncIterable<RegistryRow>): Promise<ImportReport> {
  const schema = registryRowSchema(regions);
  const report: ImportReport = { rows: 0, imported: 0, rejected: [] };
  const firstLine = new Map<string, number>();
  let batch: RegistryRecord[] = [];
  const flush = async () => {
    await registry.save(batch);
    report.imported += batch.length;
    batch = [];
  };
  for await (const { line, record } of rows) {
    report.rows++;
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      report.rejected.push({ line, reasons: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`) });
      continue;
    }
    const seen = firstLine.get(parsed.data.nik);
    if (seen !== undefined) {
      report.rejected.push({ line, reasons: [`nik: the same NIK is on line ${seen}`] });
      continue;
    }
    firstLine.set(parsed.data.nik, line);
    batch.push(parsed.data);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  return report;
}
