import type { ApplicationStatus } from './application-status.ts';
import type { AuditEventInput } from './audit.ts';
import type { Bilingual } from './bilingual.ts';
import { validationError } from './errors.ts';
import type { PayoutBatchStatus } from './payout-batch.ts';
import type { PriorityFactor } from './priority.ts';
import { BATCH_APPROVAL_DEADLINE, type Program, type TaskDeadline } from './programs.ts';
import type { ReasonCode } from './rejection-reasons.ts';
import type { StaffRole } from './staff-roles.ts';

/**
 * What a stage's task is about, with the statuses that subject waits in and moves to. A task id is
 * `<subject id>.<kind>`; workflow payloads and step results name the subject's id by `SUBJECT_ID_FIELDS`.
 */
interface SubjectStatuses {
  application: ApplicationStatus;
  batch: PayoutBatchStatus;
}
export type TaskSubject = keyof SubjectStatuses;
export const SUBJECT_ID_FIELDS = { application: 'applicationId', batch: 'batchId' } as const satisfies Record<TaskSubject, string>;
export type SubjectIdField = (typeof SUBJECT_ID_FIELDS)[TaskSubject];

interface StageOf<S extends TaskSubject> {
  subject: S;
  /** The subject's status while the task is open; the workflow routes this status to the stage's wait. */
  waitsIn: SubjectStatuses[S];
  /** Where an approval takes the subject, and where a rejection does. */
  onApprove: SubjectStatuses[S];
  onReject: SubjectStatuses[S];
  /** Who works the task (claim, decide, ask for information), and who may too once it is overdue. */
  decidedBy: StaffRole;
  escalatesTo: StaffRole;
  /** The programme's remind and escalate deadlines for this stage, fixed on the task when it opens. */
  deadline: (program: Program) => TaskDeadline;
  /** The catalogue codes (reason-codes.ts) a rejection at this stage may carry, in catalogue order. */
  reasonCodes: readonly ReasonCode[];
  /** The stage's name in the staff console. */
  label: Bilingual;
  /**
   * Segregation of duties: whoever decided that stage's task on the same subject (`kind`), or whoever made the subject
   * (`maker`: the officer who prepared a payout batch), may not decide this one.
   */
  notDecidedBy?: Separation<string>;
}
type Refusal = (username: string, reference: string) => string;
type Separation<K extends string> = { kind: K; refusal: Refusal } | { maker: true; refusal: Refusal };
type StageSpec = { [S in TaskSubject]: StageOf<S> }[TaskSubject];

/** The codes both human stages of an application may give. */
const DESK_AND_VISIT_CODES = [
  'DOCUMENTS_INCOMPLETE', 'DOCUMENTS_NOT_MATCHING', 'INCOME_ABOVE_LIMIT_ON_VISIT', 'ALREADY_RECEIVING_AID',
  'HOUSEHOLD_ALREADY_COVERED', 'DTSEN_DATA_MISMATCH', 'APPLICANT_WITHDREW',
] as const satisfies readonly ReasonCode[];

/**
 * The one table of human-task stages: everything that differs between them (policy actions, queues, deadlines,
 * escalation, reasons, the workflow's wait and deadline path, the console) is derived from an entry here.
 * A subject meets its stages in table order: a screened application waits for the first application stage.
 */
const STAGE_TABLE = {
  verification: {
    subject: 'application',
    waitsIn: 'PENDING_VERIFICATION',
    onApprove: 'PENDING_APPROVAL',
    onReject: 'REJECTED',
    decidedBy: 'verifier',
    escalatesTo: 'approver',
    deadline: (program) => program.deadlines.verification,
    // Only a visit finds nobody at the address.
    reasonCodes: ['NOT_AT_ADDRESS', ...DESK_AND_VISIT_CODES],
    label: { id: 'Verifikasi', en: 'Verification' },
  },
  approval: {
    subject: 'application',
    waitsIn: 'PENDING_APPROVAL',
    onApprove: 'APPROVED',
    onReject: 'REJECTED',
    decidedBy: 'approver',
    escalatesTo: 'admin',
    deadline: (program) => program.deadlines.approval,
    // Only an approver knows the period's budget.
    reasonCodes: [...DESK_AND_VISIT_CODES, 'BUDGET_EXHAUSTED'],
    label: { id: 'Persetujuan', en: 'Approval' },
    // DESIGN §3: the verifier of an application cannot approve it.
    notDecidedBy: {
      kind: 'verification',
      refusal: (username, reference) => `Pemisahan tugas: ${username} memverifikasi permohonan ${reference}, jadi tidak boleh juga menyetujuinya / Segregation of duties: ${username} verified application ${reference} and cannot also approve it`,
    },
  },
  // A second finance officer of the city approves a payout batch before any money moves (maker-checker, DESIGN §3).
  batchApproval: {
    subject: 'batch',
    waitsIn: 'AWAITING_APPROVAL',
    onApprove: 'DISBURSING',
    onReject: 'REJECTED',
    decidedBy: 'finance',
    // Overdue, it stays with finance (money moves by nobody else) and is flagged to every finance officer of the city.
    escalatesTo: 'finance',
    deadline: (program) => program.deadlines.batchApproval ?? BATCH_APPROVAL_DEADLINE,
    // A batch is rejected with the checker's own words for the maker; applicants never read them.
    reasonCodes: [],
    label: { id: 'Persetujuan pembayaran', en: 'Payout approval' },
    notDecidedBy: {
      maker: true,
      refusal: (username, reference) => `Pemisahan tugas: ${username} menyusun kumpulan pembayaran ${reference}, jadi tidak boleh juga menyetujuinya; minta petugas keuangan lain / Segregation of duties: ${username} prepared payout batch ${reference} and cannot also approve it; ask another finance officer`,
    },
  },
} as const satisfies Record<string, StageSpec>;

export type TaskKind = keyof typeof STAGE_TABLE;
export type TaskStage = { [S in TaskSubject]: Omit<StageOf<S>, 'notDecidedBy'> & { notDecidedBy?: Separation<TaskKind> } }[TaskSubject];
export const TASK_STAGES: Readonly<Record<TaskKind, TaskStage>> = STAGE_TABLE;
export const TASK_KINDS = Object.keys(STAGE_TABLE) as [TaskKind, ...TaskKind[]];

/** The first stage of a subject: where a screened application goes. */
export function firstStageOf(subject: TaskSubject): TaskKind {
  const kind = TASK_KINDS.find((k) => TASK_STAGES[k].subject === subject);
  if (!kind) throw new Error(`No human-task stage works on ${subject}`);
  return kind;
}

/** Who may list a stage's queue: whoever may work its tasks, escalated ones too, and admins, who reassign them. */
export function queueRoles(kind: TaskKind): StaffRole[] {
  const { decidedBy, escalatesTo } = TASK_STAGES[kind];
  return [...new Set<StaffRole>([decidedBy, escalatesTo, 'admin'])];
}

/** The stage whose task a subject in `status` waits for, if any. */
export const stageWaitingIn = (subject: TaskSubject, status: string): TaskKind | undefined =>
  TASK_KINDS.find((k) => TASK_STAGES[k].subject === subject && TASK_STAGES[k].waitsIn === status);

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
  /** The subject's id, under its subject's field name (SUBJECT_ID_FIELDS): an application's, or a payout batch's. */
  applicationId?: string;
  batchId?: string;
  /** What officers know the subject by: the application's reference, or the batch's programme and period. */
  reference: string;
  programId: string;
  districtCode: string;
  regencyCode: string;
  /** CLOSED: its application stopped waiting for it without a decision (a screening re-run rejected it). */
  status: 'OPEN' | 'DECIDED' | 'CLOSED';
  /** Queue order: higher first (rules/priority.ts); a payout batch has none. */
  priority: number;
  /** What the priority is made of, so the queue can explain it without reading each application. */
  priorityFactors?: PriorityFactor[];
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

/**
 * The longest a human wait lasts with no deadline left to act on (the task was escalated): the workflow looks at the
 * task again this often. A Standard execution lives at most a year, so a wait cannot be endless.
 */
export const QUIET_WAIT_SECONDS = 7 * 24 * 3600;

/**
 * Seconds from `now` until the task's next deadline that `deadlineAction` acts on (its reminder, its escalation),
 * rounded up so the check finds it due; at least 1, at most QUIET_WAIT_SECONDS. The workflow's wait for the decision
 * times out then, instead of waking on a fixed period.
 */
export function secondsToNextDeadline(task: Pick<HumanTask, 'remindAt' | 'dueAt' | 'remindedAt' | 'escalatedAt'>, now: Date): number {
  if (task.escalatedAt) return QUIET_WAIT_SECONDS;
  const next = task.remindedAt || task.remindAt >= task.dueAt ? task.dueAt : task.remindAt;
  return Math.min(QUIET_WAIT_SECONDS, Math.max(1, Math.ceil((Date.parse(next) - now.getTime()) / 1000)));
}

/** The subject's id a task is about (its subject's id field). */
export function subjectIdOf(task: Pick<HumanTask, 'kind' | SubjectIdField>): string {
  const id = task[SUBJECT_ID_FIELDS[TASK_STAGES[task.kind].subject]];
  if (!id) throw new Error(`Task of kind ${task.kind} has no ${SUBJECT_ID_FIELDS[TASK_STAGES[task.kind].subject]}`);
  return id;
}

/** One task per subject and kind: a re-entered workflow finds the same task. */
export const taskIdFor = (subjectId: string, kind: TaskKind) => `${subjectId}.${kind}`;

/** The kind a task id names (the inverse of taskIdFor), known before the task is loaded. */
export function taskKindOf(taskId: string): TaskKind {
  const kind = TASK_KINDS.find((k) => taskId.endsWith(`.${k}`));
  if (!kind) throw validationError(`${taskId.slice(0, 80)} is not a task id`, [{ path: 'taskId', message: 'taskId is not a task id' }]);
  return kind;
}

export const statusAfterDecision = (kind: TaskKind, decision: TaskDecision['decision']): string =>
  decision === 'APPROVE' ? TASK_STAGES[kind].onApprove : TASK_STAGES[kind].onReject;

/**
 * The audit event of a task's opening. An application's is derived from its timeline, beside the status that waits
 * for the task (move-application.ts `statusEvents`), so it is recorded in the same append as that status.
 */
export const openingEvent = (subjectId: string, kind: TaskKind, at: string): AuditEventInput => ({
  eventId: `task-opened:${kind}`, actor: 'system:workflow', action: 'TASK_OPENED', detail: { taskId: taskIdFor(subjectId, kind), kind }, at,
});

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
