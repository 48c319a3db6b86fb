/** The staff directory: which officers exist, and whether their accounts and tokens are still good. */
import type { StaffRole } from '../domain/staff-roles.ts';
import type { Page } from './payouts.ts';

export interface StaffAccountState {
  username: string;
  roles: StaffRole[];
  regions: string[];
  disabled: boolean;
  /** Tokens issued before this instant are refused (sign-out everywhere, or a revoked account). */
  tokensValidAfter?: string;
}

/** Which officers exist, and whether their accounts and tokens are still good. */
export interface StaffDirectory {
  get(username: string): Promise<StaffAccountState | undefined>;
  /**
   * Changes an account's access (only the fields given), then brings the list of enabled admins in step with the
   * account as stored; undefined when there is no such account.
   */
  setAccess(username: string, access: { disabled?: boolean; tokensValidAfter?: string }): Promise<StaffAccountState | undefined>;
  /** A page of every account, by username. */
  list(page: { cursor?: string; limit: number }): Promise<Page<StaffAccountState>>;
  /** Records an officer's current roles and regions (from the identity provider), keeping disabled/revocation. */
  sync(account: Pick<StaffAccountState, 'username' | 'roles' | 'regions'>): Promise<StaffAccountState>;
  /**
   * The directory's list of enabled admins: one item, so taking an admin off it can be conditional on the rest.
   * It only ever names enabled admin accounts (taken off before an account is disabled, put on after it is enabled).
   */
  enabledAdmins(): Promise<string[]>;
  /** Takes `username` off the list if `actor` is on it (one conditional write); false when `actor` is not. */
  withdrawAdmin(username: string, actor: string): Promise<boolean>;
}
