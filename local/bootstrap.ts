/**
 * Start-up work that goes through the same adapters as the handlers: run the data migrations the store has not
 * completed (functions/lib/migrations.ts), seed the programmes and, once, the synthetic registry; then resume every unfinished application, since local executions do not survive a
 * restart. Imported only after the stack has set the environment the adapters read.
 */
import { fileURLToPath } from 'node:url';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { idnRegions } from '../functions/lib/adapters/idn-regions.ts';
import { documentClient, dynamoClient } from '../functions/lib/clients.ts';
import { config } from '../functions/lib/config.ts';
import { buildDeps } from '../functions/lib/deps.ts';
import { migrateTable } from '../functions/lib/migrations.ts';
import { keys } from '../functions/lib/table-layout.ts';
import { DomainError } from '../shared/domain/errors.ts';
import { importRegistry } from '../shared/use-cases/import-registry.ts';
import { resumeActiveApplications } from '../shared/use-cases/resume-applications.ts';
import { resumeUnfinishedBatches } from '../shared/use-cases/resume-payouts.ts';
import { seedPrograms } from '../shared/use-cases/seed-programs.ts';
import { signInOfficer } from '../shared/use-cases/staff-accounts.ts';
import { csvRows } from './csv-rows.ts';
import type { StaffAccount } from './staff-accounts.ts';

const REGISTRY_FIXTURE = fileURLToPath(new URL('./fixtures/dtsen-synthetic.csv', import.meta.url));

const deps = buildDeps();

/**
 * The local login's sign-in step, the one Cognito's trigger runs on AWS: the officer's roles and regions go into the
 * staff directory, and a disabled officer gets no token (false).
 */
export async function signInLocalOfficer(officer: StaffAccount): Promise<boolean> {
  try {
    await signInOfficer(deps, officer);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'Unauthorized') return false;
    throw error;
  }
}

/** `officers`: the local accounts as the identity provider holds them now (roles and regions an admin set included). */
export async function seedAndResume(officers: readonly StaffAccount[]): Promise<number> {
  // Before anything reads the store: a store made by an earlier version gets its items into today's layout.
  await migrateTable({ db: documentClient, client: dynamoClient, tableName: config.tableName });
  await seedPrograms(deps);
  // Local officers into the staff directory as they are now (before their first login, so an admin can reassign
  // to them); what an admin changed there (disabled, revoked) stays.
  for (const officer of officers) await deps.staff.sync(officer);
  await seedOnce('registry-fixture', async () => {
    const report = await importRegistry(deps.registry, await idnRegions.codes(), csvRows(REGISTRY_FIXTURE));
    if (report.rejected.length) throw new Error(`The registry fixture has bad rows: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  });
  return (await resumeActiveApplications(deps)) + (await resumeUnfinishedBatches(deps));
}

/** Runs a seed the first time only, so a real registry imported later is never overwritten at start. */
async function seedOnce(name: string, seed: () => Promise<void>): Promise<void> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: keys.seedMarker(name) }));
  if (Item) return;
  await seed();
  await documentClient.send(new PutCommand({ TableName: config.tableName, Item: { ...keys.seedMarker(name), at: new Date().toISOString() } }));
}
