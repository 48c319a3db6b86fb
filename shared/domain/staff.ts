import { forbidden } from './errors.ts';
import type { TaskKind } from '../schemas/application.ts';

export const STAFF_ROLES = ['verifier', 'approver', 'finance', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  username: string;
  roles: StaffRole[];
  /** Region codes the officer works in: a city ("36.71") or a district ("36.71.01"). */
  regions: string[];
}

/**
 * The one authorization table: for every staff action, which roles may take it and whether it is limited to
 * the officer's regions. Every staff use-case asks `authorize`; nothing else decides who may do what.
 */
export const POLICY = {
  'application.read': { roles: ['verifier', 'approver', 'finance', 'admin'], scope: 'region' },
  'application.readNik': { roles: ['verifier', 'admin'], scope: 'region' },
  'application.audit': { roles: ['verifier', 'approver', 'admin'], scope: 'region' },
  'tasks.list.verification': { roles: ['verifier', 'approver', 'admin'], scope: 'region' },
  'tasks.list.approval': { roles: ['approver', 'admin'], scope: 'region' },
  // Work = claim, decide, ask for more information.
  'task.work.verification': { roles: ['verifier'], scope: 'region' },
  'task.work.approval': { roles: ['approver'], scope: 'region' },
  // An overdue task escalates one level up: verification to the approvers, approval to the admins.
  'task.work.escalated-verification': { roles: ['verifier', 'approver'], scope: 'region' },
  'task.work.escalated-approval': { roles: ['approver', 'admin'], scope: 'region' },
  'task.reassign': { roles: ['admin'], scope: 'all' },
  'staff.manage': { roles: ['admin'], scope: 'all' },
} as const satisfies Record<string, { roles: readonly StaffRole[]; scope: 'region' | 'all' }>;
export type StaffAction = keyof typeof POLICY;

const hasRole = (user: StaffUser, role: StaffRole) => user.roles.includes(role);

/** Admins work everywhere; others in their cities or districts. */
export const coversDistrict = (user: StaffUser, districtCode: string) =>
  hasRole(user, 'admin') || user.regions.some((r) => districtCode === r || districtCode.startsWith(`${r}.`));

/** Throws a 403 that says which rule refused: the role, or the region. */
export function authorize(user: StaffUser, action: StaffAction, districtCode?: string): void {
  const rule = POLICY[action];
  const roles: readonly StaffRole[] = rule.roles;
  if (!roles.some((r) => hasRole(user, r))) {
    throw forbidden(`${action} needs the role ${roles.join(' or ')}; ${user.username} has ${user.roles.join(', ') || 'no role'}`);
  }
  if (rule.scope === 'region' && districtCode !== undefined && !coversDistrict(user, districtCode)) {
    throw forbidden(`${user.username} does not work in district ${districtCode}`);
  }
}

export const isAllowed = (user: StaffUser, action: StaffAction, districtCode?: string): boolean => {
  try {
    authorize(user, action, districtCode);
    return true;
  } catch {
    return false;
  }
};

export function forbiddenUnless(condition: boolean, reason: string): void {
  if (!condition) throw forbidden(reason);
}

/** The action that working on a task needs: its kind, one level up once escalated. */
export const taskWorkAction = (kind: TaskKind, escalated: boolean): StaffAction =>
  escalated ? `task.work.escalated-${kind}` : `task.work.${kind}`;

/** Which queue scope a user lists: everything for admins, else their regions. */
export const listScope = (user: StaffUser): readonly string[] | 'all' => (hasRole(user, 'admin') ? 'all' : user.regions);
