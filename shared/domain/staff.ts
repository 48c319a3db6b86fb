import { forbidden } from './errors.ts';
import type { TaskKind } from '../schemas/application.ts';

export const STAFF_ROLES = ['verifier', 'approver', 'finance', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  username: string;
  roles: StaffRole[];
  /** Region codes the officer works in: a city ("36.71") or a district ("36.71.01"). Admins see all. */
  regions: string[];
}

export const ROLE_FOR_TASK: Record<TaskKind, StaffRole> = { verification: 'verifier', approval: 'approver' };

export const hasRole = (user: StaffUser, role: StaffRole) => user.roles.includes(role);

export const coversDistrict = (user: StaffUser, districtCode: string) =>
  hasRole(user, 'admin') || user.regions.some((r) => districtCode === r || districtCode.startsWith(`${r}.`));

export function requireRole(user: StaffUser, ...roles: StaffRole[]): void {
  if (!roles.some((r) => hasRole(user, r))) {
    throw forbidden(`This needs the role ${roles.join(' or ')}; ${user.username} has ${user.roles.join(', ') || 'none'}`);
  }
}

export function requireDistrict(user: StaffUser, districtCode: string): void {
  if (!coversDistrict(user, districtCode)) {
    throw forbidden(`${user.username} does not work in district ${districtCode}`);
  }
}
