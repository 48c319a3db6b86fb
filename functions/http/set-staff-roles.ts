import { staffRolesSchema, usernameSchema } from '../../shared/schemas/staff.ts';
import { setStaffRoles } from '../../shared/use-cases/staff-accounts.ts';
import { staffUserPool } from '../lib/adapters/cognito-identity.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';
import { logger } from '../lib/logger.ts';

const deps = buildDeps({ identity: staffUserPool() });

export const handler = staffRoute(async (event, user) => {
  const username = pathParameter(event, 'username', usernameSchema);
  const change = parseJsonBody(event, staffRolesSchema);
  const account = await setStaffRoles(deps, user, username, change);
  // Officers' account names, roles and regions: no applicant's data.
  logger.info('Staff roles changed', { audit: 'staff-roles', by: user.username, username, roles: account.roles, regions: account.regions });
  return { statusCode: 200, body: { username: account.username, roles: account.roles, regions: account.regions, disabled: account.disabled, tokensValidAfter: account.tokensValidAfter ?? null } };
});
