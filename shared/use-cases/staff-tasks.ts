import { DomainError, forbidden, notFound } from '../domain/errors.ts';
import { taskIdFor, type HumanTask } from '../domain/human-task.ts';
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
  createdAt: string;
}

const listItem = (t: HumanTask): TaskListItem => ({
  taskId: t.taskId, applicationId: t.applicationId, reference: t.reference, kind: t.kind,
  districtCode: t.districtCode, programId: t.programId, createdAt: t.createdAt,
});

export async function listTasks(deps: Pick<Deps, 'tasks'>, user: StaffUser, kind: TaskKind, page: { cursor?: string; limit: number }) {
  requireRole(user, ROLE_FOR_TASK[kind], 'admin');
  const scope = hasRole(user, 'admin') ? 'all' : user.regions;
  const result: TaskPage = await deps.tasks.listOpen(kind, scope, page);
  return { items: result.items.map(listItem), nextCursor: result.nextCursor ?? null };
}

/**
 * Records a staff decision on the task item first (conditional on OPEN), and only then resumes the workflow.
 * If the workflow's token is stale (it was restarted), the re-entered workflow finds the recorded decision.
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
  if (task.status === 'DECIDED') throw new DomainError('Conflict', `Task ${taskId} was already decided`);
  const decision = {
    decision: input.decision,
    reasonCode: input.reasonCode,
    note: input.note,
    decidedBy: user.username,
    decidedAt: deps.clock.now().toISOString(),
  };
  const recorded = await deps.tasks.recordDecision(taskId, decision);
  if (!recorded) throw new DomainError('Conflict', `Task ${taskId} was already decided`);
  await deps.audit.appendOnce(task.applicationId, {
    eventId: `decision:${task.kind}`,
    actor: user.username,
    action: 'TASK_DECIDED',
    detail: { taskId, kind: task.kind, decision: input.decision, ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}) },
    at: decision.decidedAt,
  });
  if (recorded.token) await deps.workflow.sendTaskSuccess(recorded.token, { decision: input.decision });
  return { taskId, status: 'DECIDED' as const, decision: input.decision };
}
