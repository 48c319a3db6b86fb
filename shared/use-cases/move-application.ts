import type { Application } from '../domain/application.ts';
import { assertTransition, type ApplicationStatus } from '../domain/application-status.ts';
import { DomainError } from '../domain/errors.ts';
import type { Deps } from './deps.ts';

/**
 * Records the audit event for the status the application stands in, derived from the stored item alone
 * (timeline and updatedBy), so it can be written, or written again, by any step that finds the status.
 */
export async function auditCurrentStatus(deps: Pick<Deps, 'audit'>, app: Application): Promise<void> {
  const entered = app.timeline.at(-1);
  const before = app.timeline.at(-2);
  await deps.audit.appendOnce(app.applicationId, {
    eventId: `status:${app.status}`,
    actor: app.updatedBy,
    action: 'STATUS_CHANGED',
    before: before?.status,
    after: app.status,
    detail: app.reasonCodes.length ? { reasonCodes: app.reasonCodes.join(',') } : undefined,
    at: entered?.at ?? app.updatedAt,
  });
}

/**
 * Moves an application to `to` with a conditional write on its current status, then audits it.
 * Idempotent: if the application already stands at `to` (a step run again after a crash), it only makes
 * sure the audit event exists. So every workflow step converges when repeated.
 */
export async function moveApplication(
  deps: Pick<Deps, 'applications' | 'audit' | 'clock'>,
  app: Application,
  to: ApplicationStatus,
  actor: string,
  reasonCodes?: string[],
): Promise<Application> {
  let current = app;
  if (app.status !== to) {
    assertTransition(app.status, to);
    const at = deps.clock.now().toISOString();
    const moved = await deps.applications.transition(app.applicationId, app.status, to, { at, actor, reasonCodes });
    current = moved ?? (await deps.applications.get(app.applicationId)) ?? app;
    if (current.status !== to) {
      throw new DomainError('Conflict', `Application ${app.reference} is ${current.status}, not ${app.status}`);
    }
  }
  await auditCurrentStatus(deps, current);
  return current;
}
