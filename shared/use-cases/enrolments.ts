/**
 * Enrolment and entitlements (issue #9): an approved household is enrolled for its programme's periods, and is owed
 * one entitlement per period it is enrolled for, while its enrolment is active. Every step is idempotent.
 */
import type { Application } from '../domain/application.ts';
import { notFound } from '../domain/errors.ts';
import { assertEnrolmentTransition, ENROLMENT_LABELS, newEnrolment, type Enrolment, type EnrolmentStatus } from '../domain/enrolment.ts';
import { entitlementIdFor, newEntitlement, paymentView, paysMoney, type Entitlement } from '../domain/entitlement.ts';
import type { Program } from '../domain/programs.ts';
import { authorize, type StaffUser } from '../domain/staff.ts';
import type { Deps } from './deps.ts';
import { programFor } from './stored.ts';

type EnrolmentDeps = Pick<Deps, 'programs' | 'enrolments' | 'entitlements' | 'audit' | 'pseudonyms' | 'clock'>;

/** Enough of the HMAC to be unique among a programme's beneficiaries (128 bits) and short in keys and files. */
const BENEFICIARY_ID_HEX = 32;

/**
 * Enrols the household of an approved application (the workflow calls it before the status says APPROVED, so a
 * crash between the two runs it again) and schedules the entitlement of its first period.
 */
export async function enrolHousehold(deps: EnrolmentDeps, app: Application): Promise<Enrolment> {
  const program = await programFor(deps, app);
  const at = deps.clock.now().toISOString();
  const beneficiaryId = (await deps.pseudonyms.pseudonym(`beneficiary|${app.nik}|${app.programId}`)).slice(0, BENEFICIARY_ID_HEX);
  const enrolment = await deps.enrolments.enrol(newEnrolment(app, program, beneficiaryId, at));
  const [first] = enrolment.periods;
  if (first && paysMoney(program) && enrolment.status === 'ACTIVE') await deps.entitlements.schedule(newEntitlement(enrolment, program, first, at));
  await deps.audit.record(app.applicationId, [{
    eventId: 'enrolled', actor: 'system:workflow', action: 'ENROLLED',
    detail: { programId: program.id, periods: enrolment.periods.join(',') }, at: enrolment.enrolledAt,
  }]);
  return enrolment;
}

/**
 * The entitlement an active enrolment is owed for a period it covers, scheduled once however often this runs (a
 * payout batch asks for each enrolment of its snapshot); undefined for a suspended or ended enrolment, a period it does
 * not cover, or a programme that pays no money.
 */
export async function owedEntitlement(deps: Pick<Deps, 'entitlements' | 'clock'>, enrolment: Enrolment, program: Program, period: string): Promise<Entitlement | undefined> {
  if (enrolment.status !== 'ACTIVE' || !enrolment.periods.includes(period) || !paysMoney(program)) return undefined;
  return deps.entitlements.schedule(newEntitlement(enrolment, program, period, deps.clock.now().toISOString()));
}

/** What each officer action does; whether it may, from where the enrolment stands, is the transition table's call. */
const ACTIONS = { SUSPEND: 'SUSPENDED', RESUME: 'ACTIVE', END: 'ENDED' } as const satisfies Record<string, EnrolmentStatus>;
export type EnrolmentAction = keyof typeof ACTIONS;

/** An officer suspends, resumes or ends an enrolment, with a reason that goes into the application's audit trail. */
export async function changeEnrolment(
  deps: Pick<Deps, 'applications' | 'enrolments' | 'audit' | 'clock'>,
  user: StaffUser,
  applicationId: string,
  action: EnrolmentAction,
  reason: string,
): Promise<Enrolment> {
  authorize(user, 'enrolment.manage');
  const current = await deps.enrolments.get(applicationId);
  if (!current) throw notFound(`Pendaftaran ini belum menjadi kepesertaan / application ${applicationId} has no enrolment`);
  authorize(user, 'enrolment.manage', current.districtCode);
  // A change a crash kept out of the audit trail goes in first, so the trail stays in order.
  await recordChange(deps, current);
  const to = ACTIONS[action];
  assertEnrolmentTransition(current.status, to);
  const moved = await deps.enrolments.transition(applicationId, current.status, to, { reason, actor: user.username, at: deps.clock.now().toISOString() });
  if (!moved) return changeEnrolment(deps, user, applicationId, action, reason); // changed meanwhile: decide on the new state
  await recordChange(deps, moved);
  return moved;
}

/**
 * Ends the enrolment of a withdrawn application, if it has one: an approval enrols the household before it moves the
 * status, so a withdrawal that moved the status between the two leaves an enrolment nobody is owed. Safe to repeat.
 */
export async function endEnrolmentOfWithdrawn(deps: Pick<Deps, 'enrolments' | 'audit' | 'clock'>, applicationId: string): Promise<void> {
  const current = await deps.enrolments.get(applicationId);
  if (!current) return;
  await recordChange(deps, current);
  if (current.status === 'ENDED') return;
  const change = { reason: 'Ditarik oleh pemohon / withdrawn by the applicant', actor: 'applicant', at: deps.clock.now().toISOString() };
  const moved = await deps.enrolments.transition(applicationId, current.status, 'ENDED', change);
  if (!moved) return endEnrolmentOfWithdrawn(deps, applicationId); // changed meanwhile: ended from where it stands now
  await recordChange(deps, moved);
}

/** The audit event of the enrolment's latest change, from the change stored with the status (once, by its number). */
async function recordChange(deps: Pick<Deps, 'audit'>, enrolment: Enrolment): Promise<void> {
  const change = enrolment.lastChange;
  if (!change) return;
  await deps.audit.record(enrolment.applicationId, [{
    eventId: `enrolment-change:${change.n}`, actor: change.by, action: 'ENROLMENT_CHANGED',
    before: ENROLMENT_LABELS[change.from].en, after: ENROLMENT_LABELS[change.to].en, detail: { reason: change.reason }, at: change.at,
  }]);
}

/** What the applicant's status check shows: each period's payment of this application's enrolment, in order. */
export async function paymentsOf(deps: Pick<Deps, 'enrolments' | 'entitlements'>, applicationId: string) {
  const enrolment = await deps.enrolments.get(applicationId);
  if (!enrolment) return [];
  const entitlements = await deps.entitlements.getMany(enrolment.periods.map((p) => entitlementIdFor(enrolment.beneficiaryId, p)));
  return entitlements.filter((e) => e.applicationId === applicationId).sort((a, b) => a.period.localeCompare(b.period)).map(paymentView);
}
