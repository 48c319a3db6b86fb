/**
 * Payout batches (DESIGN §3-§5, issue #9): a finance officer of a city prepares one per programme and period, a second
 * officer approves it, its payment file goes to the bank or post office, and the bank's results settle its items.
 */
import { DomainError } from './errors.ts';

export const PAYOUT_BATCH_STATUSES = [
  'BUILDING', 'AWAITING_APPROVAL', 'DISBURSING', 'AWAITING_RECONCILIATION', 'COMPLETED', 'REJECTED', 'CANCELLED', 'EMPTY',
] as const;
export type PayoutBatchStatus = (typeof PAYOUT_BATCH_STATUSES)[number];

/** The one transition table of batches; every status write is conditional on `from`. */
export const PAYOUT_BATCH_TRANSITIONS: Readonly<Record<PayoutBatchStatus, readonly PayoutBatchStatus[]>> = {
  BUILDING: ['AWAITING_APPROVAL', 'EMPTY', 'CANCELLED'],
  AWAITING_APPROVAL: ['DISBURSING', 'REJECTED', 'CANCELLED'],
  DISBURSING: ['AWAITING_RECONCILIATION'],
  AWAITING_RECONCILIATION: ['COMPLETED'],
  COMPLETED: [],
  REJECTED: [],
  CANCELLED: [],
  EMPTY: [],
};

/** What finance reads for each status (the console and the messages). */
export const PAYOUT_BATCH_LABELS: Readonly<Record<PayoutBatchStatus, { id: string; en: string }>> = {
  BUILDING: { id: 'sedang disusun', en: 'being built' },
  AWAITING_APPROVAL: { id: 'menunggu persetujuan', en: 'awaiting approval' },
  DISBURSING: { id: 'sedang disalurkan', en: 'disbursing' },
  AWAITING_RECONCILIATION: { id: 'menunggu hasil bank', en: 'awaiting the bank\'s results' },
  COMPLETED: { id: 'selesai', en: 'completed' },
  REJECTED: { id: 'ditolak', en: 'rejected' },
  CANCELLED: { id: 'dibatalkan', en: 'cancelled' },
  EMPTY: { id: 'kosong: tidak ada yang perlu dibayar', en: 'empty: nothing to pay' },
};

export interface PayoutBatch {
  batchId: string;
  programId: string;
  period: string;
  /** The city whose finance office built it: only its entitlements enter. */
  regencyCode: string;
  status: PayoutBatchStatus;
  itemCount: number;
  /** Whole rupiah: the sum of the frozen amounts of its items. */
  totalAmount: number;
  progress: { done: number; total: number };
  createdBy: string;
  createdAt: string;
  approvedBy?: string;
  approvedAt?: string;
  /** How far its snapshot went: pages stored, where the next one starts, and whether it is whole. */
  snapshot?: { pages: number; cursor?: string; done: boolean };
  /** The stored payment file, as its audit trail records it. */
  paymentFile?: { name: string; size: number; sha256: string; rowCount: number; controlTotal: number; exportedAt: string };
  /** Set once a rejected or cancelled batch gave all its entitlements back to the pool. */
  returnedAt?: string;
  /** Who rejected or cancelled it, and why. */
  closedBy?: string;
  closeReason?: string;
  /** For finance: why the batch stands where it does (e.g. an empty batch). */
  message?: { id: string; en: string };
  updatedAt: string;
}

export function assertBatchTransition(from: PayoutBatchStatus, to: PayoutBatchStatus): void {
  if (!PAYOUT_BATCH_TRANSITIONS[from].includes(to)) {
    throw new DomainError('Conflict', `Kumpulan pembayaran yang ${PAYOUT_BATCH_LABELS[from].id} tidak dapat menjadi ${PAYOUT_BATCH_LABELS[to].id} / a payout batch that is ${PAYOUT_BATCH_LABELS[from].en} cannot become ${PAYOUT_BATCH_LABELS[to].en}`);
  }
}

export function newPayoutBatch(input: { batchId: string; programId: string; period: string; regencyCode: string; createdBy: string }, at: string): PayoutBatch {
  return { ...input, status: 'BUILDING', itemCount: 0, totalAmount: 0, progress: { done: 0, total: 0 }, createdAt: at, updatedAt: at };
}

/** Where a batch's payment file is stored (the export step writes it once the batch is approved). */
export const paymentFileKey = (batchId: string) => ({ batchId, name: 'pembayaran.csv' });

/** Statuses in which the batch's payment file exists: it is written before the batch awaits the bank's results. */
export const EXPORTED_STATUSES: readonly PayoutBatchStatus[] = ['AWAITING_RECONCILIATION', 'COMPLETED'];
