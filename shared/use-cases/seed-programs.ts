import { SEED_PROGRAMS, versionOf, type Program } from '../domain/programs.ts';
import type { Deps } from './deps.ts';

/** Who publishes a version from the code's seed programmes (at start locally, at deployment on AWS). */
export const SEED_ACTOR = 'system:seed';

/**
 * A programme's rules in a few characters: FNV-1a over its canonical JSON (keys sorted; version and revision left
 * out), so the store's copy and the code's seed compare as data, not as attribute order.
 */
export function seedFingerprint(program: Program): string {
  const { version: _version, revision: _revision, ...rules } = program;
  const canonical = (value: unknown): unknown => (Array.isArray(value) ? value.map(canonical)
    : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)])) : value);
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(canonical(rules))) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * Brings the stored programmes in step with the code's seed: a missing one is published as version 1, and a seed
 * whose rules changed since the version the current one derives from becomes a new version (so an edited rule
 * reaches a table that already exists). An admin's edits stand while the seed is unchanged; a changed seed
 * supersedes them, and the version history keeps both. A programme stored before versions counts as seeded from
 * the rules it holds. Returns the ids of the programmes published.
 */
export async function seedPrograms({ programs, clock }: Pick<Deps, 'programs' | 'clock'>): Promise<string[]> {
  const at = clock.now().toISOString();
  const published: string[] = [];
  for (const seed of SEED_PROGRAMS) {
    const fingerprint = seedFingerprint(seed);
    for (let attempt = 0; ; attempt++) {
      const current = await programs.get(seed.id);
      if (current && (current.revision?.seed ?? seedFingerprint(current)) === fingerprint) break;
      const note = current ? 'Aturan program diperbarui dari kode / programme rules updated from the code' : 'Program awal / initial programme';
      const next: Program = { ...seed, version: current ? versionOf(current) + 1 : 1, revision: { by: SEED_ACTOR, at, note, seed: fingerprint } };
      if (await programs.publish(next)) {
        published.push(seed.id);
        break;
      }
      // Another start or an admin's edit published meanwhile: judge again against what is current now.
      if (attempt >= 3) throw new Error(`Could not publish programme ${seed.id}: its versions keep changing`);
    }
  }
  return published;
}
