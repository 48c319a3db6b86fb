/** What payout batch routes read: bodies, the path and query strings. */
import * as z from 'zod';
import { COLLECTION_DAYS } from '../domain/invitation.ts';
import { m } from './messages.ts';
import { programIdSchema } from './program-edit.ts';
import { textSchema } from './text.ts';

/** `POST /api/payout-batches`: a programme and one of its periods (its format is checked against the programme). */
export const payoutBatchRequestSchema = z.strictObject({
  programId: programIdSchema,
  period: z.string().min(1).max(20),
});


/** The checker rejects with words for the maker (audited, never shown to applicants). */
export const batchRejectionSchema = z.strictObject({ reason: textSchema('batchReason') });
/** The maker may say why they cancel. */
export const batchCancellationSchema = z.strictObject({ reason: textSchema('batchReason').optional() });


export const invitationsQuerySchema = z.object({
  /** Which part of the batch's invitations (INVITATIONS_PER_PART households each). */
  part: z.coerce.number().int().min(1).default(1),
  /** Days the post office pays out, from today. */
  days: z.coerce.number().int().min(COLLECTION_DAYS.min).max(COLLECTION_DAYS.max).default(COLLECTION_DAYS.default),
});

/** Batches are named by a UUID when they are requested. */
export const batchIdSchema = z.uuid(m('batchId.format'));

/** `<beneficiary pseudonym, hex>.<period>` (entitlement.ts). */
export const entitlementIdSchema = z.string().regex(/^[0-9a-f]{32}\.(?:\d{4}-(?:0[1-9]|1[0-2])|\d{4}-S[12]|once)$/, m('entitlementId.format'));

/** The API names an exception by its stored key in base64url, so a key's `|` and free text never meet a URL path. */
export const exceptionKeySchema = z.string().regex(/^[A-Za-z0-9_-]{4,2000}$/, m('exceptionKey.format'));

export const pageQuerySchema = z.strictObject({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const resolveExceptionSchema = z.strictObject({ note: textSchema('exceptionNote') });

export const returnToPoolSchema = z.strictObject({ reason: textSchema('returnReason') });

/** `GET /api/reports/summary`: the caller's city unless it names one (admins must). */
export const summaryQuerySchema = z.strictObject({
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/, m('regencyCode.format')).optional(),
});
