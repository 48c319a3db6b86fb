import { DomainError, notFound, unauthorized, validationError } from '../domain/errors.ts';
import { assertAnAdminRemains, authorize, withdrawsAdmin, type AccountChange, type StaffRole, type StaffUser } from '../domain/staff.ts';
import type { RegionDirectory } from '../ports/index.ts';
import type { StaffAccountState } from '../ports/staff-directory.ts';
import type { StaffRolesChange } from '../schemas/staff.ts';
import { m } from '../schemas/messages.ts';
import type { Deps } from './deps.ts';

const noOfficer = (username: string) => notFound(`Tidak ada petugas dengan akun ${username} / there is no officer with the account ${username}`);

/**
 * Whether a verified token may still act: its officer must be in the staff directory and not disabled, and the
 * token must be newer than the account's last revocation. (API Gateway's JWT authorizer checks signature and
 * expiry only.) Every sign-in records the officer first (Cognito's trigger on AWS, the local login here), so an
 * officer the directory does not know holds a token nobody issued through a sign-in.
 */
export async function assertTokenStillValid(deps: Pick<Deps, 'staff'>, username: string, issuedAtSeconds: number | undefined): Promise<void> {
  const account = await deps.staff.get(username);
  if (!account) throw unauthorized(`Akun ${username} tidak dikenal; silakan masuk lagi / the account ${username} is not known, sign in again`);
  if (account.disabled) throw unauthorized(`Akun ${username} dinonaktifkan; hubungi admin / the account ${username} is disabled, ask an admin`);
  if (account.tokensValidAfter && (issuedAtSeconds ?? 0) * 1000 < Date.parse(account.tokensValidAfter)) {
    throw unauthorized('Sesi ini sudah dicabut; silakan masuk lagi / this token was revoked, sign in again');
  }
}

/**
 * An admin disables or re-enables an officer, or revokes every token issued so far (signing yourself out
 * everywhere included). Disabling an admin keeps an enabled admin: the last-admin rule (staff.ts) judges it on the
 * directory's list, and the directory takes the admin off that list only while the acting admin is on it, in one
 * conditional write. Two admins disabling each other at once: the second write finds its actor gone and is refused.
 */
export async function setStaffAccess(
  deps: Pick<Deps, 'staff' | 'clock'>,
  admin: StaffUser,
  username: string,
  change: { disabled?: boolean; revokeTokens?: true },
): Promise<StaffAccountState> {
  authorize(admin, 'staff.manage');
  const account = await deps.staff.get(username);
  if (!account) throw noOfficer(username);
  await withdrawAdminIfNeeded(deps, admin.username, account, { disabled: change.disabled });
  // Disabling also revokes: a disabled officer's tokens must not come back to life when re-enabled.
  const revoke = change.revokeTokens === true || change.disabled === true;
  const updated = await deps.staff.setAccess(username, { disabled: change.disabled, tokensValidAfter: revoke ? deps.clock.now().toISOString() : undefined });
  if (!updated) throw noOfficer(username);
  return updated;
}

/**
 * An admin sets an officer's roles and regions. The identity provider holds them (sign-ins read them from there),
 * so the change goes there, then into the directory. Tokens carry roles and regions as claims, so they are revoked
 * first (unless the directory already holds the change): a crash after that leaves the officer signing in again to
 * what the provider holds, old or new, never a token that outlives the change. Taking the admin role away keeps an
 * enabled admin, as disabling does.
 */
export async function setStaffRoles(
  deps: Pick<Deps, 'staff' | 'identity' | 'regions' | 'clock'>,
  admin: StaffUser,
  username: string,
  change: StaffRolesChange,
): Promise<StaffAccountState> {
  authorize(admin, 'staff.manage');
  const regions = await knownRegions(deps.regions, change.regions);
  const account = await deps.staff.get(username);
  if (!account) throw noOfficer(username);
  await withdrawAdminIfNeeded(deps, admin.username, account, { roles: change.roles });
  // The directory holds what the last sign-in's token carries: when that is already the change, no token is stale.
  const sameAsTokens = sameSet(account.roles, change.roles) && sameSet(account.regions, regions);
  if (!sameAsTokens) await deps.staff.setAccess(username, { tokensValidAfter: deps.clock.now().toISOString() });
  if (!(await deps.identity.setRolesAndRegions(username, { roles: change.roles, regions }))) throw noOfficer(username);
  return deps.staff.sync({ username, roles: [...change.roles], regions });
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === new Set(b).size && a.every((x) => b.includes(x));

/** The codes once each, in order, each a region of the official list (its parent's children): a 400 names the first unknown. */
async function knownRegions(directory: RegionDirectory, codes: readonly string[]): Promise<string[]> {
  const unique = [...new Set(codes)].sort();
  for (const code of unique) {
    const parent = code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : undefined;
    const siblings = await directory.children(parent);
    if (!siblings?.some((region) => region.code === code)) {
      throw validationError(`Unknown region ${code}`, [{ path: `regions.${codes.indexOf(code)}`, message: m('staffRegions.unknown') }]);
    }
  }
  return unique;
}

/** The admin's list of every staff account, by username, a page at a time (the identity provider owns roles and regions). */
export async function listStaff(deps: Pick<Deps, 'staff'>, admin: StaffUser, page: { cursor?: string; limit: number }) {
  authorize(admin, 'staff.manage');
  const found = await deps.staff.list(page);
  return {
    items: found.items.map((a) => ({ username: a.username, roles: a.roles, regions: a.regions, disabled: a.disabled, tokensValidAfter: a.tokensValidAfter ?? null })),
    nextCursor: found.cursor ?? null,
  };
}

/** How often a refused withdrawal is judged again on a fresh list before the admin is asked to retry. */
const WITHDRAW_ATTEMPTS = 3;

/**
 * Before a change takes an admin away (disabling, or a role change without admin): judges it on
 * the list of enabled admins, then takes the admin off the list on the condition that the actor is still on it.
 * A refused write means the list changed since it was read, so it is judged again on the list as it is now.
 */
async function withdrawAdminIfNeeded(deps: Pick<Deps, 'staff'>, actor: string, target: StaffAccountState, change: AccountChange): Promise<void> {
  if (!withdrawsAdmin(target, change)) return;
  for (let attempt = 0; attempt < WITHDRAW_ATTEMPTS; attempt++) {
    assertAnAdminRemains(actor, target, change, await deps.staff.enabledAdmins());
    if (await deps.staff.withdrawAdmin(target.username, actor)) return;
  }
  throw new DomainError('Conflict', 'Daftar admin aktif baru saja berubah; coba lagi / the list of enabled admins changed just now; try again');
}

/**
 * At every sign-in (Cognito's pre-token-generation trigger on AWS): record the officer's roles and regions in
 * the staff directory, and refuse a token to a disabled account.
 */
export async function signInOfficer(deps: Pick<Deps, 'staff'>, officer: { username: string; roles: StaffRole[]; regions: string[] }): Promise<StaffAccountState> {
  const account = await deps.staff.sync(officer);
  if (account.disabled) throw unauthorized(`Akun ${officer.username} dinonaktifkan; hubungi admin / the account ${officer.username} is disabled, ask an admin`);
  return account;
}
