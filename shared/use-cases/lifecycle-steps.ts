/**
 * The lifecycle workflow's steps. Each is idempotent and reads the stored state first, so a step that
 * runs again (a retry, a re-entered execution after a restart) converges instead of repeating effects.
 */
import type { Application } from '../domain/application.ts';
import type { ApplicationStatus } from '../domain/application-status.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { statusAfterDecision, TASK_STAGES, taskIdFor, type HumanTask } from '../domain/human-task.ts';
import type { TaskKind } from '../schemas/application.ts';
import { screen } from '../rules/screening.ts';
import type { Deps } from './deps.ts';
import { auditCurrentStatus, moveApplication } from './move-application.ts';

const SYSTEM_ACTOR = 'system:workflow';

async function load(deps: Pick<Deps, 'applications'>, applicationId: string): Promise<Application> {
  const app = await deps.applications.get(applicationId);
  if (!app) throw notFound(`No application ${applicationId}`);
  return app;
}

/** The workflow's entry: where the application stands. Also completes an audit a crash cut short. */
export async function loadApplicationStatus(deps: Pick<Deps, 'applications' | 'audit'>, applicationId: string) {
  const app = await load(deps, applicationId);
  await auditCurrentStatus(deps, app);
  return { applicationId, status: app.status };
}

export async function screenApplication(deps: Deps, applicationId: string): Promise<{ status: ApplicationStatus; reasonCodes: string[] }> {
  let app = await load(deps, applicationId);
  if (app.status === 'SUBMITTED') app = await moveApplication(deps, app, 'SCREENING', SYSTEM_ACTOR);
  if (app.status === 'SCREENING') {
    const program = await deps.programs.get(app.programId);
    if (!program) throw notFound(`Programme ${app.programId} is gone`);
    const result = screen(app, program, deps.clock.now());
    app = result.outcome === 'PASS'
      ? await moveApplication(deps, app, 'PENDING_VERIFICATION', SYSTEM_ACTOR)
      : await moveApplication(deps, app, 'REJECTED', SYSTEM_ACTOR, result.reasonCodes);
  }
  return { status: app.status, reasonCodes: app.reasonCodes };
}

/**
 * Opens the human task for the stage the application waits in and stores the workflow's current token on it.
 * If the task was decided before (the decision was recorded but never reached a workflow), the recorded
 * decision is sent at once, so nobody decides twice.
 */
export async function openHumanTask(deps: Deps, applicationId: string, kind: TaskKind, token: string): Promise<HumanTask> {
  const app = await load(deps, applicationId);
  if (app.status !== TASK_STAGES[kind].waitsIn) {
    throw new DomainError('Conflict', `Application ${app.reference} is ${app.status}; no ${kind} task to open`);
  }
  const task = await deps.tasks.openWithToken(
    {
      taskId: taskIdFor(applicationId, kind),
      kind,
      applicationId,
      reference: app.reference,
      programId: app.programId,
      districtCode: app.address.districtCode,
      regencyCode: app.address.regencyCode,
      status: 'OPEN',
      createdAt: deps.clock.now().toISOString(),
    },
    token,
  );
  await deps.audit.appendOnce(applicationId, {
    eventId: `task-opened:${kind}`, actor: SYSTEM_ACTOR, action: 'TASK_OPENED', detail: { taskId: task.taskId, kind }, at: task.createdAt,
  });
  if (task.status === 'DECIDED') await deps.workflow.sendTaskSuccess(token, { decision: task.decision?.decision });
  return task;
}

/** Applies the decision recorded on the task to the application. */
export async function applyTaskDecision(deps: Deps, applicationId: string, kind: TaskKind): Promise<{ status: ApplicationStatus }> {
  const task = await deps.tasks.get(taskIdFor(applicationId, kind));
  if (task?.status !== 'DECIDED' || !task.decision) {
    throw new DomainError('Conflict', `The ${kind} task of ${applicationId} has no decision`);
  }
  const app = await load(deps, applicationId);
  const to = statusAfterDecision(kind, task.decision.decision);
  const reasons = task.decision.decision === 'REJECT' && task.decision.reasonCode ? [task.decision.reasonCode] : undefined;
  const moved = await moveApplication(deps, app, to, task.decision.decidedBy, reasons);
  return { status: moved.status };
}
