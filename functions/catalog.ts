/**
 * Every Lambda handler and how it is reached. CDK builds one NodejsFunction per entry and the HTTP API
 * routes from it; the local gateway and Step Functions endpoint dispatch to the same modules from it.
 */
import type { WorkflowTaskFunction } from '../workflows/index.ts';

export type RouteAccess = 'public' | 'staff';

/**
 * What a handler may do with the shared resources; CDK grants exactly this (least privilege) and nothing more.
 * `table`: none / read / readwrite. `workflow`: start lifecycle executions, start payout batch executions, respond to
 * task tokens.
 * `paymentFiles`: read the payment files bucket, or read and write it (never delete: the files are payment records).
 */
export interface ResourceAccess {
  table: 'none' | 'read' | 'readwrite';
  workflow?: readonly ('start' | 'startPayout' | 'respond')[];
  paymentFiles?: 'read' | 'readwrite';
  /** Reads the region reference data shipped in `idn-area-data`. */
  usesRegions?: boolean;
  /** Draws PDFs: the fonts they embed ship beside the bundle. */
  usesFonts?: boolean;
  /** Derives keys from NIKs, KKs or client addresses (reads the pseudonym secret). */
  pseudonyms?: boolean;
  /** Changes officers' roles and regions in the identity provider (the user pool's admin calls for group and attributes). */
  identity?: 'manage';
  /** Limits requests per client (reads the origin secret that tells CloudFront's requests, and their viewer address, apart). */
  limitsPerClient?: boolean;
  /** Texts applicants (SendTextMessage from the one origination identity). */
  sendsSms?: boolean;
}

export interface HttpRoute extends ResourceAccess {
  name: string;
  method: 'GET' | 'POST';
  /** API Gateway route syntax: `/api/tasks/{taskId}/decision`. */
  path: string;
  access: RouteAccess;
  /** Module path from the repository root; it exports `handler`. */
  entry: string;
}

// Staff routes read the staff directory (disabled accounts, revoked tokens), so none of them is below `read`.
export const HTTP_ROUTES: readonly HttpRoute[] = [
  { name: 'get-health', method: 'GET', path: '/health', access: 'public', entry: 'functions/http/get-health.ts', table: 'read' },
  { name: 'get-openapi', method: 'GET', path: '/api/openapi.json', access: 'public', entry: 'functions/http/get-openapi.ts', table: 'none' },
  { name: 'list-programs', method: 'GET', path: '/api/programs', access: 'public', entry: 'functions/http/list-programs.ts', table: 'read' },
  { name: 'list-regions', method: 'GET', path: '/api/regions', access: 'public', entry: 'functions/http/list-regions.ts', table: 'none', usesRegions: true },
  { name: 'list-reason-codes', method: 'GET', path: '/api/reason-codes', access: 'public', entry: 'functions/http/list-reason-codes.ts', table: 'none' },
  { name: 'create-application', method: 'POST', path: '/api/applications', access: 'public', entry: 'functions/http/create-application.ts', table: 'readwrite', workflow: ['start'], usesRegions: true, pseudonyms: true, limitsPerClient: true },
  // Closes the task and wakes the workflow waiting on it; proven as the status check is (pseudonyms: the guess limit).
  { name: 'withdraw-application', method: 'POST', path: '/api/applications/withdraw', access: 'public', entry: 'functions/http/withdraw-application.ts', table: 'readwrite', workflow: ['respond'], pseudonyms: true, limitsPerClient: true },
  // Writes: the per-client rate-limit counter.
  { name: 'check-status', method: 'POST', path: '/api/status-check', access: 'public', entry: 'functions/http/check-status.ts', table: 'readwrite', pseudonyms: true, limitsPerClient: true },
  // Who the caller is and what the policy lets them do: the console shows those screens only.
  { name: 'get-me', method: 'GET', path: '/api/me', access: 'staff', entry: 'functions/http/get-me.ts', table: 'read' },
  { name: 'list-tasks', method: 'GET', path: '/api/tasks', access: 'staff', entry: 'functions/http/list-tasks.ts', table: 'read' },
  // Resumes the waiting workflow with the decision.
  { name: 'decide-task', method: 'POST', path: '/api/tasks/{taskId}/decision', access: 'staff', entry: 'functions/http/decide-task.ts', table: 'readwrite', workflow: ['respond'] },
  { name: 'claim-task', method: 'POST', path: '/api/tasks/{taskId}/claim', access: 'staff', entry: 'functions/http/claim-task.ts', table: 'readwrite' },
  { name: 'reassign-task', method: 'POST', path: '/api/tasks/{taskId}/reassign', access: 'staff', entry: 'functions/http/reassign-task.ts', table: 'readwrite' },
  { name: 'request-information', method: 'POST', path: '/api/tasks/{taskId}/request-info', access: 'staff', entry: 'functions/http/request-information.ts', table: 'readwrite' },
  { name: 'list-applications', method: 'GET', path: '/api/applications', access: 'staff', entry: 'functions/http/list-applications.ts', table: 'read' },
  { name: 'get-application', method: 'GET', path: '/api/applications/{applicationId}', access: 'staff', entry: 'functions/http/get-application.ts', table: 'read' },
  // Writes: every view of a full NIK is an audit event.
  { name: 'reveal-nik', method: 'GET', path: '/api/applications/{applicationId}/nik', access: 'staff', entry: 'functions/http/reveal-nik.ts', table: 'readwrite' },
  { name: 'get-application-audit', method: 'GET', path: '/api/applications/{applicationId}/audit', access: 'staff', entry: 'functions/http/get-application-audit.ts', table: 'read' },
  // Writes: the enrolment's status and its audit event.
  { name: 'change-enrolment', method: 'POST', path: '/api/applications/{applicationId}/enrolment', access: 'staff', entry: 'functions/http/change-enrolment.ts', table: 'readwrite' },
  // Stores the batch and starts its payout workflow.
  { name: 'create-payout-batch', method: 'POST', path: '/api/payout-batches', access: 'staff', entry: 'functions/http/create-payout-batch.ts', table: 'readwrite', workflow: ['startPayout'] },
  { name: 'list-payout-batches', method: 'GET', path: '/api/payout-batches', access: 'staff', entry: 'functions/http/list-payout-batches.ts', table: 'read' },
  { name: 'get-payout-batch', method: 'GET', path: '/api/payout-batches/{batchId}', access: 'staff', entry: 'functions/http/get-payout-batch.ts', table: 'read' },
  // The checker's decision is recorded on the batch's approval task and resumes the workflow.
  { name: 'approve-payout-batch', method: 'POST', path: '/api/payout-batches/{batchId}/approve', access: 'staff', entry: 'functions/http/approve-payout-batch.ts', table: 'readwrite', workflow: ['respond'] },
  { name: 'reject-payout-batch', method: 'POST', path: '/api/payout-batches/{batchId}/reject', access: 'staff', entry: 'functions/http/reject-payout-batch.ts', table: 'readwrite', workflow: ['respond'] },
  { name: 'cancel-payout-batch', method: 'POST', path: '/api/payout-batches/{batchId}/cancel', access: 'staff', entry: 'functions/http/cancel-payout-batch.ts', table: 'readwrite', workflow: ['respond'] },
  // Writes: every download of invitations is an audit event of the batch.
  { name: 'get-invitations', method: 'GET', path: '/api/payout-batches/{batchId}/invitations', access: 'staff', entry: 'functions/http/get-invitations.ts', table: 'readwrite', usesFonts: true },
  // Payout batches (issue #9): finance of the batch's city; reports also for approvers and admins.
  // Writes: every download is an audit event on the batch.
  { name: 'download-payment-file', method: 'GET', path: '/api/payout-batches/{batchId}/payment-file', access: 'staff', entry: 'functions/http/download-payment-file.ts', table: 'readwrite', paymentFiles: 'read' },
  { name: 'reconcile-batch', method: 'POST', path: '/api/payout-batches/{batchId}/reconciliation', access: 'staff', entry: 'functions/http/reconcile-batch.ts', table: 'readwrite' },
  { name: 'list-exceptions', method: 'GET', path: '/api/payout-batches/{batchId}/exceptions', access: 'staff', entry: 'functions/http/list-exceptions.ts', table: 'read' },
  { name: 'resolve-exception', method: 'POST', path: '/api/payout-batches/{batchId}/exceptions/{key}/resolve', access: 'staff', entry: 'functions/http/resolve-exception.ts', table: 'readwrite' },
  { name: 'get-batch-report', method: 'GET', path: '/api/payout-batches/{batchId}/report', access: 'staff', entry: 'functions/http/get-batch-report.ts', table: 'read' },
  { name: 'return-to-pool', method: 'POST', path: '/api/entitlements/{entitlementId}/return-to-pool', access: 'staff', entry: 'functions/http/return-to-pool.ts', table: 'readwrite' },
  { name: 'get-summary-report', method: 'GET', path: '/api/reports/summary', access: 'staff', entry: 'functions/http/get-summary-report.ts', table: 'read', usesRegions: true },
  { name: 'edit-program', method: 'POST', path: '/api/programs/{programId}/versions', access: 'staff', entry: 'functions/http/edit-program.ts', table: 'readwrite' },
  { name: 'list-program-versions', method: 'GET', path: '/api/programs/{programId}/versions', access: 'staff', entry: 'functions/http/list-program-versions.ts', table: 'read' },
  { name: 'list-staff', method: 'GET', path: '/api/staff', access: 'staff', entry: 'functions/http/list-staff.ts', table: 'read' },
  { name: 'list-notifications', method: 'GET', path: '/api/notifications', access: 'staff', entry: 'functions/http/list-notifications.ts', table: 'read' },
  { name: 'set-staff-access', method: 'POST', path: '/api/staff/{username}/access', access: 'staff', entry: 'functions/http/set-staff-access.ts', table: 'readwrite' },
  { name: 'set-staff-roles', method: 'POST', path: '/api/staff/{username}/roles', access: 'staff', entry: 'functions/http/set-staff-roles.ts', table: 'readwrite', usesRegions: true, identity: 'manage' },
];

/** Seconds a handler may run unless its entry says more: below API Gateway's 30 s and the workflow Tasks' 60 s. */
export const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 20;

export interface WorkflowTask extends ResourceAccess {
  name: WorkflowTaskFunction;
  entry: string;
  /** Seconds it may run, below its Task's TimeoutSeconds in the workflow file; 20 if absent. */
  timeoutSeconds?: number;
}

export const WORKFLOW_TASKS: readonly WorkflowTask[] = [
  { name: 'load-application', entry: 'functions/tasks/load-application.ts', table: 'readwrite' },
  { name: 'screen-application', entry: 'functions/tasks/screen-application.ts', table: 'readwrite', pseudonyms: true },
  // Wakes a wait left on the withdrawn application's task.
  { name: 'finish-withdrawal', entry: 'functions/tasks/finish-withdrawal.ts', table: 'readwrite', workflow: ['respond'] },
  // Sends a decision recorded before it re-opened the task.
  { name: 'open-human-task', entry: 'functions/tasks/open-human-task.ts', table: 'readwrite', workflow: ['respond'] },
  { name: 'apply-task-decision', entry: 'functions/tasks/apply-task-decision.ts', table: 'readwrite' },
  { name: 'check-task-deadline', entry: 'functions/tasks/check-task-deadline.ts', table: 'read' },
  { name: 'remind-officer', entry: 'functions/tasks/remind-officer.ts', table: 'readwrite' },
  { name: 'escalate-task', entry: 'functions/tasks/escalate-task.ts', table: 'readwrite' },
  { name: 'load-payout-batch', entry: 'functions/tasks/load-payout-batch.ts', table: 'read' },
  { name: 'snapshot-payout-batch', entry: 'functions/tasks/snapshot-payout-batch.ts', table: 'readwrite', timeoutSeconds: 50 },
  // Freezes instructions with the district's name (pickup at the post office).
  { name: 'claim-payout-pages', entry: 'functions/tasks/claim-payout-pages.ts', table: 'readwrite', usesRegions: true, timeoutSeconds: 240 },
  { name: 'total-payout-batch', entry: 'functions/tasks/total-payout-batch.ts', table: 'readwrite' },
  { name: 'disburse-payout-pages', entry: 'functions/tasks/disburse-payout-pages.ts', table: 'readwrite', timeoutSeconds: 240 },
  { name: 'export-payment-file', entry: 'functions/tasks/export-payment-file.ts', table: 'readwrite', paymentFiles: 'readwrite', timeoutSeconds: 840 },
  { name: 'return-payout-pages', entry: 'functions/tasks/return-payout-pages.ts', table: 'readwrite', timeoutSeconds: 240 },
  { name: 'finish-payout-return', entry: 'functions/tasks/finish-payout-return.ts', table: 'readwrite' },
];

/**
 * What invokes a handler on AWS. Locally the same work happens at start (local/bootstrap.ts), at login, or on the
 * same schedule: a scheduled handler always says how often, so both runtimes read one interval.
 */
type EventSource = { source: 'lifecycle-ended-early' | 'payout-ended-early' | 'deployment' | 'staff-sign-in' } | { source: 'schedule'; everyMinutes: number };

export type EventHandler = ResourceAccess & EventSource & { name: string; entry: string; timeoutSeconds?: number };

export const EVENT_HANDLERS: readonly EventHandler[] = [
  // A lifecycle execution that failed, timed out or was stopped is started again for its application.
  { name: 'resume-failed-lifecycle', entry: 'functions/events/resume-failed-lifecycle.ts', source: 'lifecycle-ended-early', table: 'readwrite', workflow: ['start'] },
  // A payout execution that ended early is started again while its batch has work left.
  { name: 'resume-failed-payout', entry: 'functions/events/resume-failed-payout.ts', source: 'payout-ended-early', table: 'read', workflow: ['startPayout'] },
  // Payout batches whose request stored them but never started their workflow.
  { name: 'restart-stalled-batches', entry: 'functions/events/restart-stalled-batches.ts', source: 'schedule', everyMinutes: 5, table: 'read', workflow: ['startPayout'] },
  // Applications stalled in an automatic status (stored, but their workflow never started) get it started.
  { name: 'restart-stalled-applications', entry: 'functions/events/restart-stalled-applications.ts', source: 'schedule', everyMinutes: 5, table: 'read', workflow: ['start'] },
  // Messages to applicants that are due (new, or due for a retry) are sent; a schedule rather than the table's stream,
  // because retries wait for a time, not for a write (docs/NOTIFICATIONS.md#delivery).
  { name: 'deliver-notifications', entry: 'functions/events/deliver-notifications.ts', source: 'schedule', everyMinutes: 1, table: 'readwrite', sendsSms: true, timeoutSeconds: 60 },
  // Bank-result exceptions finance left open past their time, counted for the office's alarm (docs/OBSERVABILITY.md).
  { name: 'measure-overdue-exceptions', entry: 'functions/events/measure-overdue-exceptions.ts', source: 'schedule', everyMinutes: 60, table: 'read' },
  // The programmes an office starts with, stored where missing at every deployment.
  { name: 'seed-programs', entry: 'functions/events/seed-programs.ts', source: 'deployment', table: 'readwrite' },
  // The table's data migrations (functions/lib/migrations.ts) not yet completed, after the indexes they need exist.
  // A backfill scans the table: up to Lambda's 15 minutes (about 5 M applications at pilot write rates).
  { name: 'run-migrations', entry: 'functions/events/run-migrations.ts', source: 'deployment', table: 'readwrite', timeoutSeconds: 900 },
  // Every staff sign-in records groups and regions in the staff directory; a disabled officer gets no token.
  { name: 'sync-staff-account', entry: 'functions/events/sync-staff-account.ts', source: 'staff-sign-in', table: 'readwrite' },
];

/** Environment variable names shared by CDK, the local runtime and the handlers' config. */
export const ENV = {
  tableName: 'JARING_TABLE_NAME',
  lifecycleStateMachineArn: 'JARING_LIFECYCLE_STATE_MACHINE_ARN',
  payoutStateMachineArn: 'JARING_PAYOUT_STATE_MACHINE_ARN',
  statusCheckLimitPerMinute: 'JARING_STATUS_CHECK_LIMIT_PER_MINUTE',
  intakeLimitPerMinute: 'JARING_INTAKE_LIMIT_PER_MINUTE',
  claimSeconds: 'JARING_CLAIM_SECONDS',
  /** How long an instance keeps a programme it read before reading it again (an edit reaches it within this). */
  programCacheSeconds: 'JARING_PROGRAM_CACHE_SECONDS',
  pseudonymSecretArn: 'JARING_PSEUDONYM_SECRET_ARN',
  /** Local mode only: the key itself (hex). */
  pseudonymKey: 'JARING_PSEUDONYM_KEY',
  originVerifySecretArn: 'JARING_ORIGIN_VERIFY_SECRET_ARN',
  /** Local mode only: the origin secret itself. */
  originVerifySecret: 'JARING_ORIGIN_VERIFY_SECRET',
  paymentFilesBucket: 'JARING_PAYMENT_FILES_BUCKET',
  /** The staff user pool whose groups and `custom:regions` an admin changes. */
  userPoolId: 'JARING_USER_POOL_ID',
  /** The phone number, pool or sender id (its ARN) that texts applicants (AWS End User Messaging SMS). */
  smsOriginationIdentity: 'JARING_SMS_ORIGINATION_IDENTITY',
  /** The first retry of a failed SMS waits this many seconds; each next one twice as long (tests shorten it). */
  smsRetrySeconds: 'JARING_SMS_RETRY_SECONDS',
} as const;
