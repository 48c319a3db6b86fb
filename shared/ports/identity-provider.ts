import type { StaffRole } from '../domain/staff.ts';

/**
 * The identity provider's record of an officer: where roles (Cognito groups) and regions (`custom:regions`) live and
 * where sign-ins read them from. The staff directory keeps a copy taken at each sign-in; a change goes here first.
 */
export interface IdentityProvider {
  /** Makes the officer's roles exactly `roles` and regions exactly `regions`; false when the provider has no such officer. */
  setRolesAndRegions(username: string, access: { roles: readonly StaffRole[]; regions: readonly string[] }): Promise<boolean>;
}
