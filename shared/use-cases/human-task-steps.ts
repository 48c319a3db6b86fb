/**
 * The workflow steps of every human-task stage (workflows/human-task-states.ts generates the states that call them):
 * open the task with the current token, apply its decision, and the deadline path. Each is idempotent and reads the
 * stored state first; what differs between subjects (applications, payout batches) is in task-subjects.ts.
 */
import { DomainError, notFound } from '../domain/errors.ts';
import {
  deadlineAction, decisionEvent, secondsToNextDeadline, stageWaitingIn, TASK_STAGES, taskIdFor,
  type DeadlineAction, type HumanTask, type TaskKind, type TaskSubject,
} from '../domain/human-task.ts';
import type { Deps } from './deps.ts';
import { subjectOf } from './task-subjects.ts';

const SYSTEM_ACTOR = 'system:workflow';

/**
 * Opens the human task for the stage the subject waits in and stores the workflow's current token on it.
 * If the task was decided before (the decision was recorded but never reached a workflow), the recorded
 * decision is sent at once, so nobody decides twice.
 */
export async function openHumanTask(deps: Deps, kind: TaskKind, subjectId: string, token: string): Promise<HumanTask | undefined> {
  const subject = subjectOf(kind);
  // Usually the step that moved the subject here created the task: the token goes onto it in one write. An OPEN task
  // means the subject still waits for it, so its status need not be read: a decision is recorded on the task before
  // the subject moves on, and a withdrawal or cancellation closes the task, then wakes the token stored on it.
  const open = await deps.tasks.storeToken(taskIdFor(subjectId, kind), token);
  if (open) {
    await subject.recordOpening(deps, open);
    return open;
  }
  if ((await subject.status(deps, subjectId)) !== TASK_STAGES[kind].waitsIn) {
    // Another execution (or a cancellation) moved the subject on meanwhile: let this one continue at once and route on.
    await deps.workflow.sendTaskSuccess(token, { superseded: true });
    return undefined;
  }
  // Decided or closed meanwhile, or not stored (a subject moved here before tasks were created first): create it.
  const task = await deps.tasks.openWithToken(await subject.newTask(deps, subjectId, kind, deps.clock.now()), token);
  await subject.recordOpening(deps, task);
  if (task.status === 'DECIDED') await deps.workflow.sendTaskSuccess(token, { decision: task.decision?.decision });
  // Closed between the status read and the token's write (its application withdrawn meanwhile): nobody will decide it.
  if (task.status === 'CLOSED') await deps.workflow.sendTaskSuccess(token, { superseded: true });
  return task;
}

/** A subject whose task is not stored yet (moved before tasks were created first): its wait opens it; look again soon. */
const UNOPENED_TASK_WAIT_SECONDS = 60;

/**
 * How long the workflow's wait for the task the subject waits for in `status` may last: until the task's next
 * deadline (the Await state's TimeoutSecondsPath). Null when the status waits for no task (the workflow moves on).
 */
export async function waitSecondsFor(deps: Pick<Deps, 'tasks' | 'clock'>, subject: TaskSubject, subjectId: string, status: string): Promise<number | null> {
  const kind = stageWaitingIn(subject, status);
  if (!kind) return null;
  const task = await deps.tasks.get(taskIdFor(subjectId, kind));
  return task ? secondsToNextDeadline(task, deps.clock.now()) : UNOPENED_TASK_WAIT_SECONDS;
}

/** Applies the decision recorded on the task to its subject; the subject's status after it. */
export async function applyTaskDecision(deps: Deps, kind: TaskKind, subjectId: string): Promise<{ status: string; waitSeconds: number | null }> {
  const status = await applyRecordedDecision(deps, kind, subjectId);
  return { status, waitSeconds: await waitSecondsFor(deps, TASK_STAGES[kind].subject, subjectId, status) };
}

async function applyRecordedDecision(deps: Deps, kind: TaskKind, subjectId: string): Promise<string> {
  const subject = subjectOf(kind);
  const task = await deps.tasks.get(taskIdFor(subjectId, kind));
  const status = await subject.status(deps, subjectId);
  // Already applied (a step run again, another execution got here first, a batch cancelled meanwhile): route on.
  if (status !== TASK_STAGES[kind].waitsIn) {
    if (task?.decision) await deps.audit.record(subjectId, [decisionEvent({ ...task, decision: task.decision })]);
    return status;
  }
  if (task?.status !== 'DECIDED' || !task.decision) throw new DomainError('Conflict', `The ${kind} task of ${subjectId} has no decision`);
  // The decision route records the decision event too; a crash there between its two writes is healed here.
  await deps.audit.record(subjectId, [decisionEvent({ ...task, decision: task.decision })]);
  return subject.applyDecision(deps, subjectId, { ...task, decision: task.decision });
}

/**
 * Deadline path of a waiting human task (the workflow comes here each time its wait times out): what is due
 * now, from the deadlines fixed on the task when it opened.
 */
export async function checkTaskDeadline(deps: Deps, kind: TaskKind, subjectId: string): Promise<{ action: DeadlineAction }> {
  const task = await deps.tasks.get(taskIdFor(subjectId, kind));
  if (!task) throw notFound(`No ${kind} task for ${subjectId}`);
  return { action: deadlineAction(task, deps.clock.now()) };
}

/** Marks the reminder (once) and records it; the queue shows the task as reminded, the log tells operators. */
export async function remindOfficer(deps: Deps, kind: TaskKind, subjectId: string): Promise<{ reminded: boolean }> {
  const taskId = taskIdFor(subjectId, kind);
  const reminded = await deps.tasks.markReminded(taskId, deps.clock.now().toISOString());
  const task = await deps.tasks.get(taskId);
  if (task?.remindedAt) {
    await deps.audit.record(subjectId, [{ eventId: `reminder:${kind}`, actor: SYSTEM_ACTOR, action: 'TASK_REMINDER', detail: { taskId, dueAt: task.dueAt }, at: task.remindedAt }]);
  }
  return { reminded };
}

/** Escalates an overdue task to its stage's escalation role (staff.ts POLICY). */
export async function escalateTask(deps: Deps, kind: TaskKind, subjectId: string): Promise<{ escalated: boolean }> {
  const taskId = taskIdFor(subjectId, kind);
  const escalated = await deps.tasks.markEscalated(taskId, deps.clock.now().toISOString());
  const task = await deps.tasks.get(taskId);
  if (task?.escalatedAt) {
    await deps.audit.record(subjectId, [{
      eventId: `escalation:${kind}`, actor: SYSTEM_ACTOR, action: 'TASK_ESCALATED',
      detail: { taskId, to: TASK_STAGES[kind].escalatesTo, dueAt: task.dueAt }, at: task.escalatedAt,
    }]);
  }
  return { escalated };
}
