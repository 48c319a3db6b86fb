import { periodOf, type PeriodKind } from './periods.ts';

export const BENEFIT_TYPES = ['CASH', 'IN_KIND', 'SERVICE'] as const;
export type BenefitType = (typeof BENEFIT_TYPES)[number];

/** Eligibility as data, so a programme's rules change without a deploy. */
export interface EligibilityRules {
  /** Household income per member per month, IDR; above it the application is rejected in screening. */
  maxMonthlyIncomePerMember: number;
  minAge?: number;
  maxAge?: number;
}

export interface Program {
  id: string;
  name: { id: string; en: string };
  benefitType: BenefitType;
  /** IDR per period; 0 for services. */
  amount: number;
  periodKind: PeriodKind;
  intakeOpen: boolean;
  eligibility: EligibilityRules;
}

export interface ProgramView {
  id: string;
  name: { id: string; en: string };
  benefitType: BenefitType;
  amount: number;
  periodKind: 'monthly' | 'one-off' | 'semester';
  currentPeriod: string;
  open: boolean;
}

const PERIOD_KIND_WIRE: Record<PeriodKind, ProgramView['periodKind']> = {
  MONTHLY: 'monthly',
  ONE_OFF: 'one-off',
  SEMESTER: 'semester',
};

export const toProgramView = (program: Program, now: Date): ProgramView => ({
  id: program.id,
  name: program.name,
  benefitType: program.benefitType,
  amount: program.amount,
  periodKind: PERIOD_KIND_WIRE[program.periodKind],
  currentPeriod: periodOf(program.periodKind, now),
  open: program.intakeOpen,
});

/** The programmes every Dinsos office starts with (DESIGN §3); stored in the table at first start. */
export const SEED_PROGRAMS: readonly Program[] = [
  {
    id: 'sembako',
    name: { id: 'Bantuan Sembako', en: 'Food aid (staples)' },
    benefitType: 'IN_KIND',
    amount: 200_000,
    periodKind: 'MONTHLY',
    intakeOpen: true,
    eligibility: { maxMonthlyIncomePerMember: 750_000 },
  },
  {
    id: 'modal-usaha',
    name: { id: 'Bantuan Modal Usaha Mikro', en: 'Micro-business capital' },
    benefitType: 'CASH',
    amount: 2_400_000,
    periodKind: 'ONE_OFF',
    intakeOpen: true,
    eligibility: { maxMonthlyIncomePerMember: 1_000_000, minAge: 18, maxAge: 64 },
  },
  {
    id: 'pelatihan',
    name: { id: 'Pelatihan Keterampilan Kerja', en: 'Skills training' },
    benefitType: 'SERVICE',
    amount: 0,
    periodKind: 'ONE_OFF',
    intakeOpen: true,
    eligibility: { maxMonthlyIncomePerMember: 1_000_000, minAge: 16, maxAge: 55 },
  },
  {
    id: 'psikososial',
    name: { id: 'Layanan Dukungan Psikososial', en: 'Psychosocial counselling' },
    benefitType: 'SERVICE',
    amount: 0,
    periodKind: 'ONE_OFF',
    intakeOpen: true,
    eligibility: { maxMonthlyIncomePerMember: 1_500_000 },
  },
  {
    id: 'beasiswa',
    name: { id: 'Beasiswa Pendidikan', en: 'Education scholarship' },
    benefitType: 'CASH',
    amount: 900_000,
    periodKind: 'SEMESTER',
    intakeOpen: true,
    eligibility: { maxMonthlyIncomePerMember: 1_000_000, maxAge: 24 },
  },
];
