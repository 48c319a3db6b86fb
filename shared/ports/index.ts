/**
 * Ports: what the use-cases need from the outside world. Adapters (DynamoDB, Step Functions, the local
 * runtime) implement them; tests may too. Only types here, so `shared/` stays browser-safe.
 */
import type { Application } from '../domain/application.ts';
import type { ApplicationStatus } from '../domain/application-status.ts';
import type { AuditEvent, AuditEventInput } from '../domain/audit.ts';
import type { HumanTask, TaskDecision } from '../domain/human-task.ts';
import type { Program } from '../domain/programs.ts';
import type { TaskKind } from '../schemas/application.ts';

export interface ApplicationRepository {
  /** Stores a new application; fails if the id exists. */
  create(app: Application): Promise<void>;
  get(applicationId: string): Promise<Application | undefined>;
  getByReference(reference: string): Promise<Application | undefined>;
  /**
   * Moves the status only if it is still `from` (a conditional write); returns the stored application,
   * or undefined when the status was no longer `from`.
   */
  transition(applicationId: string, from: ApplicationStatus, to: ApplicationStatus, change: { at: string; actor: string; reasonCodes?: string[] }): Promise<Application | undefined>;
  /** Ids of applications in the given status, oldest first. */
  listIdsByStatus(status: ApplicationStatus): AsyncIterable<string>;
}

export interface DedupHolder {
  applicationId: string;
  reference: string;
  claimedAt: string;
}

/** One open or approved application per (NIK, programme, period), by a conditional write on one key. */
export interface DedupRegistry {
  /** Claims the key; returns the current holder when somebody else holds it. */
  claim(key: string, holder: DedupHolder): Promise<DedupHolder | undefined>;
  /** Replaces `previous` as holder (conditional on it still holding); false if another claimant won. */
  replace(key: string, previous: DedupHolder, next: DedupHolder): Promise<boolean>;
}

export interface TaskPage {
  items: HumanTask[];
  nextCursor: string | undefined;
}

export interface TaskRepository {
  /**
   * Creates the task if new, else stores `token` as its current token while it is OPEN.
   * Returns the task as stored (DECIDED if a decision was recorded earlier).
   */
  openWithToken(task: HumanTask, token: string): Promise<HumanTask>;
  get(taskId: string): Promise<HumanTask | undefined>;
  /** Records the decision if the task is still OPEN; returns the decided task and its current token, or undefined. */
  recordDecision(taskId: string, decision: TaskDecision): Promise<{ task: HumanTask; token: string | undefined } | undefined>;
  /** OPEN tasks of a kind whose district lies in one of the regions (a city or district code), oldest first. */
  listOpen(kind: TaskKind, regions: readonly string[] | 'all', page: { cursor?: string; limit: number }): Promise<TaskPage>;
}

export interface ProgramCatalogue {
  list(): Promise<Program[]>;
  get(programId: string): Promise<Program | undefined>;
}

export interface AuditLog {
  /** Appends the event unless one with the same eventId exists for the application. */
  appendOnce(applicationId: string, event: AuditEventInput): Promise<void>;
  list(applicationId: string): Promise<AuditEvent[]>;
}

export interface WorkflowEngine {
  /** Starts (or, if already running, finds) the lifecycle execution of an application. */
  startLifecycle(applicationId: string): Promise<void>;
  /** Resumes a waiting task; false if the token is no longer valid (the workflow re-enters and re-reads). */
  sendTaskSuccess(token: string, output: unknown): Promise<boolean>;
}

export interface Region {
  code: string;
  name: string;
}

export interface RegionDirectory {
  /** Provinces without a parent; otherwise the children of a province, regency or district. */
  children(parentCode?: string): Promise<Region[] | undefined>;
}

export interface Clock {
  now(): Date;
}
