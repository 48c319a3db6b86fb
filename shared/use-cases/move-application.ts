import type { Application } from '../domain/application.ts';
import { assertTransition, type ApplicationStatus } from '../domain/application-status.ts';
import type { AuditEventInput } from '../domain/audit.ts';
import { applicationMeasures } from '../domain/business-metrics.ts';
import { DomainError } from '../domain/errors.ts';
import { openingEvent, stageWaitingIn } from '../domain/human-task.ts';
import { STATUS_EVENTS } from '../domain/notifications.ts';
import type { StatusChange } from '../ports/index.ts';
import type { Deps } from './deps.ts';
import { enqueueNotices, timelineNotices } from './notify.ts';

/**
 * The audit events of every status the application has passed through, derived from its stored timeline alone.
 * Any step may record them again: the chain keeps one event per id, so a crash between a status write and
 * its audit event heals at the next step.
 */
export function statusEvents(app: Application): AuditEventInput[] {
  return app.timeline.flatMap((entry, i) => {
    const changed: AuditEventInput = {
      eventId: `status:${entry.status}`,
      actor: entry.actor,
      action: 'STATUS_CHANGED',
      before: app.timeline[i - 1]?.status,
      after: entry.status,
      detail: entry.status === 'REJECTED' && app.reasonCodes.length ? { reasonCodes: app.reasonCodes.join(',') } : undefined,
      at: entry.at,
    };
    // A status that waits for a task has it open: the task is created before the status moves (lifecycle-steps.ts).
    const waitsFor = stageWaitingIn('application', entry.status);
    return waitsFor ? [changed, openingEvent(app.applicationId, waitsFor, entry.at)] : [changed];
  });
}

/**
 * What every step records after it moved an application, from the stored timeline alone: the audit event of each
 * status, and just before a status's event is appended, the applicant's message of that status if it has one
 * (received, approved, rejected, withdrawn; enqueued once per event, notify.ts). Any step that moves an application
 * ends here, so no status change goes unannounced or unaudited, and a crash before either heals at the next step. The
 * same moment counts the status for the office's metrics (at least once). A status whose event the chain holds had
 * its message enqueued first, so re-entries (every workflow loop) write nothing.
 */
export async function auditTimeline(deps: Pick<Deps, 'audit' | 'outbox' | 'metrics' | 'clock'>, app: Application, chainIsEmpty = false): Promise<void> {
  await deps.audit.record(app.applicationId, statusEvents(app), (missing) => {
    const statusChanges = missing.filter((e) => e.action === 'STATUS_CHANGED');
    deps.metrics.record(applicationMeasures(app.timeline, statusChanges));
    const events = new Set(statusChanges.map((e) => STATUS_EVENTS[e.after as ApplicationStatus]));
    return enqueueNotices(deps, timelineNotices(app).filter((n) => events.has(n.event)));
  }, chainIsEmpty);
}

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
  extra: Pick<StatusChange, 'reasonCodes' | 'screening' | 'unfinished' | 'via'> = {},
): Promise<Application> {
  let current = app;
  if (app.status !== to) {
    if (extra.via) {
      assertTransition(app.status, extra.via.status);
      assertTransition(extra.via.status, to);
    } else assertTransition(app.status, to);
    const at = deps.clock.now().toISOString();
    const moved = await deps.applications.transition(app.applicationId, app.status, to, { at, actor, ...extra });
    current = moved ?? (await deps.applications.get(app.applicationId)) ?? app;
    if (current.status !== to && current.status !== 'WITHDRAWN') {
      throw new DomainError('Conflict', `Application ${app.reference} is ${current.status}, not ${app.status}`);
    }
  }
  return current;
}
