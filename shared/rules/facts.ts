import type { Application } from '../domain/application.ts';

/** What the registry (DTSEN-like) knows about a person. */
export interface RegistryEntry {
  desil: number;
  districtCode: string;
}

/** The facts eligibility rules and the priority score are written against. */
export interface ScreeningFacts {
  age: number;
  gender: 'M' | 'F';
  members: number;
  monthlyIncome: number;
  incomePerMember: number;
  elderly: number;
  children: number;
  disabled: number;
  femaleHeaded: boolean;
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  /** Found in the registry by NIK. */
  registered: boolean;
  /** Registry welfare decile 1 (poorest) to 10; null when not registered. */
  desil: number | null;
}

/** The facts by name, for rules an admin writes (schemas/program-edit.ts). */
export const SCREENING_FACTS = [
  'age', 'gender', 'members', 'monthlyIncome', 'incomePerMember', 'elderly', 'children', 'disabled', 'femaleHeaded',
  'provinceCode', 'regencyCode', 'districtCode', 'registered', 'desil',
] as const satisfies readonly (keyof ScreeningFacts)[];

/** Age in whole years on a given date, from a YYYY-MM-DD birth date. */
export function ageOn(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  return at.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

export function screeningFacts(
  app: Pick<Application, 'birthDate' | 'gender' | 'household' | 'address'>,
  registry: RegistryEntry | undefined,
  at: Date,
): ScreeningFacts {
  const h = app.household;
  return {
    age: ageOn(app.birthDate, at),
    gender: app.gender,
    members: h.members,
    monthlyIncome: h.monthlyIncome,
    incomePerMember: Math.round(h.monthlyIncome / h.members),
    elderly: h.elderly,
    children: h.children,
    disabled: h.disabled,
    femaleHeaded: h.femaleHeaded,
    provinceCode: app.address.provinceCode,
    regencyCode: app.address.regencyCode,
    districtCode: app.address.districtCode,
    registered: registry !== undefined,
    desil: registry?.desil ?? null,
  };
}
