/**
 * The lifecycle workflow's steps. Each is idempotent and reads the stored state first, so a step that
 * runs again (a retry, a re-entered execution after a restart) converges instead of repeating effects.
 */
import type { Application, Flag, ScreeningOutcome } from '../domain/application.ts';
import { BLOCKING_STATUSES, type ApplicationStatus } from '../domain/application-status.ts';
import type { Program } from '../domain/programs.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import {
  deadlineAction, decisionEvent, firstStageOf, newHumanTask, stageWaitingIn, statusAfterDecision, TASK_STAGES, taskIdFor,
  type DeadlineAction, type HumanTask, type TaskKind,
} from '../domain/human-task.ts';
import { evaluateEligibility } from '../rules/eligibility.ts';
import { screeningFacts } from '../rules/facts.ts';
import { priorityOf } from '../rules/priority.ts';
import type { Deps } from './deps.ts';
import { auditTimeline, moveApplication, statusEvents } from './move-application.ts';
import { enrolHousehold } from './enrolments.ts';

const SYSTEM_ACTOR = 'system:workflow';
/** The stage a screened application waits for. */
const SCREENED_INTO = firstStageOf('application');

async function load(deps: Pick<Deps, 'applications'>, applicationId: string): Promise<Application> {
  const app = await deps.applications.get(applicationId);
  if (!app) throw notFound(`No application ${applicationId}`);
  return app;
}

/** The workflow's entry: where the application stands. Also completes an audit a crash cut short. */
export async function loadApplicationStatus(deps: Pick<Deps, 'applications' | 'audit'>, applicationId: string) {
  const app = await load(deps, applicationId);
  await auditTimeline(deps, app);
  return { applicationId, status: app.status };
}

const quotaKey = (app: Pick<Application, 'programId' | 'period' | 'address'>) =>
  `${app.programId}|${app.period}|${app.address.districtCode}`;

/**
 * Automated screening: the programme's eligibility rules over the application and the registry's entry.
 * A pass takes a place in the district's quota, records priority and flags and creates the first stage's task, all
 * before the one conditional write that moves the application on; each of those steps is idempotent, so a re-run
 * converges.
 */
export async function screenApplication(deps: Deps, applicationId: string): Promise<{ status: ApplicationStatus; reasonCodes: string[] }> {
  let app = await load(deps, applicationId);
  // Only a run cut short leaves an application in SCREENING for the next one; the first run finds it SUBMITTED.
  const runAgain = app.status === 'SCREENING';
  if (app.status === 'SUBMITTED') app = await moveApplication(deps, app, 'SCREENING', SYSTEM_ACTOR);
  if (app.status === 'SCREENING') {
    const program = await deps.programs.get(app.programId);
    if (!program) throw notFound(`Programme ${app.programId} is gone`);
    const entry = await deps.registry.lookup(app.nik);
    const facts = screeningFacts(app, entry, deps.clock.now());
    const eligibility = await evaluateEligibility(program.eligibility, facts);
    if (eligibility.outcome === 'REJECT') {
      // A run cut short after taking a place and opening the task, then run again under changed rules or data,
      // gives both back.
      if (runAgain) {
        await deps.quotas.release(quotaKey(app), app.applicationId);
        await deps.tasks.close(taskIdFor(app.applicationId, SCREENED_INTO));
      }
      app = await moveApplication(deps, app, 'REJECTED', SYSTEM_ACTOR, { reasonCodes: eligibility.reasonCodes });
    } else if (!(await takeQuotaPlace(deps, program, app))) {
      app = await moveApplication(deps, app, 'REJECTED', SYSTEM_ACTOR, { reasonCodes: ['QUOTA_EXHAUSTED'] });
    } else {
      const screening: ScreeningOutcome = {
        desil: facts.desil,
        priority: priorityOf(facts),
        flags: [...registryFlags(app, entry), ...(await householdFlags(deps, app))],
      };
      await deps.tasks.create(newHumanTask({ ...app, screening }, SCREENED_INTO, program, deps.clock.now()));
      app = await moveApplication(deps, app, TASK_STAGES[SCREENED_INTO].waitsIn, SYSTEM_ACTOR, { screening });
    }
  }
  await auditTimeline(deps, app);
  return { status: app.status, reasonCodes: app.reasonCodes };
}

const takeQuotaPlace = (deps: Deps, program: Program, app: Application) =>
  program.quotaPerDistrict === undefined ? Promise.resolve(true) : deps.quotas.claim(quotaKey(app), app.applicationId, program.quotaPerDistrict);

function registryFlags(app: Application, entry: { districtCode: string } | undefined): Flag[] {
  if (!entry) return [{ code: 'NOT_IN_REGISTRY', detail: 'NIK tidak ditemukan di DTSEN: usulan baru, periksa kondisi rumah tangga' }];
  if (entry.districtCode !== app.address.districtCode) {
    return [{ code: 'REGISTRY_DISTRICT_MISMATCH', detail: `DTSEN mencatat kecamatan ${entry.districtCode}` }];
  }
  return [];
}

/** Another open or approved application from the same KK in this programme and period is flagged, not refused. */
async function householdFlags(deps: Deps, app: Application): Promise<Flag[]> {
  const others = await deps.households.register(await deps.pseudonyms.pseudonym(`household|${app.kk}|${app.programId}|${app.period}`), app.applicationId);
  const references: string[] = [];
  for (const id of others) {
    const other = await deps.applications.get(id);
    if (other && BLOCKING_STATUSES.includes(other.status)) references.push(other.reference);
  }
  return references.length ? [{ code: 'HOUSEHOLD_ALREADY_APPLIED', detail: references.join(', ') }] : [];
}

/**
 * Opens the human task for the stage the application waits in and stores the workflow's current token on it.
 * If the task was decided before (the decision was recorded but never reached a workflow), the recorded
 * decision is sent at once, so nobody decides twice.
 */
export async function openHumanTask(deps: Deps, applicationId: string, kind: TaskKind, token: string): Promise<HumanTask | undefined> {
  const app = await load(deps, applicationId);
  if (app.status !== TASK_STAGES[kind].waitsIn) {
    // Another execution moved the application on meanwhile: let this one continue at once and route on.
    await deps.workflow.sendTaskSuccess(token, { superseded: true });
    return undefined;
  }
  const program = await deps.programs.get(app.programId);
  if (!program) throw notFound(`Programme ${app.programId} is gone`);
  // The step that moved the application here created the task already; this stores the token (or creates it, for
  // an application moved before tasks were created first).
  const task = await deps.tasks.openWithToken(newHumanTask(app, kind, program, deps.clock.now()), token);
  await deps.audit.record(applicationId, [
    { eventId: `task-opened:${kind}`, actor: SYSTEM_ACTOR, action: 'TASK_OPENED', detail: { taskId: task.taskId, kind }, at: task.createdAt },
  ]);
  if (task.status === 'DECIDED') await deps.workflow.sendTaskSuccess(token, { decision: task.decision?.decision });
  return task;
}

async function createTask(deps: Deps, app: Application, kind: TaskKind): Promise<void> {
  const program = await deps.programs.get(app.programId);
  if (!program) throw notFound(`Programme ${app.programId} is gone`);
  await deps.tasks.create(newHumanTask(app, kind, program, deps.clock.now()));
}

/** Applies the decision recorded on the task to the application. */
export async function applyTaskDecision(deps: Deps, applicationId: string, kind: TaskKind): Promise<{ status: ApplicationStatus }> {
  const task = await deps.tasks.get(taskIdFor(applicationId, kind));
  const app = await load(deps, applicationId);
  // Already applied (a step run again, or another execution got here first): nothing to move, route on.
  if (app.status !== TASK_STAGES[kind].waitsIn) {
    if (task?.decision) await deps.audit.record(applicationId, [decisionEvent({ ...task, decision: task.decision })]);
    return { status: app.status };
  }
  if (task?.status !== 'DECIDED' || !task.decision) {
    throw new DomainError('Conflict', `The ${kind} task of ${applicationId} has no decision`);
  }
  const to = statusAfterDecision(kind, task.decision.decision);
  const reasonCodes = task.decision.decision === 'REJECT' && task.decision.reasonCode ? [task.decision.reasonCode] : undefined;
  // A rejected application gives its quota place back first: a crash before the move leaves it waiting with the
  // decision recorded, and this step runs again; released after the move, a crash would keep the place forever.
  if (to === 'REJECTED') await deps.quotas.release(quotaKey(app), app.applicationId);
  // The next stage's task exists before the status says the application waits for it.
  const next = stageWaitingIn('application', to);
  if (next) await createTask(deps, app, next);
  // An approved household is enrolled (and owed its first period) before the status says APPROVED, so a crash
  // between the two enrols it when this step runs again, never leaving an approved household without enrolment.
  if (to === 'APPROVED') await enrolHousehold(deps, app);
  const moved = await moveApplication(deps, app, to, task.decision.decidedBy, { reasonCodes });
  // The decision route records the decision event too; a crash there between its two writes is healed here.
  await deps.audit.record(applicationId, [decisionEvent({ ...task, decision: task.decision }), ...statusEvents(moved)]);
  return { status: moved.status };
}

/**
 * Deadline path of a waiting human task (the workflow comes here each time its wait times out): what is due
 * now, from the deadlines fixed on the task when it opened.
 */
export async function checkTaskDeadline(deps: Deps, applicationId: string, kind: TaskKind): Promise<{ action: DeadlineAction }> {
  const task = await deps.tasks.get(taskIdFor(applicationId, kind));
  if (!task) throw notFound(`No ${kind} task for ${applicationId}`);
  return { action: deadlineAction(task, deps.clock.now()) };
}

/** Marks the reminder (once) and records it; the queue shows the task as reminded, the log tells operators. */
export async function remindOfficer(deps: Deps, applicationId: string, kind: TaskKind): Promise<{ reminded: boolean }> {
  const taskId = taskIdFor(applicationId, kind);
  const at = deps.clock.now().toISOString();
  const reminded = await deps.tasks.markReminded(taskId, at);
  const task = await deps.tasks.get(taskId);
  if (task?.remindedAt) {
    await deps.audit.record(applicationId, [{ eventId: `reminder:${kind}`, actor: SYSTEM_ACTOR, action: 'TASK_REMINDER', detail: { taskId, dueAt: task.dueAt }, at: task.remindedAt }]);
  }
  return { reminded };
}

/** Escalates an overdue task one level up, to its stage's escalation role (staff.ts POLICY). */
export async function escalateTask(deps: Deps, applicationId: string, kind: TaskKind): Promise<{ escalated: boolean }> {
  const taskId = taskIdFor(applicationId, kind);
  const escalated = await deps.tasks.markEscalated(taskId, deps.clock.now().toISOString());
  const task = await deps.tasks.get(taskId);
  if (task?.escalatedAt) {
    await deps.audit.record(applicationId, [{
      eventId: `escalation:${kind}`, actor: SYSTEM_ACTOR, action: 'TASK_ESCALATED',
      detail: { taskId, to: TASK_STAGES[kind].escalatesTo, dueAt: task.dueAt }, at: task.escalatedAt,
    }]);
  }
  return { escalated };
}
