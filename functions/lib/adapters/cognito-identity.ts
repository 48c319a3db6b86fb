import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  UserNotFoundException,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { STAFF_ROLES, type StaffRole } from '../../../shared/domain/staff.ts';
import type { IdentityProvider } from '../../../shared/ports/identity-provider.ts';
import { config } from '../config.ts';
import { tracer } from '../tracer.ts';

/** The attribute the ID token carries as `custom:regions` (comma-separated codes), as the sign-in trigger reads it. */
const REGIONS_ATTRIBUTE = 'custom:regions';
const isStaffRole = (group: string): group is StaffRole => (STAFF_ROLES as readonly string[]).includes(group);

/**
 * Roles are the user pool's groups, one per role (infra/constructs/staff-user-pool.ts); regions its custom attribute.
 * Groups are added before others are removed, so a crash in between leaves the officer with more roles, never
 * none; the admin's retry (or the list) shows what stands, and the tokens were revoked before this ran.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly client: () => CognitoIdentityProviderClient,
    private readonly userPoolId: () => string,
  ) {}

  async setRolesAndRegions(username: string, access: { roles: readonly StaffRole[]; regions: readonly string[] }): Promise<boolean> {
    const client = this.client();
    const pool = { UserPoolId: this.userPoolId(), Username: username };
    try {
      const current = await this.roles(username);
      for (const role of access.roles.filter((r) => !current.includes(r))) {
        await client.send(new AdminAddUserToGroupCommand({ ...pool, GroupName: role }));
      }
      for (const role of current.filter((r) => !access.roles.includes(r))) {
        await client.send(new AdminRemoveUserFromGroupCommand({ ...pool, GroupName: role }));
      }
      await client.send(new AdminUpdateUserAttributesCommand({ ...pool, UserAttributes: [{ Name: REGIONS_ATTRIBUTE, Value: access.regions.join(',') }] }));
      return true;
    } catch (error) {
      if (error instanceof UserNotFoundException) return false;
      throw error;
    }
  }

  /** The officer's groups that are roles (an office may keep other groups in its pool; they are left alone). */
  private async roles(username: string): Promise<StaffRole[]> {
    const roles: StaffRole[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.client().send(new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId(), Username: username, NextToken }));
      roles.push(...(page.Groups ?? []).flatMap((g) => (g.GroupName && isStaffRole(g.GroupName) ? [g.GroupName] : [])));
      NextToken = page.NextToken;
    } while (NextToken);
    return roles;
  }
}

let client: CognitoIdentityProviderClient | undefined;

/**
 * The staff user pool, for the one function granted its admin calls (set-staff-roles): its client is built on first use
 * (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER locally) and only bundled where this is imported.
 */
export const staffUserPool = (): IdentityProvider =>
  new CognitoIdentityProvider(() => (client ??= tracer.captureAWSv3Client(new CognitoIdentityProviderClient({}))), () => config.userPoolId);
