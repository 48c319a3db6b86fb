import { describe, expect, it } from 'vitest';
import { SEED_PROGRAMS } from '../../shared/domain/programs.ts';
import { evaluateEligibility } from '../../shared/rules/eligibility.ts';
import { ageOn, type ScreeningFacts } from '../../shared/rules/facts.ts';
import { priorityOf } from '../../shared/rules/priority.ts';

const base: ScreeningFacts = {
  age: 40, gender: 'F', members: 4, monthlyIncome: 2_000_000, incomePerMember: 500_000, elderly: 0, children: 2, disabled: 0,
  femaleHeaded: false, provinceCode: '36', regencyCode: '36.71', districtCode: '36.71.01', registered: true, desil: 3,
};
const rulesOf = (id: string) => SEED_PROGRAMS.find((p) => p.id === id)!.eligibility;

/** Per programme: facts that differ from `base`, and the reason codes screening must give (empty = passes). */
const TABLE: Record<string, Array<[Partial<ScreeningFacts>, string[]]>> = {
  sembako: [
    [{}, []],
    [{ desil: 4 }, []],
    [{ desil: 5 }, ['DESIL_ABOVE_LIMIT']],
    [{ registered: false, desil: null }, []], // a new proposal: flagged for the verifier, not rejected
    [{ incomePerMember: 750_000 }, []],
    [{ incomePerMember: 750_001 }, ['INCOME_ABOVE_LIMIT']],
    [{ regencyCode: '32.73' }, ['OUTSIDE_SERVICE_AREA']],
    [{ regencyCode: '53.71', desil: 9, incomePerMember: 2_000_000 }, ['DESIL_ABOVE_LIMIT', 'INCOME_ABOVE_LIMIT']],
  ],
  'modal-usaha': [
    [{}, []],
    [{ age: 17 }, ['AGE_BELOW_MINIMUM']],
    [{ age: 18 }, []],
    [{ age: 64 }, []],
    [{ age: 65 }, ['AGE_ABOVE_MAXIMUM']],
    [{ desil: 5 }, []],
    [{ desil: 6 }, ['DESIL_ABOVE_LIMIT']],
    [{ incomePerMember: 1_000_001 }, ['INCOME_ABOVE_LIMIT']],
  ],
  pelatihan: [
    [{}, []],
    [{ age: 15 }, ['AGE_BELOW_MINIMUM']],
    [{ age: 56 }, ['AGE_ABOVE_MAXIMUM']],
    [{ desil: 6 }, []],
    [{ desil: 7 }, ['DESIL_ABOVE_LIMIT']],
    [{ regencyCode: '16.71' }, []],
  ],
  psikososial: [
    [{}, []],
    [{ desil: 10, incomePerMember: 10_000_000, age: 90 }, []],
    [{ regencyCode: '31.71' }, ['OUTSIDE_SERVICE_AREA']],
  ],
  beasiswa: [
    [{ age: 17 }, []],
    [{ age: 5 }, ['AGE_BELOW_MINIMUM']],
    [{ age: 25 }, ['AGE_ABOVE_MAXIMUM']],
    [{ age: 17, desil: 5 }, ['DESIL_ABOVE_LIMIT']],
    [{ age: 30, desil: 8, regencyCode: '11.01' }, ['OUTSIDE_SERVICE_AREA', 'DESIL_ABOVE_LIMIT', 'AGE_ABOVE_MAXIMUM']],
  ],
};

describe('eligibility rules per programme', () => {
  it('has a table for every seeded programme', () => {
    expect(Object.keys(TABLE).sort()).toEqual(SEED_PROGRAMS.map((p) => p.id).sort());
  });

  for (const [programId, rows] of Object.entries(TABLE)) {
    it.each(rows)(`${programId}: %j -> %j`, async (change, reasons) => {
      const result = await evaluateEligibility(rulesOf(programId), { ...base, ...change });
      expect(result).toEqual({ outcome: reasons.length ? 'REJECT' : 'PASS', reasonCodes: reasons });
    });
  }
});

describe('facts', () => {
  it('computes age in whole years', () => {
    const at = new Date('2026-11-27T00:00:00Z');
    expect(ageOn('2000-11-28', at)).toBe(25);
    expect(ageOn('2000-11-27', at)).toBe(26);
  });
});

describe('priority score', () => {
  it('adds the points of each circumstance, capped per factor, and explains them', () => {
    expect(priorityOf({ ...base, desil: 1, elderly: 3, disabled: 3, children: 5, femaleHeaded: true })).toEqual({
      score: 50 + 20 + 30 + 20 + 15,
      factors: [
        { factor: 'DESIL', points: 50, label: { id: 'Desil 1 di DTSEN', en: 'Decile 1 in the registry' } },
        { factor: 'ELDERLY', points: 20, label: { id: '3 anggota lansia', en: '3 elderly member(s)' } },
        { factor: 'DISABILITY', points: 30, label: { id: '3 anggota penyandang disabilitas', en: '3 member(s) with a disability' } },
        { factor: 'CHILDREN', points: 20, label: { id: '5 anak', en: '5 child(ren)' } },
        { factor: 'FEMALE_HEADED', points: 15, label: { id: 'Kepala keluarga perempuan', en: 'Female-headed household' } },
      ],
    });
    expect(priorityOf({ ...base, registered: false, desil: null, children: 0 })).toEqual({ score: 0, factors: [] });
    expect(priorityOf({ ...base, desil: 10, children: 0 }).score).toBe(5);
  });
});
