import { notFound, unauthorized } from '../domain/errors.ts';
import { authorize, type StaffRole, type StaffUser } from '../domain/staff.ts';
import type { StaffAccountState } from '../ports/index.ts';
import type { Deps } from './deps.ts';

/**
 * Whether a verified token may still act: its officer must be in the staff directory and not disabled, and the
 * token must be newer than the account's last revocation. (API Gateway's JWT authorizer checks signature and
 * expiry only.) Every sign-in records the officer first (Cognito's trigger on AWS, the local login here), so an
 * officer the directory does not know holds a token nobody issued through a sign-in.
 */
export async function assertTokenStillValid(deps: Pick<Deps, 'staff'>, username: string, issuedAtSeconds: number | undefined): Promise<void> {
  const account = await deps.staff.get(username);
  if (!account) throw unauthorized(`Akun ${username} tidak dikenal; silakan masuk lagi / the account ${username} is not known, sign in again`);
  if (account.disabled) throw unauthorized(`The account ${username} is disabled`);
  if (account.tokensValidAfter && (issuedAtSeconds ?? 0) * 1000 < Date.parse(account.tokensValidAfter)) {
    throw unauthorized('This token was revoked; sign in again');
  }
}

/** An admin disables or re-enables an officer, or revokes every token issued so far. */
export async function setStaffAccess(
  deps: Pick<Deps, 'staff' | 'clock'>,
  admin: StaffUser,
  username: string,
  change: { disabled?: boolean; revokeTokens?: true },
): Promise<StaffAccountState> {
  authorize(admin, 'staff.manage');
  const account = await deps.staff.get(username);
  if (!account) throw notFound(`No officer ${username}`);
  // Disabling also revokes: a disabled officer's tokens must not come back to life when re-enabled.
  const revoke = change.revokeTokens === true || change.disabled === true;
  const updated: StaffAccountState = {
    ...account,
    disabled: change.disabled ?? account.disabled,
    tokensValidAfter: revoke ? deps.clock.now().toISOString() : account.tokensValidAfter,
  };
  await deps.staff.save(updated);
  return updated;
}

/**
 * At every sign-in (Cognito's pre-token-generation trigger on AWS): record the officer's roles and regions in
 * the staff directory, and refuse a token to a disabled account.
 */
export async function signInOfficer(deps: Pick<Deps, 'staff'>, officer: { username: string; roles: StaffRole[]; regions: string[] }): Promise<StaffAccountState> {
  const account = await deps.staff.sync(officer);
  if (account.disabled) throw unauthorized(`The account ${officer.username} is disabled`);
  return account;
}
