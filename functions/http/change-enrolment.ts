import { applicationIdSchema } from '../../shared/schemas/application.ts';
import { enrolmentChangeSchema } from '../../shared/schemas/enrolment.ts';
import { changeEnrolment } from '../../shared/use-cases/enrolments.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseJsonBody, pathParameter, staffRoute } from '../lib/http.ts';

const deps = buildDeps();

/** Suspends, resumes or ends the enrolment of an approved application, with a reason (audited). */
export const handler = staffRoute(async (event, user) => {
  const applicationId = pathParameter(event, 'applicationId', applicationIdSchema);
  const { action, reason } = parseJsonBody(event, enrolmentChangeSchema);
  return { statusCode: 200, body: await changeEnrolment(deps, user, applicationId, action, reason) };
});
