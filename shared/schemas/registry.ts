import * as z from 'zod';
import { NIK_PATTERN, parseNik } from '../domain/identity.ts';
import type { RegionCodes } from './application.ts';
import { KK_PATTERN } from './formats.ts';

/** One row of a DTSEN-like registry CSV: `nik,kk,desil,district_code`. */
export function registryRowSchema(regions: RegionCodes) {
  return z
    .object({
      nik: z.string().trim().regex(NIK_PATTERN, 'nik must be 16 digits'),
      kk: z.string().trim().regex(KK_PATTERN, 'kk must be 16 digits'),
      desil: z.string().trim().regex(/^([1-9]|10)$/, 'desil must be a whole number from 1 to 10').transform(Number),
      district_code: z.string().trim().regex(/^\d{2}\.\d{2}\.\d{2}$/, 'district_code must look like 36.71.01'),
    })
    .superRefine((row, ctx) => {
      const nik = parseNik(row.nik);
      if (nik && !regions.has(nik.districtCode)) ctx.addIssue({ code: 'custom', path: ['nik'], message: 'the first six digits of nik are not a registered district code' });
      if (!regions.has(row.district_code)) ctx.addIssue({ code: 'custom', path: ['district_code'], message: 'district_code is not a registered district' });
    })
    .transform((row) => ({ nik: row.nik, kk: row.kk, desil: row.desil, districtCode: row.district_code }));
}
