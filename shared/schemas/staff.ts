import * as z from 'zod';
import { STAFF_ROLES } from '../domain/staff.ts';
import { m } from './messages.ts';

export const usernameSchema = z.string().regex(/^[a-z0-9._-]{2,64}$/, m('username.format'));

export const staffAccessSchema = z
  .strictObject({ disabled: z.boolean().optional(), revokeTokens: z.literal(true).optional() })
  .refine((b) => b.disabled !== undefined || b.revokeTokens !== undefined, { message: m('staffAccess.nothing') });

/** `custom:regions` holds at most 2,048 characters: 100 district codes and their commas fit. */
const MAX_REGIONS = 100;
const regionCodeSchema = z.string().regex(/^\d{2}(\.\d{2}){0,2}$/, m('staffRegions.format'));

/** An admin sets an officer's roles and regions (each region a province, city or district code). */
export const staffRolesSchema = z.strictObject({
  roles: z.array(z.enum(STAFF_ROLES, { error: m('staffRoles.unknown') }))
    .min(1, m('staffRoles.required'))
    .refine((roles) => new Set(roles).size === roles.length, m('staffRoles.twice')),
  regions: z.array(regionCodeSchema).max(MAX_REGIONS, m('staffRegions.tooMany')),
}).refine((b) => b.regions.length > 0 || (b.roles.length === 1 && b.roles[0] === 'admin'), { path: ['regions'], message: m('staffRegions.required') });
export type StaffRolesChange = z.infer<typeof staffRolesSchema>;
