/** Requests of the payout routes (issue #9): path parameters, bodies and queries, parsed by the handlers. */
import { z } from 'zod';
import { m } from './messages.ts';
import { textSchema } from './text.ts';

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
