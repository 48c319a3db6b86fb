import type { Priority, PriorityFactor } from '../domain/priority.ts';
import type { ScreeningFacts } from './facts.ts';

export const MAX_PRIORITY = 999;

/**
 * Verification queue priority: the poorest and most vulnerable households are visited first.
 * Points: registry decile (desil 1 = 50 ... desil 10 = 5), 10 per elderly member (max 20),
 * 15 per member with a disability (max 30), 5 per child (max 20), 15 for a female-headed household.
 */
export function priorityOf(facts: ScreeningFacts): Priority {
  const factors: PriorityFactor[] = [];
  const add = (factor: PriorityFactor['factor'], points: number, id: string, en: string) => {
    if (points > 0) factors.push({ factor, label: { id, en }, points });
  };
  if (facts.desil !== null) add('DESIL', (11 - facts.desil) * 5, `Desil ${facts.desil} di DTSEN`, `Decile ${facts.desil} in the registry`);
  add('ELDERLY', Math.min(20, facts.elderly * 10), `${facts.elderly} anggota lansia`, `${facts.elderly} elderly member(s)`);
  add('DISABILITY', Math.min(30, facts.disabled * 15), `${facts.disabled} anggota penyandang disabilitas`, `${facts.disabled} member(s) with a disability`);
  add('CHILDREN', Math.min(20, facts.children * 5), `${facts.children} anak`, `${facts.children} child(ren)`);
  add('FEMALE_HEADED', facts.femaleHeaded ? 15 : 0, 'Kepala keluarga perempuan', 'Female-headed household');
  return { score: factors.reduce((sum, f) => sum + f.points, 0), factors };
}
