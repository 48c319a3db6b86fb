import type { Application } from '../domain/application.ts';
import { assertTransition, type ApplicationStatus } from '../domain/application-status.ts';
import type { AuditEventInput } from '../domain/audit.ts';
import { DomainError } from '../domain/errors.ts';
import type { StatusChange } from '../ports/index.ts';
import type { Deps } from './deps.ts';

/**
 * The audit events of every status the application has passed through, derived from its stored timeline alone.
 * Any step may record them again: the chain keeps one event per id, so a crash between a status write and
 * its audit event heals at the next step.
 */
export function statusEvents(app: Application): AuditEventInput[] {
  return app.timeline.map((entry, i) => ({
    eventId: `status:${entry.status}`,
    actor: entry.actor,
    action: 'STATUS_CHANGED',
    before: app.timeline[i - 1]?.status,
    after: entry.status,
    detail: entry.status === 'REJECTED' && app.reasonCodes.length ? { reasonCodes: app.reasonCodes.join(',') } : undefined,
    at: entry.at,
  }));
}

export const auditTimeline = (deps: Pick<Deps, 'audit'>, app: Application) => deps.audit.record(app.applicationId, statusEvents(app));

/**
 * Moves an application to `to` with a conditional write on its current status. Idempotent: if it already
 * stands at `to` (a step run again after a crash) nothing is written. Each step then records the audit events
 * of the timeline once, at its end (`auditTimeline`), so a step that moves twice reads the chain once.
 * An application the applicant withdrew meanwhile is returned as it stands (WITHDRAWN), not a conflict: the step is
 * finished, routes on to the workflow's FinishWithdrawal, which gives back what the step took.
 */
export async function moveApplication(
  deps: Pick<Deps, 'applications' | 'clock'>,
  app: Application,
  to: ApplicationStatus,
  actor: string,
  extra: Pick<StatusChange, 'reasonCodes' | 'screening' | 'unfinished'> = {},
): Promise<Application> {
  let current = app;
  if (app.status !== to) {
    assertTransition(app.status, to);
    const at = deps.clock.now().toISOString();
    const moved = await deps.applications.transition(app.applicationId, app.status, to, { at, actor, ...extra });
    current = moved ?? (await deps.applications.get(app.applicationId)) ?? app;
    if (current.status !== to && current.status !== 'WITHDRAWN') {
      throw new DomainError('Conflict', `Application ${app.reference} is ${current.status}, not ${app.status}`);
    }
  }
  return current;
}
