import * as z from 'zod';
import { FLAG_CODES } from '../domain/application.ts';
import { APPLICATION_STATUSES } from '../domain/application-status.ts';
import { REFERENCE_PATTERN } from './formats.ts';
import { m } from './messages.ts';
import { programIdSchema } from './program-edit.ts';

/**
 * `GET /api/applications`: the staff search. Every value is checked before anything is read, so a mistyped one is a
 * 400 naming the field rather than an empty list the officer would take for "no applications".
 */
export const applicationSearchQuerySchema = z.strictObject({
  status: z.enum(APPLICATION_STATUSES, m('status.unknown')).optional(),
  programId: programIdSchema.optional(),
  period: z.string().regex(/^(\d{4}-(0[1-9]|1[0-2])|\d{4}-S[12]|once)$/, m('period.format')).optional(),
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/, m('regencyCode.format')).optional(),
  districtCode: z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/, m('districtCode.format')).optional(),
  flag: z.enum(FLAG_CODES, m('flag.unknown')).optional(),
  overdue: z.enum(['true', 'false'], m('overdue.format')).transform((v) => v === 'true').optional(),
  reference: z.string().regex(REFERENCE_PATTERN, m('reference.format')).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
})
  .refine((q) => q.reference === undefined || Object.keys(q).every((k) => k === 'reference' || k === 'limit'), { path: ['reference'], message: m('reference.alone') })
  .refine((q) => !(q.overdue && q.period), { path: ['period'], message: m('overdue.period') })
  .refine((q) => !(q.regencyCode && q.districtCode && !q.districtCode.startsWith(`${q.regencyCode}.`)), { path: ['districtCode'], message: m('districtCode.outsideRegency') });

export type ApplicationSearchQuery = z.output<typeof applicationSearchQuerySchema>;
