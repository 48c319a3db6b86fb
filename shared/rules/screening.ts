import type { Application } from '../domain/application.ts';
import type { Program } from '../domain/programs.ts';

export const SCREENING_REASON_CODES = {
  INTAKE_CLOSED: 'INTAKE_CLOSED',
  INCOME_ABOVE_LIMIT: 'INCOME_ABOVE_LIMIT',
  AGE_BELOW_MINIMUM: 'AGE_BELOW_MINIMUM',
  AGE_ABOVE_MAXIMUM: 'AGE_ABOVE_MAXIMUM',
} as const;
export type ScreeningReasonCode = keyof typeof SCREENING_REASON_CODES;

export interface ScreeningResult {
  outcome: 'PASS' | 'REJECT';
  reasonCodes: ScreeningReasonCode[];
}

/** Age in whole years on a given date, from a YYYY-MM-DD birth date. */
export function ageOn(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  return at.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

/** Automated screening: every failed rule contributes a reason code, so a rejection always says why. */
export function screen(app: Pick<Application, 'birthDate' | 'household'>, program: Program, at: Date): ScreeningResult {
  const reasons: ScreeningReasonCode[] = [];
  const rules = program.eligibility;
  if (!program.intakeOpen) reasons.push('INTAKE_CLOSED');
  if (app.household.monthlyIncome / app.household.members > rules.maxMonthlyIncomePerMember) reasons.push('INCOME_ABOVE_LIMIT');
  const age = ageOn(app.birthDate, at);
  if (rules.minAge !== undefined && age < rules.minAge) reasons.push('AGE_BELOW_MINIMUM');
  if (rules.maxAge !== undefined && age > rules.maxAge) reasons.push('AGE_ABOVE_MAXIMUM');
  return { outcome: reasons.length ? 'REJECT' : 'PASS', reasonCodes: reasons };
}
