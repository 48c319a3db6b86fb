/**
 * A payment instruction: one entitlement's payment in one batch, frozen when the batch is built (amount, method,
 * account or pickup data), so a later edit to the application, the registry or the programme does not change it.
 * Its reference is derived from the entitlement and its attempt (payment-reference.ts), which makes it the
 * idempotency key of the payment: one instruction per entitlement and attempt, written by a conditional put.
 */
import type { Application } from './application.ts';
import type { Entitlement } from './entitlement.ts';
import type { PaymentFileRow } from './payment-file.ts';

export const INSTRUCTION_STATUSES = ['PENDING', 'SENT', 'PAID', 'FAILED'] as const;
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number];

export type PaymentInstruction = PaymentFileRow & {
  batchId: string;
  entitlementId: string;
  applicationId: string;
  /** The application's reference, which the applicant and the office know it by. */
  applicationReference: string;
  districtCode: string;
  status: InstructionStatus;
  bankRef?: string;
  failureReason?: string;
};

/** The instruction of an entitlement entering a batch, from the application as it stands now. */
export function freezeInstruction(
  batchId: string,
  entitlement: Entitlement,
  app: Application,
  frozen: { reference: string; pickupCode: string; districtName: string },
): PaymentInstruction {
  const common = {
    batchId, entitlementId: entitlement.entitlementId, applicationId: app.applicationId, applicationReference: app.reference,
    reference: frozen.reference, amount: entitlement.amount, status: 'PENDING' as const,
  };
  if (app.payout.method === 'BANK') {
    return { ...common, method: 'BANK', bankCode: app.payout.bankCode, accountNumber: app.payout.accountNumber, accountName: app.payout.accountName, districtCode: entitlement.districtCode };
  }
  return { ...common, method: 'POS', name: app.fullName, districtCode: app.payout.districtCode, districtName: frozen.districtName, pickupCode: frozen.pickupCode };
}
