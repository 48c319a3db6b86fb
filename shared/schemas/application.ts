import { z } from 'zod';
import { NIK_PATTERN, nikMatchesBirth, parseNik } from '../domain/identity.ts';

const digits = (n: number) => new RegExp(`^\\d{${n}}$`);

function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0));
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
}

/** Indonesian mobile numbers: 08…, 628…, +628…; stored as +62… */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^(\+62|62|0)8\d{7,11}$/, 'phone must be an Indonesian mobile number, e.g. 081234567890')
  .transform((p) => `+62${p.replace(/^(\+62|62|0)/, '')}`);

export const addressSchema = z.strictObject({
  provinceCode: z.string().regex(/^\d{2}$/, 'provinceCode must look like "36"'),
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/, 'regencyCode must look like "36.71"'),
  districtCode: z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/, 'districtCode must look like "36.71.01"'),
  villageCode: z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'villageCode must look like "36.71.01.1001"'),
  street: z.string().trim().min(3).max(200),
});

export const payoutSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('BANK'),
    bankCode: z.string().regex(digits(3), 'bankCode must be the 3-digit bank code'),
    accountNumber: z.string().regex(/^\d{6,20}$/, 'accountNumber must be 6 to 20 digits'),
    accountName: z.string().trim().min(2).max(100),
  }),
  z.strictObject({ method: z.literal('POS') }),
]);

export const createApplicationSchema = z
  .strictObject({
    programId: z.string().regex(/^[a-z0-9-]{2,40}$/, 'programId is not a programme id'),
    nik: z.string().regex(NIK_PATTERN, 'nik must be 16 digits'),
    kk: z.string().regex(digits(16), 'kk must be 16 digits'),
    fullName: z.string().trim().min(2).max(100),
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'birthDate must be YYYY-MM-DD').refine(isCalendarDate, 'birthDate is not a real date'),
    gender: z.enum(['M', 'F']),
    phone: phoneSchema,
    address: addressSchema,
    household: z.strictObject({
      members: z.number().int().min(1).max(30),
      monthlyIncome: z.number().int().min(0).max(1_000_000_000),
    }),
    payout: payoutSchema,
    consent: z.literal(true, 'consent must be true: the applicant agrees to the use of their data'),
  })
  .superRefine((body, ctx) => {
    const nik = parseNik(body.nik);
    if (!nik) return;
    if (!nikMatchesBirth(nik, body.birthDate, body.gender)) {
      ctx.addIssue({
        code: 'custom',
        path: ['nik'],
        message: 'nik date part does not match birthDate and gender (day + 40 for women)',
      });
    }
    if (!body.address.districtCode.startsWith(body.address.regencyCode) ||
        !body.address.regencyCode.startsWith(body.address.provinceCode) ||
        !body.address.villageCode.startsWith(body.address.districtCode)) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'village, district, regency and province do not nest' });
    }
  });

export type CreateApplicationInput = z.infer<typeof createApplicationSchema>;

export const statusCheckSchema = z.strictObject({
  reference: z.string().regex(/^[A-Z0-9-]{6,40}$/, 'reference is not a Jaring reference'),
  nik: z.string().regex(NIK_PATTERN, 'nik must be 16 digits'),
});

export const taskDecisionSchema = z.strictObject({
  decision: z.enum(['APPROVE', 'REJECT']),
  reasonCode: z.string().regex(/^[A-Z_]{3,40}$/, 'reasonCode must be an upper-case code').optional(),
  note: z.string().trim().max(1000).optional(),
}).refine((d) => d.decision === 'APPROVE' || d.reasonCode !== undefined, {
  path: ['reasonCode'],
  message: 'a rejection needs a reasonCode',
});
export type TaskDecisionInput = z.infer<typeof taskDecisionSchema>;

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const TASK_KINDS = ['verification', 'approval'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const taskListQuerySchema = z.strictObject({
  kind: z.enum(TASK_KINDS),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
