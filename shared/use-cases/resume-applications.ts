import { ACTIVE_STATUSES, AUTOMATIC_STATUSES } from '../domain/application-status.ts';
import type { Deps } from './deps.ts';

/**
 * Starts the lifecycle again for every application the workflow has not finished. The workflow routes on
 * the stored status, so each resumes where it stands: after a local restart (executions live in memory)
 * or to redrive executions on AWS.
 */
export async function resumeActiveApplications(deps: Pick<Deps, 'applications' | 'workflow'>): Promise<number> {
  let resumed = 0;
  for (const status of ACTIVE_STATUSES) {
    for await (const applicationId of deps.applications.listIdsByStatus(status)) {
      await deps.workflow.startLifecycle(applicationId, 'resume');
      resumed++;
    }
  }
  return resumed;
}

/** How often one application's lifecycle is restarted after failures before a person must look at it. */
export const MAX_RESUMES = 5;

/**
 * After an execution failed (its Lambda steps exhausted their retries, a bug, an outage), start a new one if
 * the application is still active, at most MAX_RESUMES times; beyond that it waits for an operator.
 */
export async function resumeAfterFailure(deps: Pick<Deps, 'applications' | 'workflow'>, applicationId: string): Promise<'resumed' | 'finished' | 'gave-up'> {
  const app = await deps.applications.get(applicationId);
  if (!app || !ACTIVE_STATUSES.includes(app.status)) return 'finished';
  if ((await deps.applications.countResume(applicationId)) > MAX_RESUMES) return 'gave-up';
  await deps.workflow.startLifecycle(applicationId, 'resume');
  return 'resumed';
}

/** Automatic steps take seconds; an application left in one this long after its last change is stalled. */
export const STALLED_AFTER_MS = 5 * 60_000;

/**
 * The sweep (every few minutes on AWS, every minute locally): restarts the lifecycle of every application stalled in
 * an automatic status, such as one stored by an intake whose Lambda died before starting its workflow, which no
 * failure event ever reports, and of every withdrawn one whose clean-up is still unfinished. The execution is named after the stalled state, so sweeps that overlap or repeat
 * start it once; if it fails too, the failure handler takes over.
 */
export async function restartStalledApplications(deps: Pick<Deps, 'applications' | 'workflow' | 'clock'>): Promise<string[]> {
  const cutoff = new Date(deps.clock.now().getTime() - STALLED_AFTER_MS).toISOString();
  const restarted: string[] = [];
  for (const status of AUTOMATIC_STATUSES) {
    for await (const applicationId of deps.applications.listIdsByStatus(status, cutoff)) {
      // The index may lag on AWS: the item itself says whether it still stands there, and since when.
      const app = await deps.applications.get(applicationId);
      if (app?.status !== status || app.updatedAt >= cutoff) continue;
      // Started before for this same stalled state (the swept execution failed and the failure rule gave up, or an
      // overlapping sweep): not restarted again, and not reported as restarted.
      if (await deps.workflow.startLifecycle(applicationId, { stalledSince: app.updatedAt })) restarted.push(applicationId);
    }
  }
  // A withdrawal whose request and workflow were both cut short before its clean-up was done: the workflow's last
  // step (FinishWithdrawal) does it and takes the application off this list.
  for await (const applicationId of deps.applications.listUnfinished(cutoff)) {
    const app = await deps.applications.get(applicationId);
    if (app?.status !== 'WITHDRAWN') continue;
    if (await deps.workflow.startLifecycle(applicationId, { stalledSince: app.updatedAt })) restarted.push(applicationId);
  }
  return restarted;
}
