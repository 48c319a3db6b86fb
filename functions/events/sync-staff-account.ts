import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { STAFF_ROLES, type StaffRole } from '../../shared/domain/staff.ts';
import { signInOfficer } from '../../shared/use-cases/staff-accounts.ts';
import { buildDeps } from '../lib/deps.ts';
import { observed } from '../lib/observability.ts';

const deps = buildDeps();

/**
 * Cognito's pre-token-generation trigger: every sign-in records the officer's groups and regions in the staff
 * directory (so admins can disable them and revoke their tokens there), and a disabled officer gets no token.
 */
export const handler = observed<PreTokenGenerationTriggerEvent, PreTokenGenerationTriggerEvent>().handler(async (event) => {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  await signInOfficer(deps, {
    username: event.userName,
    roles: groups.filter((g): g is StaffRole => (STAFF_ROLES as readonly string[]).includes(g)),
    regions: (event.request.userAttributes['custom:regions'] ?? '').split(',').map((r) => r.trim()).filter(Boolean),
  });
  return event;
});
