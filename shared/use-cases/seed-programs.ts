import { SEED_PROGRAMS } from '../domain/programs.ts';
import type { ProgramCatalogue } from '../ports/index.ts';

/** Stores the seed programmes that are missing; an office's later edits to a seeded programme are kept. */
export async function seedPrograms(programs: ProgramCatalogue): Promise<string[]> {
  const existing = new Set((await programs.list()).map((p) => p.id));
  const missing = SEED_PROGRAMS.filter((p) => !existing.has(p.id));
  await programs.save(missing);
  return missing.map((p) => p.id);
}
