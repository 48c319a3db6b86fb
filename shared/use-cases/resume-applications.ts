import { ACTIVE_STATUSES } from '../domain/application-status.ts';
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
