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


/**
 * The workflow's entry: where the application stands. Also completes an audit a crash cut short. `submitted`: intake
 * started this execution just after storing the application, so it stands at SUBMITTED or beyond; the screening step
 * routed to reads it itself (and records its audit from SUBMITTED on), so it is not read here.
 */
export async function loadApplicationStatus(deps: Pick<Deps, 'applications' | 'audit' | 'tasks' | 'outbox' | 'metrics' | 'clock'>, applicationId: string, submitted = false) {
  if (submitted) return { applicationId, status: 'SUBMITTED' as const, waitSeconds: null };
  const app = await loadApplication(deps, applicationId);
  await auditTimeline(deps, app);
  return { applicationId, status: app.status, waitSeconds: await waitSecondsFor(deps, 'application', applicationId, app.status) };
}


/**
 * Automated screening: the programme's eligibility rules over the application and the registry's entry.
 * A pass takes a place in the district's quota, records priority and flags and creates the first stage's task, all
 * before the one conditional write that moves the application on; each of those steps is idempotent, so a re-run
 * converges. From SUBMITTED that write passes through SCREENING (both in the timeline, each audited): the status
 * moves once, on SUBMITTED, so nothing tells a run cut short from a first run, and a rejection gives back the place
 * and the task whichever it is.
 */
export async function screenApplication(deps: Deps, applicationId: string): Promise<{ status: ApplicationStatus; reasonCodes: string[]; waitSeconds: number | null }> {
  let opened: HumanTask | undefined;
  let app = await loadApplication(deps, applicationId);
  // Intake's execution records nothing before this step (loadApplicationStatus), so a first run appends to an empty chain.
  const submitted = app.status === 'SUBMITTED';
  if (submitted || app.status === 'SCREENING') {
    // An application stored in SCREENING was left there by a run of an earlier version, which moved it in a write of its own.
    const via = submitted ? { status: 'SCREENING' as const, at: deps.clock.now().toISOString() } : undefined;
    const program = await programFor(deps, app);
    const entry = await deps.registry.lookup(app.nik);
    const facts = screeningFacts(app, entry, deps.clock.now());
    const eligibility = await evaluateEligibility(program.eligibility, facts);
    if (eligibility.outcome === 'REJECT') {
      // A run cut short after taking a place and opening the task, then run again under changed data, gives both back.
      if (program.quotaPerDistrict !== undefined) await deps.quotas.release(quotaKey(app), app.applicationId);
      await deps.tasks.close(taskIdFor(app.applicationId, SCREENED_INTO));
      app = await moveApplication(deps, app, 'REJECTED', SYSTEM_ACTOR, { reasonCodes: eligibility.reasonCodes, via });
    } else if (!(await takeQuotaPlace(deps, program, app))) {
      app = await moveApplication(deps, app, 'REJECTED', SYSTEM_ACTOR, { reasonCodes: ['QUOTA_EXHAUSTED'], via });
    } else {
      const screening: ScreeningOutcome = {
        desil: facts.desil,
        priority: priorityOf(facts),
        flags: [...registryFlags(app, entry), ...(await householdFlags(deps, app))],
      };
      opened = newHumanTask({ ...app, screening }, SCREENED_INTO, program, deps.clock.now());
      await deps.tasks.create(opened);
      app = await moveApplication(deps, app, TASK_STAGES[SCREENED_INTO].waitsIn as ApplicationStatus, SYSTEM_ACTOR, { screening, via });
    }
  }
  await auditTimeline(deps, app, submitted);
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
