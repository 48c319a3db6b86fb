/**
 * The API description, generated from the same zod schemas the handlers parse with and the route catalog
 * CDK and the gateway use, so it cannot drift from what the API accepts.
 */
import * as z from 'zod';
import {
  ANY_REGION, applicationIdSchema, applicationSchema, infoRequestSchema, programQuerySchema, reassignSchema, regionQuerySchema, statusCheckSchema,
  idempotencyKeySchema, taskDecisionSchema, taskIdSchema, taskListQuerySchema,
} from '../../shared/schemas/application.ts';
import { HTTP_ROUTES } from '../catalog.ts';
import { notificationQuerySchema } from '../../shared/schemas/notifications.ts';
import { applicationSearchQuerySchema } from '../../shared/schemas/application-search.ts';
import { enrolmentChangeSchema } from '../../shared/schemas/enrolment.ts';
import { programEditSchema, programIdSchema } from '../../shared/schemas/program-edit.ts';
import {
  batchCancellationSchema, batchIdSchema, batchRejectionSchema, entitlementIdSchema, exceptionKeySchema, invitationsQuerySchema, pageQuerySchema,
  payoutBatchRequestSchema, resolveExceptionSchema, returnToPoolSchema, summaryQuerySchema,
} from '../../shared/schemas/payout.ts';
import { staffAccessSchema, staffRolesSchema, usernameSchema } from '../../shared/schemas/staff.ts';

interface RouteDoc {
  summary: string;
  body?: z.ZodType;
  /** A file body instead of JSON: its media types. */
  upload?: readonly string[];
  query?: z.ZodObject;
  params?: Record<string, z.ZodType>;
  /** Request headers the route reads, each optional unless its schema refuses undefined. */
  headers?: Record<string, z.ZodType>;
  responses: Record<number, string>;
}

const errors = { 400: 'ValidationError: `issues` name each problem', 401: 'No or invalid staff token', 403: 'Role, region or segregation of duties forbids it' };

/** One entry per catalog route; a test checks none is missing. */
const ROUTE_DOCS: Record<string, RouteDoc> = {
  'get-health': { summary: 'Ready when the store answers and programmes exist', responses: { 200: '{status:"ok"}', 503: 'Not ready' } },
  'list-programs': { summary: 'Programmes with their current period and whether intake is open, on the clock of `provinceCode` (WIB without it)', query: programQuerySchema, responses: { 200: 'Programme list', 400: errors[400] } },
  'list-regions': { summary: 'Provinces, or the children of a province, regency or district (Kepmendagri codes)', query: regionQuerySchema, responses: { 200: '[{code, name}]', 400: errors[400], 404: 'Unknown parent' } },
  'create-application': {
    summary: 'Submit an aid application. With an `Idempotency-Key` (8 to 128 of A-Z a-z 0-9 _ -, made when the draft starts), a resend of the same answers within 24 hours gets the first 201 again (the same applicationId and reference); one sent while the first is still being processed waits for its outcome (up to 8 s, else 409 InProgress)',
    body: applicationSchema(ANY_REGION), headers: { 'Idempotency-Key': idempotencyKeySchema },
    responses: {
      201: '{applicationId, reference, status}', 400: `${errors[400]} (a malformed Idempotency-Key too)`,
      409: 'Duplicate: `{error, message, maskedPhone}`. The NIK is already registered for this programme and period; the answer names no reference, which is sent again by SMS to the number on file (at most once an hour per application), shown as `maskedPhone` (`****7890`; absent while the first submission is still being stored). Or intake closed',
      422: 'IdempotencyKeyReused: the key was used for other answers',
      413: 'Body over 64 KiB', 415: 'Not JSON', 429: 'Too many applications from this client; see Retry-After', 503: 'The per-client limit cannot be checked right now; see Retry-After',
    },
  },
  'withdraw-application': {
    summary: 'The applicant withdraws an application before a final decision, proven by reference and NIK as for the status check (the same 404 and limits); its task leaves the queues, its quota place is released, its workflow ends. Sent again, the same 200',
    body: statusCheckSchema,
    responses: {
      200: '{reference, status:"WITHDRAWN"}', 400: errors[400], 404: 'Unknown reference or wrong NIK (the same answer as the status check)',
      409: 'Conflict: already decided (approved or rejected, or a decision recorded), so it can no longer be withdrawn',
      429: 'Too many attempts from this client, or too many wrong NIKs for this reference; see Retry-After', 503: 'The per-client limit cannot be checked right now; see Retry-After',
    },
  },
  'check-status': {
    summary: 'Public status check by reference and NIK (a POST, so the NIK stays out of URLs); the reference is taken in any case and with any separators or none (`jrg 2611 abcde fgh23`)', body: statusCheckSchema,
    responses: { 200: '{reference, status, programId, timeline, reasonCodes (catalogue codes; OTHER for any other), payments}', 400: errors[400], 404: 'Unknown reference or wrong NIK (the same answer)', 429: 'Too many checks from this client, or too many wrong NIKs for this reference (unknown references alike); see Retry-After', 503: 'The per-client limit cannot be checked right now; see Retry-After' },
  },
  'get-me': { summary: 'The caller: username, roles, regions, and the policy\'s actions their roles allow (the staff console offers those screens)', responses: { 200: '{username, roles, regions, actions}', 401: errors[401] } },
  'list-tasks': { summary: 'Open tasks in the caller\'s regions, highest priority first', query: taskListQuerySchema, responses: { 200: '{items, nextCursor}', ...errors } },
  'list-reason-codes': {
    summary: 'The catalogue of rejection reasons: which stages (screening, verification, approval) may give each, and its label, explanation and next step for the applicant in Bahasa Indonesia and English',
    responses: { 200: '[{code, stages, label:{id,en}, explanation:{id,en}, nextStep:{id,en}}]' },
  },
  'decide-task': {
    summary: 'Decide a verification or approval task; repeating the same decision is answered 200. A rejection\'s reasonCode must be a catalogue code (GET /api/reason-codes) whose stages include the task\'s kind',
    body: taskDecisionSchema(), params: { taskId: taskIdSchema },
    responses: { 200: '{taskId, status, decision, replayed}', ...errors, 404: 'Unknown task', 409: 'Already decided differently' },
  },
  'list-applications': {
    summary: 'Search the applications of the caller\'s regions (verifiers, approvers, admins; an admin names the city or district): by status, programme, period, district, screening flag, overdue (an open task past its deadline; not with period), or one by its reference. NIK masked as in GET /api/applications/{applicationId}. `total` counts every match (a count over the same index range as the items)',
    query: applicationSearchQuerySchema, responses: { 200: '{items, nextCursor, total}', ...errors },
  },
  'get-application': { summary: 'An application for staff (NIK masked)', params: { applicationId: applicationIdSchema }, responses: { 200: 'Application', ...errors, 404: 'Unknown application' } },
  'get-application-audit': { summary: 'The hash-chained audit trail of an application', params: { applicationId: applicationIdSchema }, responses: { 200: '{events, chainValid}', ...errors, 404: 'Unknown application' } },
  'claim-task': { summary: 'Claim a task: one officer at a time; the claim lapses (JARING_CLAIM_SECONDS)', params: { taskId: taskIdSchema }, responses: { 200: '{taskId, claimedBy, claimExpiresAt}', ...errors, 404: 'Unknown task', 409: 'Claimed by someone else, or decided' } },
  'reassign-task': { summary: 'An admin gives a task to an officer who may work on it', params: { taskId: taskIdSchema }, body: reassignSchema, responses: { 200: '{taskId, claimedBy, claimExpiresAt}', ...errors, 404: 'Unknown task', 409: 'Decided' } },
  'request-information': { summary: 'Ask the applicant for more information (shown on the status check)', params: { taskId: taskIdSchema }, body: infoRequestSchema, responses: { 200: '{taskId, infoRequest}', ...errors, 404: 'Unknown task', 409: 'Claimed by someone else, or decided' } },
  'reveal-nik': { summary: 'The full NIK and KK and the phone, for roles that need them; every view is audited', params: { applicationId: applicationIdSchema }, responses: { 200: '{applicationId, nik, kk, phone}', ...errors, 404: 'Unknown application' } },
  'create-payout-batch': {
    summary: 'Prepare a payout batch of a programme and period for the caller\'s city (finance); its workflow builds it. A service programme, or a period not written as the programme writes it, is a 400',
    body: payoutBatchRequestSchema, responses: { 202: 'The batch, BUILDING', ...errors },
  },
  'list-payout-batches': { summary: 'The payout batches of the caller\'s city, newest first (finance)', query: pageQuerySchema, responses: { 200: '{items, nextCursor}', ...errors } },
  'get-payout-batch': {
    summary: 'A payout batch: status (and its words), items, total, progress of its build or disbursement, who prepared and approved it, its payment file\'s SHA-256',
    params: { batchId: batchIdSchema }, responses: { 200: 'Batch', ...errors, 404: 'Unknown batch' },
  },
  'approve-payout-batch': {
    summary: 'Approve a batch awaiting approval: a second finance officer of the city, never the one who prepared it (403 naming the rule); the workflow then disburses it. The same approval again is answered alike',
    params: { batchId: batchIdSchema }, responses: { 202: '{batchId, status}', ...errors, 409: 'Not awaiting approval' },
  },
  'reject-payout-batch': {
    summary: 'Reject a batch awaiting approval, with a reason for the maker; its entitlements go back to the pool',
    params: { batchId: batchIdSchema }, body: batchRejectionSchema, responses: { 202: '{batchId, status}', ...errors, 409: 'Not awaiting approval' },
  },
  'cancel-payout-batch': {
    summary: 'The officer who prepared a batch takes it back before it is approved (a reason is optional); its entitlements go back to the pool',
    params: { batchId: batchIdSchema }, body: batchCancellationSchema, responses: { 202: '{batchId, status}', ...errors, 409: 'Approved already, or closed' },
  },
  'get-invitations': {
    summary: 'Printable invitations (PDF, one page per POS household) of an approved batch, in parts of 1,000 households; `x-invitation-next-part` names the next part; every download is audited',
    params: { batchId: batchIdSchema }, query: invitationsQuerySchema,
    responses: { 200: 'application/pdf', ...errors, 404: 'No such batch, or no such part', 409: 'Not approved yet, or no POS households' },
  },
  'edit-program': { summary: 'An admin publishes a programme\'s next version (amount, quota per district, enrolment length, intake window, deadlines, eligibility rules) with a reason; audited on the programme; applications already submitted keep their version', params: { programId: programIdSchema }, body: programEditSchema, responses: { 200: 'Program (the new version)', ...errors, 404: 'Unknown programme', 409: 'Another edit was published first' } },
  'list-program-versions': { summary: 'Every version of a programme, oldest first, with who published it, when and why (admins)', params: { programId: programIdSchema }, responses: { 200: '{items: Program[]}', ...errors, 404: 'Unknown programme' } },
  'list-notifications': {
    summary: 'The outbox of SMS messages to applicants, one status at a time (admins), newest first: event, when it fires, attempts, the last error\'s kind, the text in both languages. No phone numbers: the worker reads the number from the application at each attempt (docs/NOTIFICATIONS.md)',
    query: notificationQuerySchema, responses: { 200: '{items: [{messageId, applicationId, reference, event, label:{id,en}, fires, status, attempts, createdAt, dueAt, sentAt, deadAt, lastError, text:{id,en}}], nextCursor}', ...errors },
  },
  'list-staff': { summary: 'Every staff account in the directory, by username, a page at a time (admins); roles and regions as the identity provider gave them at the last sign-in', query: pageQuerySchema, responses: { 200: '{items: [{username, roles, regions, disabled, tokensValidAfter}], nextCursor}', ...errors } },
  'set-staff-access': { summary: 'An admin disables or enables an officer, or revokes their tokens', params: { username: usernameSchema }, body: staffAccessSchema, responses: { 200: '{username, disabled, tokensValidAfter}', ...errors, 404: 'Unknown officer', 409: 'Disabling yourself, or the last enabled admin' } },
  'set-staff-roles': { summary: 'An admin sets an officer\'s roles and regions in the identity provider (Cognito groups and custom:regions; the local accounts here) and revokes their tokens, which carry the old ones; recorded in the directory', params: { username: usernameSchema }, body: staffRolesSchema, responses: { 200: '{username, roles, regions, disabled, tokensValidAfter}', ...errors, 404: 'Unknown officer', 409: 'Taking away your own admin role, or the last enabled admin\'s' } },
  'change-enrolment': { summary: 'Suspend, resume or end the enrolment of an approved application, with a reason (audited); a suspended one is owed no new periods', params: { applicationId: applicationIdSchema }, body: enrolmentChangeSchema, responses: { 200: 'Enrolment', ...errors, 404: 'No enrolment', 409: 'Not possible from where the enrolment stands' } },
  'download-payment-file': {
    summary: 'The batch\'s payment file (CSV: reference, application_reference, method, amount, account or pickup data; trailer with count and control total), as an attachment; every download is audited on the batch with the file\'s SHA-256 (also in X-Content-SHA256)',
    params: { batchId: batchIdSchema },
    responses: {
      200: 'text/csv; charset=utf-8, up to 5 MiB (about 45,000 rows)',
      303: 'A larger file: Location is a presigned S3 GET valid for 5 minutes that answers the same attachment (send no Authorization there; browsers drop it on the redirect), X-Content-SHA256 its digest; audited before it is given',
      ...errors, 404: 'Unknown batch', 409: 'No file yet: the batch is not disbursed',
    },
  },
  'reconcile-batch': {
    summary: 'Apply the bank\'s result file: `reference,result,bankRef` (+ `amount`, `reason`), reference = payment or application reference. Checked whole first; uploading the same file again changes nothing, partial files add up',
    params: { batchId: batchIdSchema }, upload: ['text/csv', 'application/octet-stream'],
    responses: { 200: '{paid, failed, unmatched, reversed, alreadyApplied, completed}', 400: 'ValidationError: `issues` [{path, line, message}] by line; nothing applied', 401: errors[401], 403: errors[403], 404: 'Unknown batch', 409: 'The batch does not take results now', 413: 'Over 4 MiB or 250,000 rows: split the file', 415: 'Not text/csv, or not UTF-8' },
  },
  'list-exceptions': {
    summary: 'The batch\'s reconciliation exceptions, resolved ones included, each with `description` {id, en} of its kind (and `entitlementId` for a reversal)',
    params: { batchId: batchIdSchema }, query: pageQuerySchema, responses: { 200: '{items:[{key, reference, line, kind, detail, description, resolved, resolution?, entitlementId?}], nextCursor}', ...errors, 404: 'Unknown batch' },
  },
  'resolve-exception': {
    summary: 'Mark an exception resolved with a note (who and when are recorded)', params: { batchId: batchIdSchema, key: exceptionKeySchema }, body: resolveExceptionSchema,
    responses: { 200: 'The exception, resolved', ...errors, 404: 'Unknown batch or exception', 409: 'Already resolved' },
  },
  'get-batch-report': {
    summary: 'Counts and amounts of a batch per district and per item status (PENDING, SENT, PAID, FAILED, REVERSED)', params: { batchId: batchIdSchema },
    responses: { 200: '{batchId, programId, period, regencyCode, status, total, byStatus, byDistrict:[{districtCode, total, byStatus}]}', ...errors, 404: 'Unknown batch' },
  },
  'return-to-pool': {
    summary: 'Put an entitlement the bank reversed back in its pool for the next batch of its period, with a reason (audited)', params: { entitlementId: entitlementIdSchema }, body: returnToPoolSchema,
    responses: { 200: '{entitlementId, applicationId, reference, programId, period, status:"SCHEDULED", amount, returned}', ...errors, 404: 'Unknown entitlement', 409: 'Not reversed' },
  },
  'get-summary-report': {
    summary: 'The office dashboard\'s figures for a city: entitlements by status x programme x district; amounts scheduled, paid and failed per programme and period; applications by status x programme x district; median and 90th percentile of finished waits per stage; quota places taken per district in each quota programme\'s current period (finance, approvers, admins, heads of office; district officers see their districts)',
    query: summaryQuerySchema, responses: { 200: '{regencyCode, counts:[{programId, districtCode, status, count, amount}], periods:[{programId, period, scheduled:{count, amount}, paid:{count, amount}, failed:{count, amount}}], applications:[{programId, districtCode, status, count}], stageTimes:[{status, count, medianMs, p90Ms}], quotas:[{programId, period, districtCode, taken, limit}]}', ...errors },
  },
  'get-openapi': { summary: 'This document', responses: { 200: 'OpenAPI 3.1' } },
};

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of HTTP_ROUTES) {
    const doc = ROUTE_DOCS[route.name];
    if (!doc) throw new Error(`No API description for route ${route.name}`);
    const parameters = [
      ...Object.entries(doc.params ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: jsonSchema(schema) })),
      ...Object.entries(doc.query?.shape ?? {}).map(([name, schema]) => ({ name, in: 'query', required: !(schema as z.ZodType).safeParse(undefined).success, schema: jsonSchema(schema as z.ZodType) })),
      ...Object.entries(doc.headers ?? {}).map(([name, schema]) => ({ name, in: 'header', required: !schema.safeParse(undefined).success, schema: jsonSchema(schema) })),
    ];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.name,
      summary: doc.summary,
      ...(route.access === 'staff' ? { security: [{ staffJwt: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body) } } } } : {}),
      ...(doc.upload ? { requestBody: { required: true, content: Object.fromEntries(doc.upload.map((type) => [type, { schema: { type: 'string' } }])) } } : {}),
      responses: Object.fromEntries(Object.entries(doc.responses).map(([code, description]) => [code, { description }])),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Jaring API', version: '1', description: 'Social-aid applications: intake, screening, verification, approval; payout batches: payment files, reconciliation, reports. Messages in Bahasa Indonesia unless Accept-Language prefers English.' },
    components: { securitySchemes: { staffJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
