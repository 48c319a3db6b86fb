/** `POST /api/programs/{programId}/versions`: an admin's edit of a programme's rules, published as its next version. */
import * as z from 'zod';
import { MAX_QUOTA_PER_DISTRICT } from '../domain/programs.ts';
import { reasonCodesFor } from '../domain/reason-codes.ts';
import type { ReasonCode } from '../domain/rejection-reasons.ts';
import { SCREENING_FACTS } from '../rules/facts.ts';
import { m } from './messages.ts';
import { textSchema } from './text.ts';

/** Programme ids are short lowercase slugs (sembako, modal-usaha). */
export const programIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, m('programId.format'));

const HOUR = 3600;
const date = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, m('programEdit.date'));
const seconds = z.number().int(m('programEdit.deadline')).min(HOUR, m('programEdit.deadline')).max(90 * 24 * HOUR, m('programEdit.deadline'));
const deadline = z.strictObject({ remindAfterSeconds: seconds, escalateAfterSeconds: seconds })
  .refine((d) => d.escalateAfterSeconds >= d.remindAfterSeconds, m('programEdit.deadline'));

/** One comparison of an applicant fact, as json-rules-engine reads it (rules/eligibility.ts). */
const condition = z.strictObject({
  fact: z.enum(SCREENING_FACTS, m('programEdit.rule')),
  operator: z.enum(['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn'], m('programEdit.rule')),
  // A list for in / notIn (region codes of the service area, for example).
  value: z.union([z.number(), z.boolean(), z.string().max(20), z.array(z.string().max(20)).max(100)], m('programEdit.rule')),
});
const conditions = z.array(condition, m('programEdit.rule')).min(1, m('programEdit.rule')).max(8, m('programEdit.rule'));
const rule = z.strictObject({
  reasonCode: z.enum(reasonCodesFor('screening') as [ReasonCode, ...ReasonCode[]], m('programEdit.rule')),
  rejectWhen: z.union([z.strictObject({ all: conditions }), z.strictObject({ any: conditions })], m('programEdit.rule')),
});

export const programEditSchema = z.strictObject({
  /** Why: kept on the version and in the audit trail. */
  note: textSchema('programNote'),
  amount: z.number(m('programEdit.amount')).int(m('programEdit.amount')).min(0, m('programEdit.amount')).max(100_000_000, m('programEdit.amount')).optional(),
  /** null takes the quota away. */
  quotaPerDistrict: z.number(m('programEdit.quota')).int(m('programEdit.quota')).min(1, m('programEdit.quota')).max(MAX_QUOTA_PER_DISTRICT, m('programEdit.quota')).nullable().optional(),
  enrolmentPeriods: z.number(m('programEdit.periods')).int(m('programEdit.periods')).min(1, m('programEdit.periods')).max(60, m('programEdit.periods')).optional(),
  intake: z.strictObject({ opensOn: date, closesOn: date.optional() }).optional(),
  deadlines: z.strictObject({ verification: deadline, approval: deadline, batchApproval: deadline.optional() }).optional(),
  eligibility: z.array(rule).max(20, m('programEdit.rule')).optional(),
}).refine((edit) => Object.keys(edit).some((k) => k !== 'note'), m('programEdit.nothing'));
export type ProgramEdit = z.infer<typeof programEditSchema>;
