import { publicStatusView, staffView } from '../domain/application.ts';
import { notFound } from '../domain/errors.ts';
import { requireDistrict, requireRole, type StaffUser } from '../domain/staff.ts';
import type { Deps } from './deps.ts';

const UNKNOWN = 'No application with this reference and NIK';

/**
 * Public status check. An unknown reference and a wrong NIK give the same answer, and both paths compare
 * a NIK in constant time, so neither the answer nor its timing tells whether a reference exists.
 */
export async function checkStatus(deps: Pick<Deps, 'applications'>, reference: string, nik: string) {
  const app = await deps.applications.getByReference(reference);
  const matches = constantTimeEqual(app?.nik ?? '0'.repeat(16), nik);
  if (!app || !matches) throw notFound(UNKNOWN);
  return publicStatusView(app);
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

export async function getApplicationForStaff(deps: Pick<Deps, 'applications'>, user: StaffUser, applicationId: string) {
  requireRole(user, 'verifier', 'approver', 'finance', 'admin');
  const app = await deps.applications.get(applicationId);
  if (!app) throw notFound(`No application ${applicationId}`);
  requireDistrict(user, app.address.districtCode);
  return staffView(app);
}
