import { TASK_KINDS, type TaskKind } from '../schemas/application.ts';
import type { Application } from './application.ts';
import type { ApplicationStatus } from './application-status.ts';
import type { AuditEventInput } from './audit.ts';
import { validationError } from './errors.ts';

export interface TaskDecision {
  decision: 'APPROVE' | 'REJECT';
  reasonCode?: string;
  note?: string;
  decidedBy: string;
  decidedAt: string;
}

/**
 * A human task is an item (DESIGN §4): created idempotently by the workflow, holding the current task token;
 * a decision is recorded here first and only then sent to the workflow.
 */
export interface HumanTask {
  taskId: string;
  kind: TaskKind;
  applicationId: string;
  reference: string;
  programId: string;
  districtCode: string;
  regencyCode: string;
  /** CLOSED: its application stopped waiting for it without a decision (a screening re-run rejected it). */
  status: 'OPEN' | 'DECIDED' | 'CLOSED';
  /** Queue order: higher first (rules/priority.ts). */
  priority: number;
  /** Codes of the screening flags, so the queue shows what needs a closer look. */
  flags: string[];
  decision?: TaskDecision;
  createdAt: string;
  /** The programme's deadlines for this kind of task, fixed when it opens. */
  remindAt: string;
  dueAt: string;
  remindedAt?: string;
  /** Set once the task is overdue: it may then be worked one level up (staff.ts POLICY). */
  escalatedAt?: string;
  /** One officer works a task at a time; the claim lapses at `claimExpiresAt`. */
  claimedBy?: string;
  claimExpiresAt?: string;
}

/** A claim held by someone else that has not lapsed. */
export const claimedByOther = (task: Pick<HumanTask, 'claimedBy' | 'claimExpiresAt'>, username: string, now: Date) =>
  task.claimedBy !== undefined && task.claimedBy !== username && (task.claimExpiresAt ?? '') > now.toISOString();

export type DeadlineAction = 'NONE' | 'REMIND' | 'ESCALATE';

/** What a deadline check should do for an open task at `now`: escalate once overdue, remind once before. */
export function deadlineAction(task: Pick<HumanTask, 'status' | 'remindAt' | 'dueAt' | 'remindedAt' | 'escalatedAt'>, now: Date): DeadlineAction {
  if (task.status !== 'OPEN') return 'NONE';
  const at = now.toISOString();
  if (at >= task.dueAt && !task.escalatedAt) return 'ESCALATE';
  if (at >= task.remindAt && !task.remindedAt && !task.escalatedAt) return 'REMIND';
  return 'NONE';
}

/** The task of an application's stage as it opens at `now`, with the programme's deadlines for that kind fixed on it. */
export function newHumanTask(app: Application, kind: TaskKind, deadline: { remindAfterSeconds: number; escalateAfterSeconds: number }, now: Date): HumanTask {
  return {
    taskId: taskIdFor(app.applicationId, kind),
    kind,
    applicationId: app.applicationId,
    reference: app.reference,
    programId: app.programId,
    districtCode: app.address.districtCode,
    regencyCode: app.address.regencyCode,
    status: 'OPEN',
    priority: app.screening?.priority.score ?? 0,
    flags: app.screening?.flags.map((f) => f.code) ?? [],
    createdAt: now.toISOString(),
    remindAt: new Date(now.getTime() + deadline.remindAfterSeconds * 1000).toISOString(),
    dueAt: new Date(now.getTime() + deadline.escalateAfterSeconds * 1000).toISOString(),
  };
}

/** One task per application and kind: a re-entered workflow finds the same task. */
export const taskIdFor = (applicationId: string, kind: TaskKind) => `${applicationId}.${kind}`;

/** The kind a task id names (the inverse of taskIdFor), known before the task is loaded. */
export function taskKindOf(taskId: string): TaskKind {
  const kind = TASK_KINDS.find((k) => taskId.endsWith(`.${k}`));
  if (!kind) throw validationError(`${taskId.slice(0, 80)} is not a task id`, [{ path: 'taskId', message: 'taskId is not a task id' }]);
  return kind;
}

/** The status an application waits in for each kind of task, and where each decision takes it. */
export const TASK_STAGES: Record<TaskKind, { waitsIn: ApplicationStatus; onApprove: ApplicationStatus }> = {
  verification: { waitsIn: 'PENDING_VERIFICATION', onApprove: 'PENDING_APPROVAL' },
  approval: { waitsIn: 'PENDING_APPROVAL', onApprove: 'APPROVED' },
};

export const statusAfterDecision = (kind: TaskKind, decision: TaskDecision['decision']): ApplicationStatus =>
  decision === 'APPROVE' ? TASK_STAGES[kind].onApprove : 'REJECTED';

/** The audit event of a recorded decision; written by the decision route and again (once) by the workflow. */
export function decisionEvent(task: HumanTask & { decision: TaskDecision }): AuditEventInput {
  const d = task.decision;
  return {
    eventId: `decision:${task.kind}`,
    actor: d.decidedBy,
    action: 'TASK_DECIDED',
    detail: { taskId: task.taskId, kind: task.kind, decision: d.decision, ...(d.reasonCode ? { reasonCode: d.reasonCode } : {}) },
    at: d.decidedAt,
  };
}

/** Whether a decision repeats the recorded one (a retry over a patchy connection), rather than contradicting it. */
export const sameDecision = (recorded: TaskDecision, decidedBy: string, decision: TaskDecision['decision'], reasonCode: string | undefined) =>
  recorded.decidedBy === decidedBy && recorded.decision === decision && recorded.reasonCode === reasonCode;
