/**
 * Withdrawal by the applicant (issue #11 item 5): before a final decision, the application moves to WITHDRAWN; its
 * open task leaves the queues, its quota place is given back, and its workflow routes to its end.
 *
 * The status move is the withdrawal (one conditional write); in the same write the application is listed as unfinished
 * (StatusChange.unfinished). The clean-up after it is idempotent and runs three times over: by the request, by the
 * workflow's last step (FinishWithdrawal, which also takes the application off the unfinished list), and by the
 * stalled sweep for an application still listed minutes later (its request and its workflow were cut short). So a
 * crash between any two writes leaves no WITHDRAWN application holding a place or sitting in a queue for long.
 */
import { quotaKey, type Application } from '../domain/application.ts';
import { canTransition } from '../domain/application-status.ts';
import { DomainError } from '../domain/errors.ts';
import { stageWaitingIn, TASK_KINDS, TASK_STAGES, taskIdFor } from '../domain/human-task.ts';
import type { Deps } from './deps.ts';
import { applicationOfApplicant } from './applicant-proof.ts';
import { endEnrolmentOfWithdrawn } from './enrolments.ts';
import { auditTimeline, moveApplication } from './move-application.ts';
import { loadApplication } from './stored.ts';

/** Who withdrew, in the timeline and the audit trail. */
const APPLICANT_ACTOR = 'applicant';
const APPLICATION_STAGES = TASK_KINDS.filter((kind) => TASK_STAGES[kind].subject === 'application');

/**
 * The applicant's withdrawal, proven by the reference and its NIK (the same 404 and guess limit as the status check).
 * A resend (a lost response) answers the same.
 */
export async function withdrawApplication(deps: Deps, reference: string, nik: string): Promise<{ reference: string; status: 'WITHDRAWN' }> {
  const applicationId = await applicationOfApplicant(deps, reference, nik);
  const app = await withdrawn(deps, await loadApplication(deps, applicationId));
  await finishWithdrawal(deps, app);
  return { reference: app.reference, status: 'WITHDRAWN' };
}

/** Moves the application to WITHDRAWN unless a decision came first. */
async function withdrawn(deps: Deps, app: Application): Promise<Application> {
  if (app.status === 'WITHDRAWN') return app;
  if (!canTransition(app.status, 'WITHDRAWN')) throw decided();
  // An officer's decision recorded on the task it waits for stands, though the workflow has yet to apply it.
  const stage = stageWaitingIn('application', app.status);
  if (stage && (await deps.tasks.get(taskIdFor(app.applicationId, stage)))?.status === 'DECIDED') throw decided();
  try {
    return await moveApplication(deps, app, 'WITHDRAWN', APPLICANT_ACTOR, { unfinished: true });
  } catch (error) {
    // It moved on meanwhile (screened, decided): judged again where it stands now.
    if (error instanceof DomainError && error.kind === 'Conflict') return withdrawn(deps, await loadApplication(deps, app.applicationId));
    throw error;
  }
}

/**
 * What a withdrawal leaves to do, each step safe to repeat: close the open task (out of every queue), give the quota
 * place back, record the audit event, end an enrolment an approval raced in, and let a workflow waiting on the task
 * route on to its end. A waiting
 * execution is woken through the token stored on its task (`superseded`, as for any subject moved on meanwhile), not
 * stopped: its own route then ends it at FinishWithdrawal, which finishes this work once more. A stop would need the
 * execution's ARN (resumed executions have random names) and would be reported as a failure to resume.
 */
export async function finishWithdrawal(deps: Pick<Deps, 'tasks' | 'quotas' | 'audit' | 'outbox' | 'metrics' | 'workflow' | 'enrolments' | 'clock'>, app: Application): Promise<void> {
  const tokens: string[] = [];
  for (const kind of APPLICATION_STAGES) {
    const taskId = taskIdFor(app.applicationId, kind);
    await deps.tasks.close(taskId);
    const token = await deps.tasks.recordedToken(taskId);
    if (token) tokens.push(token);
  }
  await deps.quotas.release(quotaKey(app), app.applicationId);
  await auditTimeline(deps, app);
  await endEnrolmentOfWithdrawn(deps, app.applicationId);
  for (const token of tokens) await deps.workflow.sendTaskSuccess(token, { superseded: true });
}

/** The workflow's step for a WITHDRAWN application: the clean-up once more, then off the unfinished list. */
export async function finishWithdrawalStep(deps: Deps, applicationId: string): Promise<{ applicationId: string; status: string }> {
  const app = await loadApplication(deps, applicationId);
  if (app.status === 'WITHDRAWN') {
    await finishWithdrawal(deps, app);
    await deps.applications.markFinished(applicationId);
  }
  return { applicationId, status: app.status };
}

const decided = () => new DomainError(
  'Conflict',
  'Permohonan ini sudah diputuskan, jadi tidak dapat ditarik lagi; lihat hasilnya di halaman status / '
  + 'this application has already been decided, so it can no longer be withdrawn; see the outcome on the status page',
);
