import { allowedActions } from '../../shared/domain/staff.ts';
import { staffRoute } from '../lib/http.ts';

export const handler = staffRoute(async (_event, user) => ({
  statusCode: 200,
  body: { username: user.username, roles: user.roles, regions: user.regions, actions: allowedActions(user) },
}));
