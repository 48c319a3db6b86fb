import type { TopLevelCondition } from 'json-rules-engine';
import { localDate, periodOf, type PeriodKind, type TimeZone } from './periods.ts';
import type { ReasonCode } from './rejection-reasons.ts';

export const BENEFIT_TYPES = ['CASH', 'IN_KIND', 'SERVICE'] as const;
export type BenefitType = (typeof BENEFIT_TYPES)[number];

/**
 * One eligibility rule as data (json-rules-engine conditions over the screening facts, see rules/eligibility.ts).
 * When `rejectWhen` holds, the application is rejected with `reasonCode`: every rejection says why.
 */
export interface EligibilityRule {
  /** A screening code of the catalogue; the public status check shows OTHER for anything else (stored data). */
  reasonCode: ReasonCode;
  rejectWhen: TopLevelCondition;
}

/**
 * Intake is open from `opensOn` through `closesOn` (inclusive dates on the applicant's local clock, so the window
 * closes at midnight in Kupang as in Tangerang); without `closesOn` it stays open.
 */
export interface IntakeWindow {
  opensOn: string;
  closesOn?: string;
}

/** How long a human task may wait: a reminder after the first span, escalation one level up after the second. */
export interface TaskDeadline {
  remindAfterSeconds: number;
  escalateAfterSeconds: number;
}

export interface Program {
  id: string;
  name: { id: string; en: string };
  benefitType: BenefitType;
  /** IDR per period; 0 for services. */
  amount: number;
  periodKind: PeriodKind;
  intake: IntakeWindow;
  eligibility: EligibilityRule[];
  /** How many periods an approved household stays enrolled (sembako 12 months, beasiswa 2 semesters); 1 if absent. */
  enrolmentPeriods?: number;
  /** Places per district per period (at most MAX_QUOTA_PER_DISTRICT); none means no cap. */
  quotaPerDistrict?: number;
  /** Per human-task stage; a payout batch's approval falls back to BATCH_APPROVAL_DEADLINE. */
  deadlines: { verification: TaskDeadline; approval: TaskDeadline; batchApproval?: TaskDeadline };
  /**
   * Each edit is a new version (1, 2, ...; absent on programmes stored before versions, which count as 1). An
   * application keeps the version it was submitted under for its whole lifecycle.
   */
  version?: number;
  /** Who made this version, when and why: an admin's edit, or a changed seed (`system:seed`). */
  revision?: ProgramRevision;
}

export interface ProgramRevision {
  by: string;
  at: string;
  note: string;
  /**
   * The fingerprint of the seed rules this version derives from (seedFingerprint): a version published from the
   * code's seed has the seed's own, an admin's edit keeps the one of the version it edited. A seed whose fingerprint
   * differs was changed in the code since, and its rules are published again.
   */
  seed: string;
}

export const versionOf = (program: Pick<Program, 'version'>) => program.version ?? 1;

/**
 * The most places one district's quota may have: its holders are one stored item (exact under crashes and races),
 * which stays well inside DynamoDB's 400 KB item limit up to here.
 */
export const MAX_QUOTA_PER_DISTRICT = 5_000;

export interface ProgramView {
  id: string;
  name: { id: string; en: string };
  benefitType: BenefitType;
  amount: number;
  periodKind: 'monthly' | 'one-off' | 'semester';
  currentPeriod: string;
  open: boolean;
  intake: IntakeWindow;
}

const PERIOD_KIND_WIRE: Record<PeriodKind, ProgramView['periodKind']> = {
  MONTHLY: 'monthly',
  ONE_OFF: 'one-off',
  SEMESTER: 'semester',
};


export function isIntakeOpen(program: Pick<Program, 'intake'>, at: Date, zone: TimeZone): boolean {
  const today = localDate(at, zone);
  return today >= program.intake.opensOn && (program.intake.closesOn === undefined || today <= program.intake.closesOn);
}

export const toProgramView = (program: Program, now: Date, zone: TimeZone): ProgramView => ({
  id: program.id,
  name: program.name,
  benefitType: program.benefitType,
  amount: program.amount,
  periodKind: PERIOD_KIND_WIRE[program.periodKind],
  currentPeriod: periodOf(program.periodKind, now, zone),
  open: isIntakeOpen(program, now, zone),
  intake: program.intake,
});

/** The pilot cities (DESIGN): Kota Tangerang, Kota Palembang, Kota Kupang, Kota Bitung. */
export const SERVICE_AREA = ['36.71', '16.71', '53.71', '71.72'];

const outsideServiceArea: EligibilityRule = {
  reasonCode: 'OUTSIDE_SERVICE_AREA',
  rejectWhen: { all: [{ fact: 'regencyCode', operator: 'notIn', value: SERVICE_AREA }] },
};
const desilAbove = (limit: number): EligibilityRule => ({
  reasonCode: 'DESIL_ABOVE_LIMIT',
  rejectWhen: { all: [{ fact: 'registered', operator: 'equal', value: true }, { fact: 'desil', operator: 'greaterThan', value: limit }] },
});
const incomePerMemberAbove = (limit: number): EligibilityRule => ({
  reasonCode: 'INCOME_ABOVE_LIMIT',
  rejectWhen: { all: [{ fact: 'incomePerMember', operator: 'greaterThan', value: limit }] },
});
const ageBelow = (min: number): EligibilityRule => ({
  reasonCode: 'AGE_BELOW_MINIMUM',
  rejectWhen: { all: [{ fact: 'age', operator: 'lessThan', value: min }] },
});
const ageAbove = (max: number): EligibilityRule => ({
  reasonCode: 'AGE_ABOVE_MAXIMUM',
  rejectWhen: { all: [{ fact: 'age', operator: 'greaterThan', value: max }] },
});

const DAY = 86_400;
/** A field visit takes time; an approval is a desk decision. */
const STANDARD_DEADLINES: Program['deadlines'] = {
  verification: { remindAfterSeconds: 5 * DAY, escalateAfterSeconds: 10 * DAY },
  approval: { remindAfterSeconds: 2 * DAY, escalateAfterSeconds: 5 * DAY },
};

/** A payout batch waits for its checker a working day, then the city's other finance officers are told. */
export const BATCH_APPROVAL_DEADLINE: TaskDeadline = { remindAfterSeconds: 1 * DAY, escalateAfterSeconds: 2 * DAY };

/** The programmes every Dinsos office starts with (DESIGN §3); stored in the table at first start, editable there. */
export const SEED_PROGRAMS: readonly Program[] = [
  {
    id: 'sembako',
    name: { id: 'Bantuan Sembako', en: 'Food aid (staples)' },
    benefitType: 'IN_KIND',
    amount: 200_000,
    periodKind: 'MONTHLY',
    enrolmentPeriods: 12,
    intake: { opensOn: '2026-01-01' },
    eligibility: [outsideServiceArea, desilAbove(4), incomePerMemberAbove(750_000)],
    quotaPerDistrict: 500,
    deadlines: STANDARD_DEADLINES,
  },
  {
    id: 'modal-usaha',
    name: { id: 'Bantuan Modal Usaha Mikro', en: 'Micro-business capital' },
    benefitType: 'CASH',
    amount: 2_400_000,
    periodKind: 'ONE_OFF',
    enrolmentPeriods: 1,
    intake: { opensOn: '2026-01-01' },
    eligibility: [outsideServiceArea, desilAbove(5), incomePerMemberAbove(1_000_000), ageBelow(18), ageAbove(64)],
    quotaPerDistrict: 50,
    deadlines: STANDARD_DEADLINES,
  },
  {
    id: 'pelatihan',
    name: { id: 'Pelatihan Keterampilan Kerja', en: 'Skills training' },
    benefitType: 'SERVICE',
    amount: 0,
    periodKind: 'ONE_OFF',
    enrolmentPeriods: 1,
    intake: { opensOn: '2026-01-01' },
    eligibility: [outsideServiceArea, desilAbove(6), ageBelow(16), ageAbove(55)],
    quotaPerDistrict: 40,
    deadlines: STANDARD_DEADLINES,
  },
  {
    id: 'psikososial',
    name: { id: 'Layanan Dukungan Psikososial', en: 'Psychosocial counselling' },
    benefitType: 'SERVICE',
    amount: 0,
    periodKind: 'ONE_OFF',
    enrolmentPeriods: 1,
    intake: { opensOn: '2026-01-01' },
    // Counselling is for anyone in the city who asks: no income or registry test.
    eligibility: [outsideServiceArea],
    // Someone asking for counselling should not wait a fortnight.
    deadlines: { verification: { remindAfterSeconds: 1 * DAY, escalateAfterSeconds: 3 * DAY }, approval: { remindAfterSeconds: 1 * DAY, escalateAfterSeconds: 2 * DAY } },
  },
  {
    id: 'beasiswa',
    name: { id: 'Beasiswa Pendidikan', en: 'Education scholarship' },
    benefitType: 'CASH',
    amount: 900_000,
    periodKind: 'SEMESTER',
    enrolmentPeriods: 2,
    intake: { opensOn: '2026-01-01' },
    eligibility: [outsideServiceArea, desilAbove(4), ageBelow(6), ageAbove(24)],
    quotaPerDistrict: 100,
    deadlines: STANDARD_DEADLINES,
  },
];
