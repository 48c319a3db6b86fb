import { DomainError, forbidden, notFound } from '../domain/errors.ts';
import { decisionEvent, sameDecision, TASK_STAGES, taskIdFor, type HumanTask, type TaskDecision } from '../domain/human-task.ts';
import { hasRole, requireDistrict, requireRole, ROLE_FOR_TASK, type StaffUser } from '../domain/staff.ts';
import type { TaskPage } from '../ports/index.ts';
import type { TaskDecisionInput, TaskKind } from '../schemas/application.ts';
import type { Deps } from './deps.ts';

export interface TaskListItem {
  taskId: string;
  applicationId: string;
  reference: string;
  kind: TaskKind;
  districtCode: string;
  programId: string;
  priority: number;
  flags: string[];
  createdAt: string;
}

const listItem = (t: HumanTask): TaskListItem => ({
  taskId: t.taskId, applicationId: t.applicationId, reference: t.reference, kind: t.kind,
  districtCode: t.districtCode, programId: t.programId, priority: t.priority, flags: t.flags, createdAt: t.createdAt,
});

export async function listTasks(deps: Pick<Deps, 'tasks'>, user: StaffUser, kind: TaskKind, page: { cursor?: string; limit: number }) {
  requireRole(user, ROLE_FOR_TASK[kind], 'admin');
  const scope = hasRole(user, 'admin') ? 'all' : user.regions;
  const result: TaskPage = await deps.tasks.listOpen(kind, scope, page);
  return { items: result.items.map(listItem), nextCursor: result.nextCursor ?? null };
}

/**
 * Records a staff decision on the task item first (conditional on OPEN), audits it, and only then resumes the
 * workflow. Repeating the same decision (a retry after a lost response) is answered 200 and resumes the
 * workflow again; a different decision on a decided task is a 409. If the workflow's token is stale (its
 * execution is gone), a new execution is started: it finds the recorded decision and goes on from it.
 */
export async function decideTask(deps: Deps, user: StaffUser, taskId: string, input: TaskDecisionInput) {
  const task = await deps.tasks.get(taskId);
  if (!task) throw notFound(`No task ${taskId}`);
  requireRole(user, ROLE_FOR_TASK[task.kind]);
  requireDistrict(user, task.districtCode);
  if (task.kind === 'approval') {
    const verification = await deps.tasks.get(taskIdFor(task.applicationId, 'verification'));
    if (verification?.decision?.decidedBy === user.username) {
      throw forbidden(`Segregation of duties: ${user.username} verified application ${task.reference} and cannot also approve it`);
    }
  }
  let decided: { task: HumanTask & { decision: TaskDecision }; token: string | undefined; replayed: boolean };
  if (task.status === 'DECIDED' && task.decision) {
    if (!sameDecision(task.decision, user.username, input.decision, input.reasonCode)) {
      throw new DomainError('Conflict', `Task ${taskId} was already decided (${task.decision.decision} by ${task.decision.decidedBy})`);
    }
    const stored = await deps.tasks.recordedToken(taskId);
    decided = { task: { ...task, decision: task.decision }, token: stored, replayed: true };
  } else {
    const decision: TaskDecision = {
      decision: input.decision, reasonCode: input.reasonCode, note: input.note, decidedBy: user.username, decidedAt: deps.clock.now().toISOString(),
    };
    const recorded = await deps.tasks.recordDecision(taskId, decision);
    if (!recorded) throw new DomainError('Conflict', `Task ${taskId} was decided by someone else just now`);
    decided = { task: { ...recorded.task, decision }, token: recorded.token, replayed: false };
  }
  await deps.audit.record(task.applicationId, [decisionEvent(decided.task)]);
  const resumed = decided.token ? await deps.workflow.sendTaskSuccess(decided.token, { decision: input.decision }) : false;
  if (!resumed && (await deps.applications.get(task.applicationId))?.status === TASK_STAGES[task.kind].waitsIn) {
    await deps.workflow.startLifecycle(task.applicationId, 'resume');
  }
  return { taskId, status: 'DECIDED' as const, decision: input.decision, replayed: decided.replayed };
}
