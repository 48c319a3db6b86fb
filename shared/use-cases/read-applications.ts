import { publicStatusView, staffView, type Application } from '../domain/application.ts';
import { verifyChain } from '../domain/audit.ts';
import { notFound } from '../domain/errors.ts';
import { authorize, isAllowed, type StaffAction, type StaffUser } from '../domain/staff.ts';
import { applicationOfApplicant } from './applicant-proof.ts';
import type { Deps } from './deps.ts';
import { paymentsOf } from './enrolments.ts';

/**
 * Public status check: only an applicant's proof (applicant-proof.ts: the same 404 for an unknown reference and a
 * wrong NIK, a limit on wrong NIKs per reference) reads the application itself.
 */
export async function checkStatus(deps: Pick<Deps, 'applications' | 'attempts' | 'audit' | 'pseudonyms' | 'clock' | 'enrolments' | 'entitlements'>, reference: string, nik: string) {
  const applicationId = await applicationOfApplicant(deps, reference, nik);
  const app = await deps.applications.get(applicationId);
  if (!app) throw notFound(`No application ${applicationId}`); // the index named it: a store out of step
  return publicStatusView(app, await paymentsOf(deps, applicationId));
}

async function loadForStaff(deps: Pick<Deps, 'applications'>, user: StaffUser, applicationId: string, action: StaffAction): Promise<Application> {
  authorize(user, action); // the role first: someone without it learns nothing, not even whether the id exists
  const app = await deps.applications.get(applicationId);
  if (!app) throw notFound(`No application ${applicationId}`);
  authorize(user, action, app.address.districtCode);
  return app;
}

export async function getApplicationForStaff(deps: Pick<Deps, 'applications'>, user: StaffUser, applicationId: string) {
  const app = await loadForStaff(deps, user, applicationId, 'application.read');
  return staffView(app, { identity: isAllowed(user, 'application.readNik', app.address.districtCode) });
}

/**
 * The full NIK and KK and the phone number, for the roles that need them (a field visit checks the KTP and
 * calls ahead); every view is an audit event.
 */
export async function revealNik(deps: Pick<Deps, 'applications' | 'audit' | 'clock'>, user: StaffUser, applicationId: string) {
  const app = await loadForStaff(deps, user, applicationId, 'application.readNik');
  const at = deps.clock.now().toISOString();
  await deps.audit.record(applicationId, [{ eventId: `nik-view:${user.username}:${at}`, actor: user.username, action: 'NIK_VIEWED', at }]);
  return { applicationId, nik: app.nik, kk: app.kk, phone: app.phone };
}

/** The application's audit trail and whether its hash chain is intact. */
export async function getAuditTrail(deps: Pick<Deps, 'applications' | 'audit'>, user: StaffUser, applicationId: string) {
  await loadForStaff(deps, user, applicationId, 'application.audit');
  const events = await deps.audit.list(applicationId);
  return { events, chainValid: await verifyChain(events) };
}
