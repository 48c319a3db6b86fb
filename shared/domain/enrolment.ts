/**
 * Enrolment (DESIGN §3, issue #9): an approved application enrols its household in the programme for the periods
 * the programme's data gives (sembako 12 months, modal usaha once, beasiswa two semesters). Staff may suspend it
 * (no new entitlements while suspended), resume it, or end it, each with a reason that goes into the audit trail.
 */
import type { Application } from './application.ts';
import { DomainError } from './errors.ts';
import { periodsFrom } from './periods.ts';
import type { Program } from './programs.ts';

export const ENROLMENT_STATUSES = ['ACTIVE', 'SUSPENDED', 'ENDED'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/** The one transition table of enrolments; every status write is conditional on `from`. */
export const ENROLMENT_TRANSITIONS: Readonly<Record<EnrolmentStatus, readonly EnrolmentStatus[]>> = {
  ACTIVE: ['SUSPENDED', 'ENDED'],
  SUSPENDED: ['ACTIVE', 'ENDED'],
  ENDED: [],
};

export interface EnrolmentChange {
  n: number;
  from: EnrolmentStatus;
  to: EnrolmentStatus;
  reason: string;
  by: string;
  at: string;
}

export interface Enrolment {
  applicationId: string;
  reference: string;
  programId: string;
  /**
   * A keyed pseudonym of the NIK and the programme: every enrolment of one person in one programme has the same, so
   * their entitlements for a period are one (entitlementIdFor), however many applications the person made.
   */
  beneficiaryId: string;
  /** The city (regency) and district of the household: payout batches are built per city. */
  regencyCode: string;
  districtCode: string;
  /** Every period the enrolment covers, in order; entitlements are scheduled for these only. */
  periods: string[];
  status: EnrolmentStatus;
  /** Why it was last suspended, resumed or ended (staff words, never shown publicly). */
  statusReason?: string;
  /**
   * The latest change, stored in the same conditional write as the status, numbered: its audit event is derived from
   * it, so a crash between the write and the event is healed by recording it again (once, by its number).
   */
  lastChange?: EnrolmentChange;
  enrolledAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** How many periods an enrolment lasts when the programme's data does not say: one payment. */
const DEFAULT_ENROLMENT_PERIODS = 1;

export function newEnrolment(app: Application, program: Program, beneficiaryId: string, at: string): Enrolment {
  return {
    applicationId: app.applicationId,
    reference: app.reference,
    programId: app.programId,
    beneficiaryId,
    regencyCode: app.address.regencyCode,
    districtCode: app.address.districtCode,
    periods: periodsFrom(program.periodKind, app.period, program.enrolmentPeriods ?? DEFAULT_ENROLMENT_PERIODS),
    status: 'ACTIVE',
    enrolledAt: at,
    updatedAt: at,
    updatedBy: 'system:workflow',
  };
}

export function assertEnrolmentTransition(from: EnrolmentStatus, to: EnrolmentStatus): void {
  if (!ENROLMENT_TRANSITIONS[from].includes(to)) {
    throw new DomainError('Conflict', `Kepesertaan yang berstatus ${ENROLMENT_LABELS[from].id} tidak dapat menjadi ${ENROLMENT_LABELS[to].id} / an enrolment that is ${ENROLMENT_LABELS[from].en} cannot become ${ENROLMENT_LABELS[to].en}`);
  }
}

export const ENROLMENT_LABELS: Readonly<Record<EnrolmentStatus, { id: string; en: string }>> = {
  ACTIVE: { id: 'aktif', en: 'active' },
  SUSPENDED: { id: 'ditangguhkan', en: 'suspended' },
  ENDED: { id: 'berakhir', en: 'ended' },
};
