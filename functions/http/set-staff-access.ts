import { staffAccessSchema, usernameSchema } from '../../shared/schemas/staff.ts';
import { setStaffAccess } from '../../shared/use-cases/staff-accounts.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => {
  const username = pathParameter(event, 'username', usernameSchema);
  const change = parseJsonBody(event, staffAccessSchema);
  const account = await setStaffAccess(deps, user, username, change);
  return { statusCode: 200, body: { username: account.username, disabled: account.disabled, tokensValidAfter: account.tokensValidAfter ?? null } };
});
