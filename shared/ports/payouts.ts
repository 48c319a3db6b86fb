/**
 * Ports of disbursement (issue #9): enrolments, entitlements and payout batches. Types only, so `shared/` stays
 * browser-safe; the DynamoDB adapters are in functions/lib/adapters/dynamo-enrolments.ts and dynamo-payouts.ts.
 */
import type { Enrolment, EnrolmentStatus } from '../domain/enrolment.ts';
import type { Entitlement } from '../domain/entitlement.ts';
import type { PaymentInstruction } from '../domain/payment-instruction.ts';
import type { PayoutBatch, PayoutBatchStatus } from '../domain/payout-batch.ts';
/** Enrolments, one per approved application (on its partition). */
export interface EnrolmentRepository {
  /** Stores the enrolment unless its application has one already (a repeat changes nothing); returns the stored one. */
  enrol(enrolment: Enrolment): Promise<Enrolment>;
  get(applicationId: string): Promise<Enrolment | undefined>;
  /** The stored enrolments of these applications (read consistently, many to a request). */
  getMany(applicationIds: readonly string[]): Promise<Enrolment[]>;
  /** Moves the status only if it is still `from` (a conditional write); undefined when it was not. */
  transition(applicationId: string, from: EnrolmentStatus, to: EnrolmentStatus, change: { reason: string; actor: string; at: string }): Promise<Enrolment | undefined>;
  /** A page of the ACTIVE enrolments of a programme in a city. */
  activePage(programId: string, regencyCode: string, page: { cursor?: string; limit: number }): Promise<Page<Enrolment>>;
}

/** Entitlements: at most one per id (beneficiary, programme, period), created by a conditional write. */
export interface EntitlementRepository {
  /** Creates the entitlement unless one with its id exists; returns the stored one (maybe another application's). */
  schedule(entitlement: Entitlement): Promise<Entitlement>;
  /** Every entitlement of a programme in a city, whatever its status, read a page at a time (by period, district). */
  inCity(programId: string, regencyCode: string): AsyncIterable<Entitlement>;
  /** The stored entitlements among these ids (missing ones are left out). */
  getMany(entitlementIds: readonly string[]): Promise<Entitlement[]>;
}

/** A page of a longer list; `cursor` resumes after it, undefined at the end. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** How entitlements enter and leave payout batches, each move one conditional write on the entitlement. */
export interface EntitlementPool {
  /** A page of the entitlements waiting for a batch (SCHEDULED, FAILED) of a programme, period and city. */
  waiting(programId: string, period: string, regencyCode: string, page: { cursor?: string; limit: number }): Promise<Page<Entitlement>>;
  /**
   * Takes a waiting entitlement into the batch (IN_BATCH, one more attempt) if it is still waiting, and returns it as
   * it now stands; undefined when it is not (another batch took it first), so two batches built at once never share one.
   */
  claim(entitlementId: string, batchId: string, at: string): Promise<Entitlement | undefined>;
  /** A page of the entitlements the batch holds (IN_BATCH or SENT). */
  inBatch(batchId: string, page: { cursor?: string; limit: number }): Promise<Page<Entitlement>>;
  /** IN_BATCH in this batch -> SENT (its payment instruction is on its way); false if it was not. */
  markSent(entitlementId: string, batchId: string, at: string): Promise<boolean>;
  /** IN_BATCH in this batch -> SCHEDULED, back in its pool (the batch was rejected or cancelled); false if it was not. */
  giveBack(entitlementId: string, batchId: string, at: string): Promise<boolean>;
}

/**
 * The snapshot of a batch: the active enrolments it was built from, in numbered pages (1, 2, ...), and what each page
 * put in the batch. Pages are what the workflow's map states fan out over, so no execution loops per entitlement.
 */
export interface SnapshotPage {
  batchId: string;
  page: number;
  applicationIds: string[];
  /**
   * Set once the page was claimed: the references of the instructions it put in the batch, their count and sum, and
   * how many of its enrolments' entitlements another open batch held.
   */
  claimed?: { references: string[]; count: number; amount: number; heldElsewhere: number };
}
export interface PayoutPageStore {
  /** Stores page `page` (replacing a copy a crash left) and then moves the batch's snapshot on, conditional on `page - 1`. */
  putPage(page: SnapshotPage, next: { cursor?: string }): Promise<void>;
  getPage(batchId: string, page: number): Promise<SnapshotPage | undefined>;
  recordClaimed(batchId: string, page: number, claimed: NonNullable<SnapshotPage['claimed']>): Promise<void>;
  /** The sums over every claimed page, read consistently (no index). */
  claimedTotals(batchId: string): Promise<{ pages: number; count: number; amount: number; heldElsewhere: number }>;
  /** Counts a disbursed page into the batch's progress once, however often it is reported. */
  markDisbursed(batchId: string, page: number, count: number, at: string): Promise<void>;
}

/** Payout batches of a city. */
export interface PayoutBatchRepository {
  create(batch: PayoutBatch): Promise<void>;
  get(batchId: string): Promise<PayoutBatch | undefined>;
  /**
   * Moves the status only if it is still `from`, with the other fields given in the same write; undefined when the
   * status was no longer `from`.
   */
  transition(batchId: string, from: PayoutBatchStatus, to: PayoutBatchStatus, change: Partial<PayoutBatch> & { updatedAt: string }): Promise<PayoutBatch | undefined>;
  /** A page of a city's batches, newest first. */
  listByCity(regencyCode: string, page: { cursor?: string; limit: number }): Promise<Page<PayoutBatch>>;
  /** The batches in a status (every city): what a restart resumes. */
  listByStatus(status: PayoutBatchStatus, page: { cursor?: string; limit: number }): Promise<Page<PayoutBatch>>;
  /** Marks a rejected or cancelled batch's entitlements as given back to the pool (the last step of its workflow). */
  markReturned(batchId: string, at: string): Promise<void>;
}

/** Payment instructions, one per reference (entitlement and attempt). */
export interface PaymentInstructionRepository {
  /** Stores the instruction unless its reference has one (a step run again); returns the stored one. */
  put(instruction: PaymentInstruction): Promise<PaymentInstruction>;
  byReference(reference: string): Promise<PaymentInstruction | undefined>;
  /** The stored instructions among these references, in their order (read consistently, many to a request). */
  getMany(references: readonly string[]): Promise<PaymentInstruction[]>;
  /** The reference of the batch's instruction for that application (a batch holds at most one per application). */
  referenceOfApplication(batchId: string, applicationReference: string): Promise<string | undefined>;
  /** A page of a batch's instructions, in reference order. */
  inBatch(batchId: string, page: { cursor?: string; limit: number }): Promise<Page<PaymentInstruction>>;
  /** PENDING -> SENT; false if it was not PENDING. */
  markSent(reference: string, at: string): Promise<boolean>;
}
