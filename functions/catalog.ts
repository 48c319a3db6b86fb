/**
 * Every Lambda handler and how it is reached. CDK builds one NodejsFunction per entry and the HTTP API
 * routes from it; the local gateway and Step Functions endpoint dispatch to the same modules from it.
 */
import type { WorkflowTaskFunction } from '../workflows/index.ts';

export type RouteAccess = 'public' | 'staff';

export interface HttpRoute {
  name: string;
  method: 'GET' | 'POST';
  /** API Gateway route syntax: `/api/tasks/{taskId}/decision`. */
  path: string;
  access: RouteAccess;
  /** Module path from the repository root; it exports `handler`. */
  entry: string;
  /** Needs the lifecycle state machine (start executions, send task results). */
  usesWorkflow?: boolean;
  /** Reads the region reference data shipped in `idn-area-data`. */
  usesRegions?: boolean;
}

export const HTTP_ROUTES: readonly HttpRoute[] = [
  { name: 'get-health', method: 'GET', path: '/health', access: 'public', entry: 'functions/http/get-health.ts' },
  { name: 'get-openapi', method: 'GET', path: '/api/openapi.json', access: 'public', entry: 'functions/http/get-openapi.ts' },
  { name: 'list-programs', method: 'GET', path: '/api/programs', access: 'public', entry: 'functions/http/list-programs.ts' },
  { name: 'list-regions', method: 'GET', path: '/api/regions', access: 'public', entry: 'functions/http/list-regions.ts', usesRegions: true },
  { name: 'create-application', method: 'POST', path: '/api/applications', access: 'public', entry: 'functions/http/create-application.ts', usesWorkflow: true, usesRegions: true },
  { name: 'check-status', method: 'POST', path: '/api/status-check', access: 'public', entry: 'functions/http/check-status.ts' },
  { name: 'list-tasks', method: 'GET', path: '/api/tasks', access: 'staff', entry: 'functions/http/list-tasks.ts' },
  { name: 'decide-task', method: 'POST', path: '/api/tasks/{taskId}/decision', access: 'staff', entry: 'functions/http/decide-task.ts', usesWorkflow: true },
  { name: 'get-application', method: 'GET', path: '/api/applications/{applicationId}', access: 'staff', entry: 'functions/http/get-application.ts' },
  { name: 'claim-task', method: 'POST', path: '/api/tasks/{taskId}/claim', access: 'staff', entry: 'functions/http/claim-task.ts' },
  { name: 'reassign-task', method: 'POST', path: '/api/tasks/{taskId}/reassign', access: 'staff', entry: 'functions/http/reassign-task.ts' },
  { name: 'request-information', method: 'POST', path: '/api/tasks/{taskId}/request-info', access: 'staff', entry: 'functions/http/request-information.ts' },
  { name: 'reveal-nik', method: 'GET', path: '/api/applications/{applicationId}/nik', access: 'staff', entry: 'functions/http/reveal-nik.ts' },
  { name: 'set-staff-access', method: 'POST', path: '/api/staff/{username}/access', access: 'staff', entry: 'functions/http/set-staff-access.ts' },
  { name: 'get-application-audit', method: 'GET', path: '/api/applications/{applicationId}/audit', access: 'staff', entry: 'functions/http/get-application-audit.ts' },
];

export interface WorkflowTask {
  name: WorkflowTaskFunction;
  entry: string;
  /** Sends task results itself (a re-entered human task that was already decided). */
  usesWorkflow?: boolean;
}

export const WORKFLOW_TASKS: readonly WorkflowTask[] = [
  { name: 'load-application', entry: 'functions/tasks/load-application.ts' },
  { name: 'screen-application', entry: 'functions/tasks/screen-application.ts' },
  { name: 'open-human-task', entry: 'functions/tasks/open-human-task.ts', usesWorkflow: true },
  { name: 'apply-task-decision', entry: 'functions/tasks/apply-task-decision.ts' },
  { name: 'check-task-deadline', entry: 'functions/tasks/check-task-deadline.ts' },
  { name: 'remind-officer', entry: 'functions/tasks/remind-officer.ts' },
  { name: 'escalate-task', entry: 'functions/tasks/escalate-task.ts' },
];

/** Environment variable names shared by CDK, the local runtime and the handlers' config. */
export const ENV = {
  tableName: 'JARING_TABLE_NAME',
  lifecycleStateMachineArn: 'JARING_LIFECYCLE_STATE_MACHINE_ARN',
  statusCheckLimitPerMinute: 'JARING_STATUS_CHECK_LIMIT_PER_MINUTE',
  claimSeconds: 'JARING_CLAIM_SECONDS',
} as const;
