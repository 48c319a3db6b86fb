import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED_PROGRAMS } from '../../shared/domain/programs.ts';
import { publicReasonCode, REASON_STAGES, REJECTION_REASONS, reasonCodesFor } from '../../shared/domain/reason-codes.ts';
import { evaluateEligibility } from '../../shared/rules/eligibility.ts';
import type { ScreeningFacts } from '../../shared/rules/facts.ts';

const screeningCodes = new Set<string>(reasonCodesFor('screening'));

/** Facts under which every seeded rule holds: outside the area, rich, and both too young and too old. */
const everythingFails = (age: number): ScreeningFacts => ({
  age, gender: 'F', members: 1, monthlyIncome: 100_000_000, incomePerMember: 100_000_000, elderly: 0, children: 0, disabled: 0,
  femaleHeaded: false, provinceCode: '11', regencyCode: '11.01', districtCode: '11.01.01', registered: true, desil: 10,
});

/** Reason codes written as literals where the use-cases reject without a rule (e.g. a full district quota). */
function literalReasonCodes(): string[] {
  const dir = join(import.meta.dirname, '../../shared/use-cases');
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    return [...source.matchAll(/reasonCodes:\s*\[([^\]]*)\]/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/'([A-Z_]+)'/g)].map((c) => c[1] ?? ''));
  });
}

describe('the rejection reason catalogue', () => {
  it('lists every code the seeded programmes\' rules can give, for screening', async () => {
    for (const program of SEED_PROGRAMS) {
      for (const rule of program.eligibility) expect(screeningCodes.has(rule.reasonCode), `${program.id}: ${rule.reasonCode}`).toBe(true);
      // The same through the rules engine, as screening runs them.
      for (const age of [0, 200]) {
        const { reasonCodes } = await evaluateEligibility(program.eligibility, everythingFails(age));
        expect(reasonCodes.length, program.id).toBeGreaterThan(0);
        expect(reasonCodes.filter((code) => !screeningCodes.has(code)), program.id).toEqual([]);
      }
    }
  });

  it('lists the codes screening gives without a rule (the district quota)', () => {
    const literals = literalReasonCodes();
    expect(literals).toContain('QUOTA_EXHAUSTED');
    expect(literals.filter((code) => !screeningCodes.has(code))).toEqual([]);
  });

  it('has unique upper-case codes, at least one stage each, and reasons for every human stage', () => {
    const codes = REJECTION_REASONS.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const reason of REJECTION_REASONS) {
      expect(reason.code).toMatch(/^[A-Z_]{3,40}$/);
      // OTHER alone is given by no stage: it stands in, publicly, for codes the catalogue does not list.
      expect(reason.stages.length > 0, reason.code).toBe(reason.code !== 'OTHER');
      expect(reason.stages.every((s) => (REASON_STAGES as readonly string[]).includes(s)), reason.code).toBe(true);
    }
    for (const stage of REASON_STAGES) expect(reasonCodesFor(stage).length, stage).toBeGreaterThan(2);
    // A verifier's field visit and an approver's budget are theirs alone: each human stage has a code of its own.
    expect(reasonCodesFor('verification')).toContain('NOT_AT_ADDRESS');
    expect(reasonCodesFor('approval')).not.toContain('NOT_AT_ADDRESS');
    expect(reasonCodesFor('approval')).toContain('BUDGET_EXHAUSTED');
    expect(reasonCodesFor('verification')).not.toContain('BUDGET_EXHAUSTED');
  });

  it('words every reason for the applicant in both languages, with a next step', () => {
    for (const reason of REJECTION_REASONS) {
      for (const field of ['label', 'explanation', 'nextStep'] as const) {
        const text = reason[field];
        expect(text.id.trim(), `${reason.code}.${field}.id`).not.toBe('');
        expect(text.en.trim(), `${reason.code}.${field}.en`).not.toBe('');
        expect(text.id, `${reason.code}.${field}`).not.toBe(text.en);
        // Applicants never see codes: no word in capitals with underscores in what they read.
        expect(`${text.id} ${text.en}`, `${reason.code}.${field}`).not.toMatch(/[A-Z]+_[A-Z]/);
      }
      for (const field of ['explanation', 'nextStep'] as const) {
        expect(reason[field].id, `${reason.code}.${field}.id`).toMatch(/\.$/);
        expect(reason[field].en, `${reason.code}.${field}.en`).toMatch(/\.$/);
      }
    }
  });

  it('publishes a listed code as it is and anything else as OTHER, never free text', () => {
    expect(publicReasonCode('QUOTA_EXHAUSTED')).toBe('QUOTA_EXHAUSTED');
    expect(publicReasonCode('ODGJ_SITI')).toBe('OTHER');
    for (const stage of REASON_STAGES) expect(reasonCodesFor(stage)).not.toContain('OTHER');
  });
});
