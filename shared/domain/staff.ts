import { bilingual, type Bilingual } from './bilingual.ts';
import { DomainError, forbidden } from './errors.ts';
import type { StaffRole } from './staff-roles.ts';
import { queueRoles, TASK_KINDS, TASK_STAGES, type TaskKind } from './human-task.ts';

export { STAFF_ROLES, type StaffRole } from './staff-roles.ts';

export interface StaffUser {
  username: string;
  roles: StaffRole[];
  /** Region codes the officer works in: a city ("36.71") or a district ("36.71.01"). */
  regions: string[];
}

/** `what`: the action in the officer's words, for the refusal that names the rule. */
type Rule = { roles: readonly StaffRole[]; scope: 'region' | 'all'; what: Bilingual };

/** The roles as officers call them. */
const ROLE_NAMES: Readonly<Record<StaffRole, Bilingual>> = {
  verifier: { id: 'verifikator', en: 'verifier' },
  approver: { id: 'penyetuju', en: 'approver' },
  finance: { id: 'keuangan', en: 'finance' },
  admin: { id: 'admin', en: 'admin' },
  viewer: { id: 'pimpinan', en: 'head of office' },
};
const roleList = (roles: readonly StaffRole[], lang: keyof Bilingual, or: string) => roles.map((r) => ROLE_NAMES[r][lang]).join(` ${or} `);
type StageAction = `tasks.list.${TaskKind}` | `task.work.${TaskKind}` | `task.work.escalated-${TaskKind}`;

/**
 * Each human-task stage's actions, from its entry in the stage table: work (claim, decide, ask for more
 * information) is the deciding role's; an overdue task escalates one level up, to the stage's escalation role
 * besides; its queue lists for `queueRoles`.
 */
function stageRules(): Record<StageAction, Rule> {
  const rules = {} as Record<StageAction, Rule>;
  for (const kind of TASK_KINDS) {
    const { decidedBy, escalatesTo, label } = TASK_STAGES[kind];
    const stage = { id: label.id.toLowerCase(), en: label.en.toLowerCase() };
    rules[`tasks.list.${kind}`] = { roles: queueRoles(kind), scope: 'region', what: { id: `Melihat antrean tugas ${stage.id}`, en: `Seeing the ${stage.en} queue` } };
    rules[`task.work.${kind}`] = { roles: [decidedBy], scope: 'region', what: { id: `Mengerjakan tugas ${stage.id}`, en: `Working a ${stage.en} task` } };
    rules[`task.work.escalated-${kind}`] = { roles: [decidedBy, escalatesTo], scope: 'region', what: { id: `Mengerjakan tugas ${stage.id} yang terlambat`, en: `Working an overdue ${stage.en} task` } };
  }
  return rules;
}

/**
 * The one authorization table: for every staff action, which roles may take it and whether it is limited to
 * the officer's regions. Every staff use-case asks `authorize`; nothing else decides who may do what.
 */
export const POLICY = {
  'application.read': { roles: ['verifier', 'approver', 'finance', 'admin'], scope: 'region', what: { id: 'Melihat permohonan', en: 'Reading an application' } },
  // Searching lists many households at once: the officers who decide on them and admins; finance works from payout
  // batches and reads an application only when a payment points at it (data minimisation, UU 27/2022 PDP).
  'application.list': { roles: ['verifier', 'approver', 'admin'], scope: 'region', what: { id: 'Mencari permohonan', en: 'Searching applications' } },
  'application.readNik': { roles: ['verifier', 'admin'], scope: 'region', what: { id: 'Melihat NIK lengkap', en: 'Seeing a full NIK' } },
  'application.audit': { roles: ['verifier', 'approver', 'admin'], scope: 'region', what: { id: 'Melihat riwayat permohonan', en: 'Reading an application\'s history' } },
  ...stageRules(),
  'task.reassign': { roles: ['admin'], scope: 'all', what: { id: 'Mengalihkan tugas', en: 'Reassigning a task' } },
  'staff.manage': { roles: ['admin'], scope: 'all', what: { id: 'Mengelola akun petugas', en: 'Managing staff accounts' } },
  // A programme's rules, amounts and quotas are the office's; each edit is a new, audited version.
  // The messages to applicants: their texts name references, so admins only; the outbox holds no phone number.
  'notifications.read': { roles: ['admin'], scope: 'all', what: { id: 'Melihat SMS untuk pemohon', en: 'Seeing the text messages to applicants' } },
  'program.manage': { roles: ['admin'], scope: 'all', what: { id: 'Mengubah aturan program', en: 'Changing a programme\'s rules' } },
  // Suspending, resuming or ending a household's enrolment is a programme decision: approvers of its city, admins.
  'enrolment.manage': { roles: ['approver', 'admin'], scope: 'region', what: { id: 'Mengubah kepesertaan', en: 'Changing an enrolment' } },
  // Money moves only by finance officers of the city, never by an admin (segregation of duties).
  'payout.read': { roles: ['finance'], scope: 'region', what: { id: 'Melihat kumpulan pembayaran', en: 'Seeing payout batches' } },
  'payout.prepare': { roles: ['finance'], scope: 'region', what: { id: 'Menyusun kumpulan pembayaran', en: 'Preparing payout batches' } },
  'payout.reconcile': { roles: ['finance'], scope: 'region', what: { id: 'Mencatat hasil pembayaran dari bank', en: 'Recording the bank\'s payment results' } },
  // Counts and amounts, no personal data: the office's finance, its approvers (programme decisions), admins, and the
  // heads of office (viewer), whose only action this is.
  'report.read': { roles: ['finance', 'approver', 'admin', 'viewer'], scope: 'region', what: { id: 'Melihat laporan dan dasbor', en: 'Reading reports and the dashboard' } },
} as const satisfies Record<string, Rule>;
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
    throw forbidden(bilingual(
      `${rule.what.id} hanya untuk peran ${roleList(roles, 'id', 'atau')}; ${user.username} berperan ${roleList(user.roles, 'id', 'dan') || 'tanpa peran'}`,
      `${rule.what.en} needs the role ${roleList(roles, 'en', 'or')}; ${user.username} has ${roleList(user.roles, 'en', 'and') || 'no role'}`,
    ));
  }
  if (rule.scope === 'region' && districtCode !== undefined && !coversDistrict(user, districtCode)) {
    throw forbidden(bilingual(`${user.username} tidak bertugas di wilayah ${districtCode}`, `${user.username} does not work in district ${districtCode}`));
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

/** Every action the officer's roles allow (in their regions, for the region-scoped ones): what the console offers. */
export const allowedActions = (user: StaffUser): StaffAction[] =>
  (Object.keys(POLICY) as StaffAction[]).filter((action) => isAllowed(user, action));

export function forbiddenUnless(condition: boolean, reason: string): void {
  if (!condition) throw forbidden(reason);
}

/** The action that working on a task needs: its kind, one level up once escalated. */
export const taskWorkAction = (kind: TaskKind, escalated: boolean): StaffAction =>
  escalated ? `task.work.escalated-${kind}` : `task.work.${kind}`;

/** Which queue scope a user lists: everything for admins, else their regions. */
export const listScope = (user: StaffUser): readonly string[] | 'all' => (hasRole(user, 'admin') ? 'all' : user.regions);

/** What an admin changes on an officer's account: its access, or its roles. */
export interface AccountChange {
  disabled?: boolean;
  roles?: readonly StaffRole[];
}

type AccountState = { username: string; roles: readonly StaffRole[]; disabled: boolean };

const refuse = (message: string) => new DomainError('Conflict', message);

/** Does the change take the admin role or its use away from an admin account (enabled or not)? */
export const withdrawsAdmin = (target: Pick<AccountState, 'roles'>, change: AccountChange): boolean =>
  target.roles.includes('admin') && (change.disabled === true || (change.roles !== undefined && !change.roles.includes('admin')));

/**
 * The office must always keep an enabled admin, or nobody can enable anyone again. Refuses (409) disabling or
 * demoting yourself, and a change that would leave none of `enabledAdmins` (the directory's list) besides the
 * target. The acting admin must be on that list: the directory takes the target off it only on that condition
 * (one conditional write), so the actor is who remains.
 */
export function assertAnAdminRemains(actor: string, target: AccountState, change: AccountChange, enabledAdmins: readonly string[]): void {
  if (!withdrawsAdmin(target, change)) return;
  if (actor === target.username) {
    throw refuse(change.disabled === true
      ? 'Anda tidak dapat menonaktifkan akun Anda sendiri; minta admin lain / you cannot disable your own account; ask another admin'
      : 'Anda tidak dapat mencabut peran admin Anda sendiri; minta admin lain / you cannot take away your own admin role; ask another admin');
  }
  if (!enabledAdmins.some((username) => username !== target.username)) {
    throw refuse(`${target.username} adalah satu-satunya admin aktif; aktifkan admin lain dulu / ${target.username} is the only enabled admin; enable another admin first`);
  }
  if (!enabledAdmins.includes(actor)) {
    throw refuse(`Akun Anda (${actor}) tidak ada di daftar admin aktif; masuk ulang lalu coba lagi / your account (${actor}) is not on the list of enabled admins; sign in again and retry`);
  }
}
