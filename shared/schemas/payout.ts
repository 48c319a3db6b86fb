/** What payout batch routes read from the path and query string. */
import { z } from 'zod';
import { COLLECTION_DAYS } from '../domain/invitation.ts';

export const batchIdSchema = z.uuid('batchId is not a payout batch id');

export const invitationsQuerySchema = z.object({
  /** Which part of the batch's invitations (INVITATIONS_PER_PART households each). */
  part: z.coerce.number().int().min(1).default(1),
  /** Days the post office pays out, from today. */
  days: z.coerce.number().int().min(COLLECTION_DAYS.min).max(COLLECTION_DAYS.max).default(COLLECTION_DAYS.default),
});
