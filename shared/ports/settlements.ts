/**
 * Ports of reconciliation (issue #9 deliverable 6): how a bank's results settle payment instructions and move their
 * entitlements, and the exceptions list finance resolves. Types only, so `shared/` stays browser-safe; the DynamoDB
 * adapter is functions/lib/adapters/dynamo-settlements.ts.
 *
 * There are no transactions: each method is one conditional single-item write, and the use-case orders them so that
 * the instruction is the record of truth and everything else follows it (shared/use-cases/payout-reconcile.ts).
 */
import type { Entitlement } from '../domain/entitlement.ts';
import type { PaymentInstruction } from '../domain/payment-instruction.ts';
import type { ReconciliationException } from '../domain/reconciliation.ts';
import type { SettlementResult } from '../domain/reconciliation-row.ts';
import type { Page } from './payouts.ts';

/** Who recorded a fact, when, and from which line of the uploaded file. */
export interface RecordedFrom {
  line: number;
  by: string;
  at: string;
}

/** The bank's result as an instruction records it. */
export interface InstructionSettlement extends RecordedFrom {
  result: SettlementResult;
  bankRef?: string;
  failureReason?: string;
}

/** A PAID instruction the bank later reported FAILED: the money came back. The instruction stays PAID (it was paid). */
export interface ReversalRecord extends RecordedFrom {
  bankRef?: string;
  reason?: string;
}

/** An instruction with what reconciliation recorded on it. */
export type SettledInstruction = PaymentInstruction & {
  settledAt?: string;
  settledBy?: string;
  settledLine?: number;
  reversal?: ReversalRecord;
};

/** A reversed entitlement that finance put back in its pool: who, when, why. */
export interface ReturnRecord {
  paymentRef: string;
  by: string;
  at: string;
  reason: string;
}

/** An entitlement with the reference of the payment that last settled it (PAID, FAILED, REVERSED). */
export type SettledEntitlement = Entitlement & { paymentRef?: string; returned?: ReturnRecord };

export interface ExceptionResolution {
  by: string;
  at: string;
  note: string;
}

/** One exception of a batch, stored once per `key` however often its row is uploaded. */
export type StoredException = ReconciliationException & {
  batchId: string;
  recordedBy: string;
  recordedAt: string;
  resolved: boolean;
  resolution?: ExceptionResolution;
};

export interface SettlementStore {
  /** SENT -> PAID | FAILED with the result, if still SENT; the settled instruction, or undefined when it was not SENT. */
  settleInstruction(reference: string, settlement: InstructionSettlement): Promise<SettledInstruction | undefined>;
  /** The instruction with what reconciliation recorded on it (a consistent read). */
  getInstruction(reference: string): Promise<SettledInstruction | undefined>;
  /** As getInstruction for many at once (consistent batched reads), by reference; unknown references are absent. */
  getInstructions(references: readonly string[]): Promise<Map<string, SettledInstruction>>;
  /** Records a reversal on a PAID instruction that has none; undefined when it is not PAID or has one already. */
  recordReversal(reference: string, reversal: ReversalRecord): Promise<SettledInstruction | undefined>;
  /**
   * Moves the batch's SENT entitlement to the instruction's result; FAILED puts it back in its pool index in the same
   * write. False when it is not SENT in that batch (moved already).
   */
  settleEntitlement(entitlementId: string, batchId: string, result: SettlementResult, change: { paymentRef: string; at: string }): Promise<boolean>;
  /** PAID -> REVERSED, if it is PAID by that payment; out of every index, so no batch takes it by itself. */
  reverseEntitlement(entitlementId: string, paymentRef: string, at: string): Promise<boolean>;
  /** REVERSED -> SCHEDULED in its pool index, if still reversed from that payment, recording the return. */
  returnToPool(entitlementId: string, returned: ReturnRecord): Promise<boolean>;
  getEntitlement(entitlementId: string): Promise<SettledEntitlement | undefined>;
  /** Stores the exception unless its batch has one with its key; true when this call stored it. */
  putException(exception: StoredException): Promise<boolean>;
  getException(batchId: string, key: string): Promise<StoredException | undefined>;
  /** A page of a batch's exceptions, in key order. */
  listExceptions(batchId: string, page: { cursor?: string; limit: number }): Promise<Page<StoredException>>;
  /** Records the resolution if the exception is still unresolved; undefined when it was not. */
  resolveException(batchId: string, key: string, resolution: ExceptionResolution): Promise<StoredException | undefined>;
}

