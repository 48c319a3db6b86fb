import { publicStatusView, staffView, type Application } from '../domain/application.ts';
import { verifyChain } from '../domain/audit.ts';
import { notFound } from '../domain/errors.ts';
import { authorize, isAllowed, type StaffAction, type StaffUser } from '../domain/staff.ts';
import type { Deps } from './deps.ts';

const UNKNOWN = 'No application with this reference and NIK';

/**
 * Public status check. An unknown reference and a wrong NIK give the same answer after the same work (one
 * small index read and a constant-time NIK comparison), so neither the answer nor its timing tells whether a
 * reference exists. Only a matching NIK reads the application itself.
 */
export async function checkStatus(deps: Pick<Deps, 'applications'>, reference: string, nik: string) {
  const found = await deps.applications.findByReference(reference);
  const matches = constantTimeEqual(found?.nik ?? '0'.repeat(16), nik);
  const app = found && matches ? await deps.applications.get(found.applicationId) : undefined;
  if (!app) throw notFound(UNKNOWN);
  return publicStatusView(app);
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
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
