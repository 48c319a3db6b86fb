import type { TaskKind } from '../schemas/application.ts';
import type { ApplicationStatus } from './application-status.ts';
import type { AuditEventInput } from './audit.ts';

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
  status: 'OPEN' | 'DECIDED';
  /** Queue order: higher first (rules/priority.ts). */
  priority: number;
  /** Codes of the screening flags, so the queue shows what needs a closer look. */
  flags: string[];
  decision?: TaskDecision;
  createdAt: string;
}

/** One task per application and kind: a re-entered workflow finds the same task. */
export const taskIdFor = (applicationId: string, kind: TaskKind) => `${applicationId}.${kind}`;

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
