/**
 * The staff roles, apart from the policy (staff.ts) that is derived from the human-task stages, because the stage
 * table names which role decides each stage.
 * `viewer`: a head of office, who reads the dashboard's counts and amounts and decides nothing.
 */
export const STAFF_ROLES = ['verifier', 'approver', 'finance', 'admin', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
