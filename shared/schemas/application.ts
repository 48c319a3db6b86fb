import * as z from 'zod';
import { NIK_PATTERN, parseNik } from '../domain/identity.ts';
import { TASK_KINDS, TASK_STAGES, type TaskKind, type TaskSubject } from '../domain/human-task.ts';
import { PROVINCE_TIME_ZONES } from '../domain/periods.ts';
import { reasonCodesFor } from '../domain/reason-codes.ts';
import { ACCOUNT_NUMBER_PATTERN, BANK_CODE_PATTERN, HOUSEHOLD_MAX_MEMBERS, IDEMPOTENCY_KEY_PATTERN, KK_PATTERN, normaliseReference, PHONE_PATTERN, REFERENCE_PATTERN } from './formats.ts';
import { m, type MessageKey } from './messages.ts';
import { nikBirthIssues } from './nik-birth.ts';
import { usernameSchema } from './staff.ts';
import { textSchema } from './text.ts';

/** Which region codes exist (Kepmendagri, from idn-area-data on the server). */
export interface RegionCodes {
  has(code: string): boolean;
}

/** For the browser, where the region pickers offer only real codes and the server checks again. */
export const ANY_REGION: RegionCodes = { has: () => true };

function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0));
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
}

const districtCodeFormat = (message: MessageKey) => z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/, m(message));

/** Indonesian mobile numbers, stored as +62… */
const phoneSchema = z
  .string()
  .trim()
  .regex(PHONE_PATTERN, m('phone.format'))
  .transform((p) => `+62${p.replace(/^(\+62|62|0)/, '')}`);

const addressSchema = z.strictObject({
  provinceCode: z.string().regex(/^\d{2}$/, m('region.province')),
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/, m('region.regency')),
  districtCode: districtCodeFormat('region.district'),
  villageCode: z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, m('region.village')),
  street: textSchema('street'),
});

const payoutSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('BANK'),
    bankCode: z.string().regex(BANK_CODE_PATTERN, m('payout.bankCode')),
    accountNumber: z.string().regex(ACCOUNT_NUMBER_PATTERN, m('payout.accountNumber')),
    accountName: textSchema('accountName'),
  }),
  // Cash collected at the post office of a district (PT Pos), for households without a bank account.
  z.strictObject({ method: z.literal('POS'), districtCode: districtCodeFormat('payout.district') }),
]);

const count = z.number(m('household.count')).int(m('household.count')).min(0, m('household.count')).max(HOUSEHOLD_MAX_MEMBERS, m('household.count'));
const householdSchema = z
  .strictObject({
    members: z.number(m('household.members')).int(m('household.members')).min(1, m('household.members')).max(HOUSEHOLD_MAX_MEMBERS, m('household.members')),
    monthlyIncome: z.number(m('household.income')).int(m('household.income')).min(0, m('household.income')).max(1_000_000_000, m('household.income')),
    elderly: count.default(0),
    children: count.default(0),
    disabled: count.default(0),
    femaleHeaded: z.boolean().default(false),
  })
  .refine((h) => h.elderly <= h.members && h.children + h.elderly <= h.members && h.disabled <= h.members, {
    message: m('household.sizes'),
  });

/**
 * The application body (DESIGN §5). `regions` decides which codes are real; everything else is structural and
 * the same in the browser and on the server.
 */
export function applicationSchema(regions: RegionCodes, today: () => Date = () => new Date()) {
  return z
    .strictObject({
      programId: z.string().regex(/^[a-z0-9-]{2,40}$/, m('programId.format')),
      nik: z.string().regex(NIK_PATTERN, m('nik.digits')),
      kk: z.string().regex(KK_PATTERN, m('kk.digits')),
      fullName: textSchema('fullName'),
      birthDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, m('birthDate.format'))
        .refine(isCalendarDate, m('birthDate.real'))
        .refine((d) => d >= '1900-01-01' && d <= today().toISOString().slice(0, 10), m('birthDate.range')),
      gender: z.enum(['M', 'F'], m('gender.choose')),
      phone: phoneSchema,
      address: addressSchema,
      household: householdSchema,
      payout: payoutSchema,
      consent: z.literal(true, m('consent.required')),
    })
    .superRefine((body, ctx) => {
      const issue = (path: (string | number)[], message: MessageKey) => ctx.addIssue({ code: 'custom', path, message });
      const nik = parseNik(body.nik);
      if (nik && !regions.has(nik.districtCode)) issue(['nik'], 'nik.district');
      for (const found of nik ? nikBirthIssues(nik, body.birthDate, body.gender) : []) issue(found.path, found.message);
      const a = body.address;
      // Each level must exist and lie inside the one above it.
      if (!regions.has(a.provinceCode)) issue(['address', 'provinceCode'], 'region.province');
      else if (!a.regencyCode.startsWith(`${a.provinceCode}.`) || !regions.has(a.regencyCode)) issue(['address', 'regencyCode'], 'region.regency');
      else if (!a.districtCode.startsWith(`${a.regencyCode}.`) || !regions.has(a.districtCode)) issue(['address', 'districtCode'], 'region.district');
      else if (!a.villageCode.startsWith(`${a.districtCode}.`) || !regions.has(a.villageCode)) issue(['address', 'villageCode'], 'region.village');
      if (body.payout.method === 'POS' && !regions.has(body.payout.districtCode)) issue(['payout', 'districtCode'], 'payout.district');
    });
}

export type CreateApplicationInput = z.output<ReturnType<typeof applicationSchema>>;

/** The reference in any case and with any separators (formats.ts normaliseReference), as the applicant typed it. */
const referenceSchema = z.string().max(80, m('reference.format')).transform(normaliseReference).pipe(z.string().regex(REFERENCE_PATTERN, m('reference.format')));

/** The optional Idempotency-Key header of a submission (once-per-key.ts). */
export const idempotencyKeySchema = z.string().regex(IDEMPOTENCY_KEY_PATTERN, m('idempotencyKey.format')).optional();

/** The applicant's proof, a reference and its NIK: the status check and the withdrawal take the same body. */
export const statusCheckSchema = z.strictObject({
  reference: referenceSchema,
  nik: z.string().regex(NIK_PATTERN, m('nik.digits')),
});

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

/** The human-task stages are one table (domain/human-task.ts); the task schemas below follow it. */
export { TASK_KINDS, type TaskKind };

/** Codes staff may give at any stage; screening's own codes are not among them (domain/reason-codes.ts). */
const STAFF_REASON_CODES = [...new Set(TASK_KINDS.flatMap((kind) => reasonCodesFor(kind)))];

/**
 * A staff decision. The reason must come from the catalogue, never free text: the applicant reads it on the
 * public status check. With the task's kind, only the codes that stage may give (without it, any staff code:
 * the API description).
 */
export function taskDecisionSchema(kind?: TaskKind) {
  const anyStaffCode = z.enum(STAFF_REASON_CODES, m('reasonCode.unknown'));
  const reasonCode = kind ? anyStaffCode.refine((code) => reasonCodesFor(kind).includes(code), m(`reasonCode.${kind}`)) : anyStaffCode;
  return z
    .strictObject({
      decision: z.enum(['APPROVE', 'REJECT']),
      reasonCode: reasonCode.optional(),
      note: textSchema('decisionNote').optional(),
    })
    .refine((d) => d.decision === 'APPROVE' || d.reasonCode !== undefined, { path: ['reasonCode'], message: m('reasonCode.required') })
    // A reason on an approval would go into the audit trail for good, saying the opposite of the decision.
    .refine((d) => d.decision === 'REJECT' || d.reasonCode === undefined, { path: ['reasonCode'], message: m('reasonCode.approve') });
}
export type TaskDecisionInput = z.infer<ReturnType<typeof taskDecisionSchema>>;

export const taskListQuerySchema = z.strictObject({
  kind: z.enum(TASK_KINDS),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** `GET /api/programs`: whether intake is open and which period it is, on the clock of the applicant's province. */
export const programQuerySchema = z.strictObject({
  provinceCode: z.string().refine((code) => Object.hasOwn(PROVINCE_TIME_ZONES, code), m('provinceCode.unknown')).optional(),
});

export const regionQuerySchema = z.strictObject({
  parent: z.string().regex(/^\d{2}(\.\d{2}){0,2}$/, m('parent.format')).optional(),
});

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const applicationIdSchema = z.string().regex(new RegExp(`^${UUID}$`), 'applicationId is not an application id');
/** How each subject's ids are spelled: a task id is `<subject id>.<kind>` (domain/human-task.ts taskIdFor). */
const SUBJECT_ID_PATTERNS: Readonly<Record<TaskSubject, string>> = { application: UUID, batch: UUID };
const TASK_ID_PATTERN = TASK_KINDS.map((kind) => `${SUBJECT_ID_PATTERNS[TASK_STAGES[kind].subject]}\\.${kind}`).join('|');
export const taskIdSchema = z.string().regex(new RegExp(`^(?:${TASK_ID_PATTERN})$`), 'taskId is not a task id');

export const reassignSchema = z.strictObject({ username: usernameSchema });
export const infoRequestSchema = z.strictObject({
  /** Shown to the applicant on the status check: say what to bring or send, in plain words. */
  message: textSchema('informationRequest'),
});
