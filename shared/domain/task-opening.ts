/**
 * A stage's task as it opens, from its subject (an application, a payout batch), with the programme's deadlines for
 * the stage fixed on it. Apart from the stage table, which the application and batch types do not need to know.
 */
import type { Application } from './application.ts';
import { TASK_STAGES, taskIdFor, type HumanTask, type SubjectIdField, type TaskKind } from './human-task.ts';
import type { PayoutBatch } from './payout-batch.ts';
import type { Program } from './programs.ts';

/** What a stage's task is about, as the queue shows it. */
type TaskSubjectFields = Pick<HumanTask, 'reference' | 'programId' | 'districtCode' | 'regencyCode' | 'priority' | 'priorityFactors' | 'flags'> & Partial<Record<SubjectIdField, string>>;

function openedTask(subjectId: string, kind: TaskKind, subject: TaskSubjectFields, program: Program, now: Date): HumanTask {
  const deadline = TASK_STAGES[kind].deadline(program);
  return {
    taskId: taskIdFor(subjectId, kind),
    kind,
    ...subject,
    status: 'OPEN',
    createdAt: now.toISOString(),
    remindAt: new Date(now.getTime() + deadline.remindAfterSeconds * 1000).toISOString(),
    dueAt: new Date(now.getTime() + deadline.escalateAfterSeconds * 1000).toISOString(),
  };
}

/** The task of an application's stage as it opens at `now`, with the programme's deadlines for that stage fixed on it. */
export const newHumanTask = (app: Application, kind: TaskKind, program: Program, now: Date): HumanTask => openedTask(app.applicationId, kind, {
  applicationId: app.applicationId,
  reference: app.reference,
  programId: app.programId,
  districtCode: app.address.districtCode,
  regencyCode: app.address.regencyCode,
  priority: app.screening?.priority.score ?? 0,
  priorityFactors: app.screening?.priority.factors ?? [],
  flags: app.screening?.flags.map((f) => f.code) ?? [],
}, program, now);

/** A payout batch's approval task: in the queue of the batch's city (its "district" is the city). */
export const newBatchTask = (batch: PayoutBatch, kind: TaskKind, program: Program, now: Date): HumanTask => openedTask(batch.batchId, kind, {
  batchId: batch.batchId,
  reference: batchReference(batch, program),
  programId: batch.programId,
  districtCode: batch.regencyCode,
  regencyCode: batch.regencyCode,
  priority: 0,
  flags: [],
}, program, now);

/** How officers name a batch: programme, period and the first characters of its id. */
export const batchReference = (batch: Pick<PayoutBatch, 'batchId' | 'period'>, program: Pick<Program, 'id'>) =>
  `${program.id}-${batch.period}-${batch.batchId.slice(0, 8)}`;
