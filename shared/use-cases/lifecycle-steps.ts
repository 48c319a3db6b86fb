/**
 * The lifecycle workflow's steps. Each is idempotent and reads the stored state first, so a step that
 * runs again (a retry, a re-entered execution after a restart) converges instead of repeating effects.
 */
import { quotaKey, type Application, type Flag, type ScreeningOutcome } from '../domain/application.ts';
import { BLOCKING_STATUSES, type ApplicationStatus } from '../domain/application-status.ts';
import type { Program } from '../domain/programs.ts';
import { firstStageOf, secondsToNextDeadline, TASK_STAGES, taskIdFor, type HumanTask } from '../domain/human-task.ts';
import { newHumanTask } from '../domain/task-opening.ts';
import { evaluateEligibility } from '../rules/eligibility.ts';
import { screeningFacts } from '../rules/facts.ts';
import { priorityOf } from '../rules/priority.ts';
import type { Deps } from './deps.ts';
import { waitSecondsFor } from './human-task-steps.ts';
import { auditTimeline, moveApplication } from './move-application.ts';
import { loadApplication, programFor } from './stored.ts';

const SYSTEM_ACTOR = 'system:workflow';
/** The stage a screened application waits for. */
const SCREENED_INTO = firstStageOf('application');


/** The workflow's entry: where the application stands. Also completes an audit a crash cut short. */
export async function loadApplicationStatus(deps: Pick<Deps, 'applications' | 'audit' | 'tasks' | 'outbox' | 'metrics' | 'clock'>, applicationId: string) {
  const app = await loadApplication(deps, applicationId);
  await auditTimeline(deps, app);
  return { applicationId, status: app.status, waitSeconds: await waitSecondsFor(deps, 'application', applicationId, app.status) };
}


/**
 * Automated screening: the programme's eligibility rules over the application and the registry's entry.
 * A pass takes a place in the district's quota, records priority and flags and creates the first stage's task, all
 * before the one conditional write that moves the application on; each of those steps is idempotent, so a re-run
 * converges.
 */
export async function screenApplication(deps: Deps, applicationId: string): Promise<{ status: ApplicationStatus; reasonCodes: string[]; waitSeconds: number | null }> {
  let opened: HumanTask | undefined;
  let app = await loadApplication(deps, applicationId);
  // Only a run cut short leaves an application in SCREENING for the next one; the first run finds it SUBMITTED.
  const runAgain = app.status === 'SCREENING';
  if (app.status === 'SUBMITTED') app = await moveApplication(deps, app, 'SCREENING', SYSTEM_ACTOR);
  if (app.status === 'SCREENING') {
    const program = await programFor(deps, app);
    const entry = await deps.registry.lookup(app.nik);
    const facts = screeningFacts(app, entry, deps.clock.now());
    const eligibility = await evaluateEligibility(program.eligibility, facts);
    if (eligibility.outcome === 'REJECT') {
      // A run cut short after taking a place and opening the task, then run again under changed rules or data,
      // gives both back.
      if (runAgain) {
        await deps.quotas.release(quotaKey(app), app.applicationId);
        await deps.tasks.close(taskIdFor(app.applicationId, SCREENED_INTO));
      }
      app = await moveApplication(deps, app, 'REJECTED', SYSTEM_ACTOR, { reasonCodes: eligibility.reasonCodes });
    } else if (!(await takeQuotaPlace(deps, program, app))) {
      app = await moveApplication(deps, app, 'REJECTED', SYSTEM_ACTOR, { reasonCodes: ['QUOTA_EXHAUSTED'] });
    } else {
      const screening: ScreeningOutcome = {
        desil: facts.desil,
        priority: priorityOf(facts),
        flags: [...registryFlags(app, entry), ...(await householdFlags(deps, app))],
      };
      opened = newHumanTask({ ...app, screening }, SCREENED_INTO, program, deps.clock.now());
      await deps.tasks.create(opened);
      app = await moveApplication(deps, app, TASK_STAGES[SCREENED_INTO].waitsIn as ApplicationStatus, SYSTEM_ACTOR, { screening });
    }
  }
  await auditTimeline(deps, app);
  // The task it opened gives the first wait without reading it back (the intake path counts its store calls).
  const waitSeconds = opened ? secondsToNextDeadline(opened, deps.clock.now()) : await waitSecondsFor(deps, 'application', applicationId, app.status);
  return { status: app.status, reasonCodes: app.reasonCodes, waitSeconds };
}

const takeQuotaPlace = (deps: Deps, program: Program, app: Application) =>
  program.quotaPerDistrict === undefined ? Promise.resolve(true) : deps.quotas.claim(quotaKey(app), app.applicationId, program.quotaPerDistrict);

function registryFlags(app: Application, entry: { districtCode: string } | undefined): Flag[] {
  if (!entry) return [{ code: 'NOT_IN_REGISTRY', detail: 'NIK tidak ditemukan di DTSEN: usulan baru, periksa kondisi rumah tangga' }];
  if (entry.districtCode !== app.address.districtCode) {
    return [{ code: 'REGISTRY_DISTRICT_MISMATCH', detail: `DTSEN mencatat kecamatan ${entry.districtCode}` }];
  }
  return [];
}

/** Another open or approved application from the same KK in this programme and period is flagged, not refused. */
async function householdFlags(deps: Deps, app: Application): Promise<Flag[]> {
  const others = await deps.households.register(await deps.pseudonyms.pseudonym(`household|${app.kk}|${app.programId}|${app.period}`), app.applicationId);
  const references: string[] = [];
  for (const id of others) {
    const other = await deps.applications.get(id);
    if (other && BLOCKING_STATUSES.includes(other.status)) references.push(other.reference);
  }
  return references.length ? [{ code: 'HOUSEHOLD_ALREADY_APPLIED', detail: references.join(', ') }] : [];
}
