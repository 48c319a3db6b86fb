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
