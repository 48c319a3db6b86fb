/**
 * Data migrations: an ordered list, each run once per store. A migration is recorded only after its `up` completed,
 * so one cut short (a crash, a timeout) runs again from the start at the next run: every `up` must be safe to repeat
 * (conditional writes that skip what is done already). They run in list order, and a failure stops the run there, so
 * a migration may count on every one before it.
 */
export interface Migration<D> {
  /** Never changed or reused once released: the store records it. */
  id: string;
  description: string;
  up(deps: D): Promise<void>;
}

/** Which migrations a store has completed. */
export interface MigrationLedger {
  applied(): Promise<Set<string>>;
  /** Records a completed migration (a conditional put: a second runner finishing the same one changes nothing). */
  record(id: string, description: string, at: string): Promise<void>;
}

/** Runs, in order, every migration the ledger does not hold; returns the ids run. */
export async function runMigrations<D>(migrations: readonly Migration<D>[], ledger: MigrationLedger, deps: D, now: () => Date = () => new Date()): Promise<string[]> {
  const ids = migrations.map((m) => m.id);
  if (new Set(ids).size !== ids.length) throw new Error(`Two migrations share an id: ${ids.join(', ')}`);
  const applied = await ledger.applied();
  const ran: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    await migration.up(deps);
    await ledger.record(migration.id, migration.description, now().toISOString());
    ran.push(migration.id);
  }
  return ran;
}
