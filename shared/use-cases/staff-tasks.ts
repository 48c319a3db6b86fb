import type { PriorityFactor } from '../domain/priority.ts';
import { DomainError, notFound, validationError } from '../domain/errors.ts';
import { claimedByOther, decisionEvent, sameDecision, SUBJECT_ID_FIELDS, subjectIdOf, TASK_STAGES, taskIdFor, type HumanTask, type TaskDecision, type TaskKind } from '../domain/human-task.ts';
import { authorize, forbiddenUnless, listScope, taskWorkAction, type StaffUser } from '../domain/staff.ts';
import type { TaskPage } from '../ports/index.ts';
import type { TaskDecisionInput } from '../schemas/application.ts';
import type { Deps } from './deps.ts';
import { enqueueNotices, informationRequestNotice } from './notify.ts';
import { subjectOf } from './task-subjects.ts';

/** A task as its queue lists it; its subject's id under the subject's own field (`applicationId`, `batchId`). */
export interface TaskListItem {
  taskId: string;
  applicationId?: string;
  batchId?: string;
  reference: string;
  kind: TaskKind;
  districtCode: string;
  programId: string;
  priority: number;
  /** Empty for a task opened before tasks kept them. */
  priorityFactors: PriorityFactor[];
  flags: string[];
  createdAt: string;
  dueAt: string;
  reminded: boolean;
  escalated: boolean;
  claimedBy: string | null;
  claimExpiresAt: string | null;
}

const listItem = (t: HumanTask): TaskListItem => ({
  taskId: t.taskId, [SUBJECT_ID_FIELDS[TASK_STAGES[t.kind].subject]]: subjectIdOf(t), reference: t.reference, kind: t.kind,
  districtCode: t.districtCode, programId: t.programId, priority: t.priority, priorityFactors: t.priorityFactors ?? [], flags: t.flags, createdAt: t.createdAt,
  dueAt: t.dueAt, reminded: t.remindedAt !== undefined, escalated: t.escalatedAt !== undefined, claimedBy: t.claimedBy ?? null, claimExpiresAt: t.claimExpiresAt ?? null,
});

export async function listTasks(deps: Pick<Deps, 'tasks'>, user: StaffUser, kind: TaskKind, page: { cursor?: string; limit: number }) {
  authorize(user, `tasks.list.${kind}`);
  const result: TaskPage = await deps.tasks.listOpen(kind, listScope(user), page);
  return { items: result.items.map(listItem), nextCursor: result.nextCursor ?? null };
}

/** Loads a task and checks the user may work on it: role and region from the policy, then segregation of duties. */
async function workableTask(deps: Deps, user: StaffUser, taskId: string): Promise<HumanTask> {
  const task = await deps.tasks.get(taskId);
  if (!task) throw notFound(`No task ${taskId}`);
  authorize(user, taskWorkAction(task.kind, task.escalatedAt !== undefined), task.districtCode);
  const separation = TASK_STAGES[task.kind].notDecidedBy;
  if (separation) {
    const subjectId = subjectIdOf(task);
    const barred = 'kind' in separation
      ? (await deps.tasks.get(taskIdFor(subjectId, separation.kind)))?.decision?.decidedBy
      : await subjectOf(task.kind).makerOf(deps, subjectId);
    forbiddenUnless(barred !== user.username, separation.refusal(user.username, task.reference));
  }
  return task;
}

const claimConflict = (task: HumanTask) =>
  new DomainError('Conflict', `Task ${task.taskId} is claimed by ${task.claimedBy} until ${task.claimExpiresAt}`, { claimedBy: task.claimedBy, claimExpiresAt: task.claimExpiresAt });

/** Claims a task for the caller: one officer at a time, lapsing after `claimSeconds`. Claiming again extends it. */
export async function claimTask(deps: Deps, user: StaffUser, taskId: string, claimSeconds: number) {
  const task = await workableTask(deps, user, taskId);
  if (task.status !== 'OPEN') throw new DomainError('Conflict', `Task ${taskId} was already decided`);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + claimSeconds * 1000).toISOString();
  const claimed = await deps.tasks.claim(taskId, user.username, expiresAt, now.toISOString());
  if (!claimed) {
    const current = await deps.tasks.get(taskId);
    throw current?.status === 'OPEN' ? claimConflict(current) : new DomainError('Conflict', `Task ${taskId} was already decided`);
  }
  await deps.audit.record(subjectIdOf(task), [{
    eventId: `claim:${task.kind}:${user.username}:${now.toISOString()}`, actor: user.username, action: 'TASK_CLAIMED',
    detail: { taskId, until: expiresAt }, at: now.toISOString(),
  }]);
  return { taskId, claimedBy: user.username, claimExpiresAt: expiresAt };
}

/** An admin gives a task to an officer who may work on it (role, region, segregation of duties). */
export async function reassignTask(deps: Deps, admin: StaffUser, taskId: string, toUsername: string, claimSeconds: number) {
  authorize(admin, 'task.reassign');
  const account = await deps.staff.get(toUsername);
  if (!account || account.disabled) {
    throw validationError(`No active officer ${toUsername}`, [{ path: 'username', message: 'unknown or disabled officer' }]);
  }
  const target: StaffUser = { username: account.username, roles: account.roles, regions: account.regions };
  const task = await workableTask(deps, target, taskId).catch((error: unknown) => {
    if (error instanceof DomainError && error.kind === 'Forbidden') {
      throw validationError(`${toUsername} cannot take this task: ${error.message}`, [{ path: 'username', message: error.message }]);
    }
    throw error;
  });
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + claimSeconds * 1000).toISOString();
  if (!(await deps.tasks.assign(taskId, toUsername, expiresAt))) throw new DomainError('Conflict', `Task ${taskId} was already decided`);
  await deps.audit.record(subjectIdOf(task), [{
    eventId: `reassign:${task.kind}:${toUsername}:${now.toISOString()}`, actor: admin.username, action: 'TASK_REASSIGNED',
    before: task.claimedBy, after: toUsername, detail: { taskId }, at: now.toISOString(),
  }]);
  return { taskId, claimedBy: toUsername, claimExpiresAt: expiresAt };
}

/** Asks the applicant for more information; the message shows on the public status check. */
export async function requestInformation(deps: Deps, user: StaffUser, taskId: string, message: string) {
  const task = await workableTask(deps, user, taskId);
  const now = deps.clock.now();
  if (task.status !== 'OPEN') throw new DomainError('Conflict', `Task ${taskId} was already decided`);
  if (claimedByOther(task, user.username, now)) throw claimConflict(task);
  const request = { message, requestedAt: now.toISOString(), kind: task.kind };
  if (TASK_STAGES[task.kind].subject !== 'application') {
    throw new DomainError('Conflict', 'Permintaan keterangan hanya untuk pemohon; kumpulan pembayaran ditolak dengan alasan / only an applicant can be asked for more information; reject a payout batch with a reason instead');
  }
  await deps.applications.setInfoRequest(subjectIdOf(task), request);
  // The applicant hears of it by SMS (what to bring shows on the status page, not in the message).
  await enqueueNotices(deps, [informationRequestNotice({ applicationId: subjectIdOf(task), reference: task.reference }, request.requestedAt)]);
  await deps.audit.record(subjectIdOf(task), [{
    eventId: `info-request:${task.kind}:${request.requestedAt}`, actor: user.username, action: 'INFO_REQUESTED', detail: { taskId, message }, at: request.requestedAt,
  }]);
  return { taskId, infoRequest: request };
}

/**
 * Records a staff decision on the task item first (conditional on OPEN and on nobody else's claim), audits it,
 * and only then resumes the workflow. Repeating the same decision (a retry after a lost response) is answered
 * 200 and resumes the workflow again; a different decision on a decided task is a 409.
 */
export async function decideTask(deps: Deps, user: StaffUser, taskId: string, input: TaskDecisionInput) {
  const task = await workableTask(deps, user, taskId);
  let decided: { task: HumanTask & { decision: TaskDecision }; token: string | undefined; replayed: boolean };
  if (task.status === 'DECIDED' && task.decision) {
    if (!sameDecision(task.decision, user.username, input.decision, input.reasonCode)) {
      throw new DomainError('Conflict', `Task ${taskId} was already decided (${task.decision.decision} by ${task.decision.decidedBy})`);
    }
    decided = { task: { ...task, decision: task.decision }, token: await deps.tasks.recordedToken(taskId), replayed: true };
  } else {
    const now = deps.clock.now();
    if (claimedByOther(task, user.username, now)) throw claimConflict(task);
    const decision: TaskDecision = {
      decision: input.decision, reasonCode: input.reasonCode, note: input.note, decidedBy: user.username, decidedAt: now.toISOString(),
    };
    const recorded = await deps.tasks.recordDecision(taskId, decision);
    if (recorded) {
      decided = { task: { ...recorded.task, decision }, token: recorded.token, replayed: false };
    } else {
      const current = await deps.tasks.get(taskId);
      if (current?.status === 'OPEN') throw claimConflict(current);
      // The same decision sent twice at once (a double tap, a retry while the first was in flight) is one decision.
      if (!current?.decision || !sameDecision(current.decision, user.username, input.decision, input.reasonCode)) {
        throw new DomainError('Conflict', `Task ${taskId} was decided by someone else just now`);
      }
      decided = { task: { ...current, decision: current.decision }, token: await deps.tasks.recordedToken(taskId), replayed: true };
    }
  }
  await deps.audit.record(subjectIdOf(task), [decisionEvent(decided.task)]);
  // A stale token needs nothing more: a waiting execution re-opens the task and finds the decision itself, and a
  // failed one is resumed by its failure handler (AWS) or at start (local).
  if (decided.token) await deps.workflow.sendTaskSuccess(decided.token, { decision: input.decision });
  return { taskId, status: 'DECIDED' as const, decision: input.decision, replayed: decided.replayed };
}
