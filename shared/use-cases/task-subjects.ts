/**
 * What each kind of task subject does for the human-task machinery (human-task-steps.ts, staff-tasks.ts): where it
 * stands, the task a stage opens on it, what a decision does to it, and who made it. A new subject is one entry here.
 */
import { quotaKey, type Application } from '../domain/application.ts';
import { DomainError } from '../domain/errors.ts';
import {
  openingEvent, stageWaitingIn, subjectIdOf, statusAfterDecision, TASK_STAGES, type HumanTask, type TaskDecision, type TaskKind, type TaskSubject,
} from '../domain/human-task.ts';
import { newBatchTask, newHumanTask } from '../domain/task-opening.ts';
import type { PayoutBatch } from '../domain/payout-batch.ts';
import type { Deps } from './deps.ts';
import { enrolHousehold } from './enrolments.ts';
import { auditTimeline, moveApplication } from './move-application.ts';
import { loadApplication, loadBatch, programFor, programOf } from './stored.ts';

export type DecidedTask = HumanTask & { decision: TaskDecision };

export interface SubjectWork {
  /** The subject's stored status. */
  status(deps: Deps, subjectId: string): Promise<string>;
  /** The stage's task on the subject as it opens at `now`. */
  newTask(deps: Deps, subjectId: string, kind: TaskKind, now: Date): Promise<HumanTask>;
  /** Moves the subject (still waiting in the stage) as the recorded decision says; its new status. */
  applyDecision(deps: Deps, subjectId: string, task: DecidedTask): Promise<string>;
  /** The officer who made the subject, whom a `maker` separation of duties keeps from deciding on it. */
  makerOf(deps: Deps, subjectId: string): Promise<string | undefined>;
  /** Records the opening of the subject's task once, when its workflow first waits for it. */
  recordOpening(deps: Deps, task: HumanTask): Promise<void>;
}

const application: SubjectWork = {
  status: async (deps, id) => (await loadApplication(deps, id)).status,
  async newTask(deps, id, kind, now) {
    const app = await loadApplication(deps, id);
    return newHumanTask(app, kind, await programFor(deps, app), now);
  },
  async applyDecision(deps, id, task) {
    const app = await loadApplication(deps, id);
    const to = statusAfterDecision(task.kind, task.decision.decision) as Application['status'];
    const reasonCodes = task.decision.decision === 'REJECT' && task.decision.reasonCode ? [task.decision.reasonCode] : undefined;
    // A rejected application gives its quota place back first: a crash before the move leaves it waiting with the
    // decision recorded, and this step runs again; released after the move, a crash would keep the place forever.
    if (to === 'REJECTED') await deps.quotas.release(quotaKey(app), app.applicationId);
    // The next stage's task exists before the status says the application waits for it.
    const next = stageWaitingIn('application', to);
    if (next) await deps.tasks.create(newHumanTask(app, next, await programFor(deps, app), deps.clock.now()));
    // An approved household is enrolled (and owed its first period) before the status says APPROVED, so a crash
    // between the two enrols it when this step runs again, never leaving an approved household without enrolment.
    if (to === 'APPROVED') await enrolHousehold(deps, app);
    const moved = await moveApplication(deps, app, to, task.decision.decidedBy, { reasonCodes });
    await auditTimeline(deps, moved);
    return moved.status;
  },
  makerOf: async () => undefined,
  // Recorded with the status that waits for the task, in the same append (move-application.ts statusEvents).
  recordOpening: async () => {},
};

const batch: SubjectWork = {
  status: async (deps, id) => (await loadBatch(deps, id)).status,
  async newTask(deps, id, kind, now) {
    const found = await loadBatch(deps, id);
    return newBatchTask(found, kind, await programOf(deps, found.programId), now);
  },
  async applyDecision(deps, id, task) {
    const d = task.decision;
    const to = statusAfterDecision(task.kind, d.decision) as PayoutBatch['status'];
    const from = TASK_STAGES[task.kind].waitsIn as PayoutBatch['status'];
    const change = to === 'REJECTED' ? { closedBy: d.decidedBy, closeReason: d.note } : { approvedBy: d.decidedBy, approvedAt: d.decidedAt };
    const moved = await deps.payoutBatches.transition(id, from, to, { updatedAt: deps.clock.now().toISOString(), ...change });
    if (!moved) throw new DomainError('Conflict', `Payout batch ${id} stopped waiting for its ${task.kind} meanwhile`);
    if (d.decision === 'APPROVE') deps.metrics.record([{ metric: 'PayoutAmountApproved', value: moved.totalAmount ?? 0 }]);
    await deps.audit.record(id, [{ eventId: `status:${to}`, actor: d.decidedBy, action: 'STATUS_CHANGED', before: from, after: to, at: d.decidedAt }]);
    return moved.status;
  },
  makerOf: async (deps, id) => (await loadBatch(deps, id)).createdBy,
  recordOpening: (deps, task) => deps.audit.record(subjectIdOf(task), [openingEvent(subjectIdOf(task), task.kind, task.createdAt)]),
};

export const TASK_SUBJECTS: Readonly<Record<TaskSubject, SubjectWork>> = { application, batch };

/** The subject work of a task kind. */
export const subjectOf = (kind: TaskKind): SubjectWork => TASK_SUBJECTS[TASK_STAGES[kind].subject];
