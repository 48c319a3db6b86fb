/** The per-reference guard on an applicant's reference + NIK, over in-memory ports and a clock the test moves. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.ts';
import type { AuditEventInput } from '../../shared/domain/audit.ts';
import type { AttemptLedger } from '../../shared/ports/index.ts';
import { applicationOfApplicant, WRONG_NIK_LIMIT, WRONG_NIK_WINDOW_SECONDS } from '../../shared/use-cases/applicant-proof.ts';

const NIK = '3671015703840001';
const REFERENCE = 'JRG-2611-ABCDE-FGHJK';

function world() {
  let now = Date.parse('2026-11-02T08:00:00Z');
  const counts = new Map<string, number>();
  const recorded: AuditEventInput[] = [];
  const attempts: AttemptLedger = {
    async take(key, window, limit) {
      const k = `${key}#${window.index}`;
      const taken = counts.get(k) ?? 0;
      if (taken >= limit) return undefined;
      counts.set(k, taken + 1);
      return taken + 1;
    },
    async giveBack(key, window) {
      const k = `${key}#${window.index}`;
      counts.set(k, (counts.get(k) ?? 1) - 1);
    },
  };
  const deps = {
    attempts,
    applications: { findByReference: async (reference: string) => (reference === REFERENCE ? { applicationId: 'app-1', nik: NIK } : undefined) },
    audit: { record: async (_id: string, events: readonly AuditEventInput[]) => void recorded.push(...events.filter((e) => !recorded.some((r) => r.eventId === e.eventId))) },
    pseudonyms: { pseudonym: async (text: string) => `hmac(${text})` },
    clock: { now: () => new Date(now) },
  };
  return { deps, recorded, counts, pass: (seconds: number) => (now += seconds * 1000) };
}

async function answer(run: Promise<unknown>): Promise<string> {
  try {
    return `found ${String(await run)}`;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.kind;
  }
}

describe('wrong NIKs per reference', () => {
  it('refuses every NIK, the right one too, once the limit is reached, until the window has passed', async () => {
    const { deps, recorded, pass } = world();
    for (let i = 0; i < WRONG_NIK_LIMIT; i++) expect(await answer(applicationOfApplicant(deps, REFERENCE, `${NIK.slice(0, 12)}999${i}`))).toBe('NotFound');
    expect(await answer(applicationOfApplicant(deps, REFERENCE, NIK))).toBe('TooManyRequests');
    expect(recorded.map((e) => e.action)).toEqual(['WRONG_NIK_LIMIT_REACHED']);
    pass(WRONG_NIK_WINDOW_SECONDS);
    expect(await answer(applicationOfApplicant(deps, REFERENCE, NIK))).toBe('found app-1');
  });

  it('does not count the right NIK, and counts an unknown reference alike without auditing anything', async () => {
    const { deps, recorded, counts } = world();
    for (let i = 0; i < 3 * WRONG_NIK_LIMIT; i++) expect(await answer(applicationOfApplicant(deps, REFERENCE, NIK))).toBe('found app-1');
    expect([...counts.values()]).toEqual([0]);
    const unknown = 'JRG-2611-ZZZZZ-ZZZZZ';
    for (let i = 0; i < WRONG_NIK_LIMIT; i++) expect(await answer(applicationOfApplicant(deps, unknown, NIK))).toBe('NotFound');
    expect(await answer(applicationOfApplicant(deps, unknown, NIK))).toBe('TooManyRequests');
    expect(recorded).toEqual([]);
    // The counter's key is a pseudonym of the reference, not the reference itself.
    expect([...counts.keys()].every((k) => k.includes('hmac(reference|'))).toBe(true);
  });

  it('audits one lock per window, not one per guess', async () => {
    const { deps, recorded, pass } = world();
    for (let window = 0; window < 3; window++) {
      for (let i = 0; i < 4 * WRONG_NIK_LIMIT; i++) await answer(applicationOfApplicant(deps, REFERENCE, `${NIK.slice(0, 12)}9999`));
      pass(WRONG_NIK_WINDOW_SECONDS);
    }
    expect(recorded).toHaveLength(3);
    expect(new Set(recorded.map((e) => e.eventId)).size).toBe(3);
  });
});
