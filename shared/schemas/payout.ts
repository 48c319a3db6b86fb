/** What payout batch routes read: bodies, the path and query strings. */
import { z } from 'zod';
import { COLLECTION_DAYS } from '../domain/invitation.ts';
import type { MessageKey } from './messages.ts';
import { textSchema } from './text.ts';

/** `POST /api/payout-batches`: a programme and one of its periods (its format is checked against the programme). */
export const payoutBatchRequestSchema = z.strictObject({
  programId: z.string().regex(/^[a-z0-9-]{2,40}$/, 'programId.format' satisfies MessageKey),
  period: z.string().min(1).max(20),
});

export const batchIdSchema = z.uuid('batchId is not a payout batch id');

/** The checker rejects with words for the maker (audited, never shown to applicants). */
export const batchRejectionSchema = z.strictObject({ reason: textSchema('batchReason') });
/** The maker may say why they cancel. */
export const batchCancellationSchema = z.strictObject({ reason: textSchema('batchReason').optional() });

export const batchListQuerySchema = z.strictObject({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const invitationsQuerySchema = z.object({
  /** Which part of the batch's invitations (INVITATIONS_PER_PART households each). */
  part: z.coerce.number().int().min(1).default(1),
  /** Days the post office pays out, from today. */
  days: z.coerce.number().int().min(COLLECTION_DAYS.min).max(COLLECTION_DAYS.max).default(COLLECTION_DAYS.default),
});
