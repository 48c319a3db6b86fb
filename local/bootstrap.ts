/**
 * Start-up work that goes through the same adapters as the handlers: seed the programmes (idempotent) and
 * resume every unfinished application, since local executions do not survive a restart.
 * Imported only after the stack has set the environment the adapters read.
 */
import { DynamoProgramCatalogue } from '../functions/lib/adapters/dynamo-programs.ts';
import { documentClient } from '../functions/lib/clients.ts';
import { config } from '../functions/lib/config.ts';
import { buildDeps } from '../functions/lib/deps.ts';
import { SEED_PROGRAMS } from '../shared/domain/programs.ts';
import { resumeActiveApplications } from '../shared/use-cases/resume-applications.ts';

export async function seedAndResume(): Promise<number> {
  const catalogue = new DynamoProgramCatalogue(documentClient, config.tableName);
  const existing = new Set((await catalogue.list()).map((p) => p.id));
  // Only missing programmes: an office's later edits to a seeded programme are kept.
  await catalogue.save(SEED_PROGRAMS.filter((p) => !existing.has(p.id)));
  return resumeActiveApplications(buildDeps());
}
