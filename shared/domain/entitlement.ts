/**
 * Entitlements (DESIGN §3, issue #9): what one beneficiary is owed by one programme for one period. There is exactly
 * one per (beneficiary, programme, period), whatever applications the person made: its id is a keyed pseudonym of the
 * NIK, programme and period, and it is created by a conditional write. Amounts are whole rupiah.
 */
import type { PaymentView } from './application.ts';
import type { Enrolment } from './enrolment.ts';
import type { Program } from './programs.ts';

export const ENTITLEMENT_STATUSES = ['SCHEDULED', 'IN_BATCH', 'SENT', 'PAID', 'FAILED', 'REVERSED'] as const;
export type EntitlementStatus = (typeof ENTITLEMENT_STATUSES)[number];

/**
 * The one transition table of entitlements. FAILED goes back to the pool for the next batch of its period; a batch
 * rejected or cancelled returns its entitlements to SCHEDULED; PAID is final but for a reversal the bank reports,
 * which goes back to the pool only by an explicit finance action (REVERSED -> SCHEDULED), never by itself.
 */
export const ENTITLEMENT_TRANSITIONS: Readonly<Record<EntitlementStatus, readonly EntitlementStatus[]>> = {
  SCHEDULED: ['IN_BATCH'],
  IN_BATCH: ['SENT', 'SCHEDULED'],
  SENT: ['PAID', 'FAILED'],
  PAID: ['REVERSED'],
  FAILED: ['IN_BATCH'],
  REVERSED: ['SCHEDULED'],
};

/** Statuses an entitlement waits in for the next batch of its period. */
export const POOL_STATUSES: readonly EntitlementStatus[] = ['SCHEDULED', 'FAILED'];

export interface Entitlement {
  entitlementId: string;
  applicationId: string;
  reference: string;
  programId: string;
  period: string;
  regencyCode: string;
  districtCode: string;
  /** Whole rupiah: the programme's amount when scheduled; a batch freezes its own copy when the entitlement enters. */
  amount: number;
  status: EntitlementStatus;
  /** The batch it is in (IN_BATCH, SENT) or was last settled by (PAID, FAILED, REVERSED). */
  batchId?: string;
  /** How many batches it has entered: a payment instruction's idempotency key is derived from it. */
  attempts: number;
  scheduledAt: string;
  updatedAt: string;
}

/** Whether a programme pays through batches at all: services (training, counselling) pay no money. */
export const paysMoney = (program: Pick<Program, 'benefitType'>) => program.benefitType !== 'SERVICE';

/** One per (beneficiary, programme, period): the beneficiary id already names the person and the programme. */
export const entitlementIdFor = (beneficiaryId: string, period: string) => `${beneficiaryId}.${period}`;

export function newEntitlement(enrolment: Enrolment, program: Program, period: string, at: string): Entitlement {
  if (!Number.isSafeInteger(program.amount) || program.amount <= 0) throw new RangeError(`Programme ${program.id} has no whole-rupiah amount`);
  return {
    entitlementId: entitlementIdFor(enrolment.beneficiaryId, period),
    applicationId: enrolment.applicationId,
    reference: enrolment.reference,
    programId: program.id,
    period,
    regencyCode: enrolment.regencyCode,
    districtCode: enrolment.districtCode,
    amount: program.amount,
    status: 'SCHEDULED',
    attempts: 0,
    scheduledAt: at,
    updatedAt: at,
  };
}

/** What the applicant's status check shows of each period's payment. */
export const paymentView = (e: Pick<Entitlement, 'period' | 'status' | 'amount'>): PaymentView => ({ period: e.period, status: e.status, amount: e.amount });
