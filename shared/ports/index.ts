/**
 * Ports: what the use-cases need from the outside world. Adapters (DynamoDB, Step Functions, the local
 * runtime) implement them; tests may too. Only types here, so `shared/` stays browser-safe.
 */
import type { PaymentFileRow, PaymentFileTotals } from '../domain/payment-file.ts';
import type { Application, InfoRequest, ScreeningOutcome } from '../domain/application.ts';
import type { RegistryEntry } from '../rules/facts.ts';
import type { ApplicationStatus } from '../domain/application-status.ts';
import type { AuditEvent, AuditEventInput } from '../domain/audit.ts';
import type { HumanTask, TaskDecision } from '../domain/human-task.ts';
import type { Program } from '../domain/programs.ts';
import type { TaskKind } from '../schemas/application.ts';

export interface StatusChange {
  at: string;
  actor: string;
  /** A status passed through in the same write (SCREENING, between SUBMITTED and screening's outcome), and when. */
  via?: { status: ApplicationStatus; at: string };
  reasonCodes?: string[];
  /** Stored in the same conditional write as the status, so the two never disagree. */
  screening?: ScreeningOutcome;
  /**
   * The status leaves work to do after it (a withdrawal's clean-up): in the same write the application is listed as
   * unfinished until `markFinished`, so a crash between the status and that work leaves it for the sweep.
   */
  unfinished?: boolean;
}

export interface ApplicationRepository {
  /** Stores a new application; fails if the id exists. */
  create(app: Application): Promise<void>;
  get(applicationId: string): Promise<Application | undefined>;
  /** The stored applications among these ids (read consistently, many to a request). */
  getMany(applicationIds: readonly string[]): Promise<Application[]>;
  /** Just the id and NIK behind a reference: the status check compares the NIK before it reads anything else. */
  findByReference(reference: string): Promise<{ applicationId: string; nik: string } | undefined>;
  /**
   * Moves the status only if it is still `from` (a conditional write); returns the stored application,
   * or undefined when the status was no longer `from`.
   */
  transition(applicationId: string, from: ApplicationStatus, to: ApplicationStatus, change: StatusChange): Promise<Application | undefined>;
  /** Records what the office asks of the applicant (shown on the status check). */
  setInfoRequest(applicationId: string, request: InfoRequest): Promise<void>;
  /** Counts one more restart of the application's lifecycle after a failure; returns the new count. */
  countResume(applicationId: string): Promise<number>;
  /** Ids of applications in the given status, oldest first; only those created before `createdBefore` if given. */
  listIdsByStatus(status: ApplicationStatus, createdBefore?: string): AsyncIterable<string>;
  /** Ids of applications listed as unfinished (StatusChange.unfinished) by a status change before `changedBefore`. */
  listUnfinished(changedBefore: string): AsyncIterable<string>;
  /** Takes the application off the unfinished list: the work its status left is done. */
  markFinished(applicationId: string): Promise<void>;
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
   * Creates the task if there is none yet (a repeat changes nothing). The step that moves an application into a
   * waiting status creates its task first, so staff never see the status without the task.
   */
  create(task: HumanTask): Promise<void>;
  /** Takes an OPEN task out of the queues without a decision: its application no longer waits for it. */
  close(taskId: string): Promise<void>;
  /** Stores `token` as the task's current token if it is OPEN: the task as stored, or undefined (absent, or not OPEN). */
  storeToken(taskId: string, token: string): Promise<HumanTask | undefined>;
  /**
   * Creates the task if new, else stores `token` as its current token while it is OPEN.
   * Returns the task as stored (DECIDED if a decision was recorded earlier).
   */
  openWithToken(task: HumanTask, token: string): Promise<HumanTask>;
  get(taskId: string): Promise<HumanTask | undefined>;
  /** The stored tasks among these ids (read consistently, many to a request). */
  getMany(taskIds: readonly string[]): Promise<HumanTask[]>;
  /** The token the workflow last stored on the task, if any. */
  recordedToken(taskId: string): Promise<string | undefined>;
  /**
   * Records the decision if the task is still OPEN and nobody else holds an unexpired claim on it (one
   * conditional write); returns the decided task and its current token, or undefined.
   */
  recordDecision(taskId: string, decision: TaskDecision): Promise<{ task: HumanTask; token: string | undefined } | undefined>;
  /** Claims an OPEN task for `username` until `expiresAt` unless another unexpired claim holds it. */
  claim(taskId: string, username: string, expiresAt: string, now: string): Promise<HumanTask | undefined>;
  /** Gives an OPEN task to `username` until `expiresAt`, whoever held it (an admin's reassignment). */
  assign(taskId: string, username: string, expiresAt: string): Promise<HumanTask | undefined>;
  /** Marks an OPEN task reminded / escalated, once; false if it was not OPEN or already marked. */
  markReminded(taskId: string, at: string): Promise<boolean>;
  markEscalated(taskId: string, at: string): Promise<boolean>;
  /**
   * OPEN tasks of a kind whose district lies in one of the regions (a city or district code), as one queue in
   * queue order (task-queue.ts: highest priority first, then oldest); the cursor resumes after the last task.
   */
  listOpen(kind: TaskKind, regions: readonly string[] | 'all', page: { cursor?: string; limit: number }): Promise<TaskPage>;
}

export interface ProgramCatalogue {
  /** Every programme's current version. */
  list(): Promise<Program[]>;
  /** The programme's current version. */
  get(programId: string): Promise<Program | undefined>;
  /** One version as it was published (versions never change once written). */
  version(programId: string, version: number): Promise<Program | undefined>;
  /** Every published version of the programme, oldest first. */
  versions(programId: string): Promise<Program[]>;
  /**
   * Publishes `program` as its version: stores the version, then makes it current if the current one is the version
   * before it (or none, for version 1). False when another edit got there first: nothing becomes current.
   */
  publish(program: Program): Promise<boolean>;
}

/** Work that must be done before the events are recorded (given those the chain does not hold yet). */
export type AuditAppend = (missing: readonly AuditEventInput[]) => Promise<unknown>;

export interface AuditLog {
  /**
   * Appends, in order and in one write, each event whose eventId the application's chain does not hold yet.
   * `beforeAppend` is given those events first (from the same read of the chain); it may be called again if another
   * writer appends meanwhile. `chainIsEmpty`: the caller expects no event recorded yet, so the chain is not read first
   * (if one was, the append fails and the chain is read as without it).
   */
  record(applicationId: string, events: readonly AuditEventInput[], beforeAppend?: AuditAppend, chainIsEmpty?: boolean): Promise<void>;
  list(applicationId: string): Promise<AuditEvent[]>;
}

/** Where a payment file lives: one folder per payout batch, a file name within it (`bank.csv`, `undangan.pdf`). */
export interface PaymentFileKey {
  batchId: string;
  name: string;
}

/** A payment file stored whole: its size in bytes and SHA-256 (lower-case hex), which the batch's audit trail records. */
export interface StoredPaymentFile {
  size: number;
  sha256: string;
}

/**
 * Payment files for the bank or the post office, streamed in and out, never held whole in memory. A file is there
 * only once it was stored whole: a write cut short (a crash, a lost connection) leaves the key without a file, or with
 * the file it had before, never with part of one. Writing a key again replaces its file as a whole.
 */
export interface PaymentFileStore {
  write(key: PaymentFileKey, body: AsyncIterable<Uint8Array>): Promise<StoredPaymentFile>;
  /** The file and its bytes, or undefined without one; the bytes end in an error if they are not the ones stored. */
  read(key: PaymentFileKey): Promise<(StoredPaymentFile & { body: AsyncIterable<Uint8Array> }) | undefined>;
  exists(key: PaymentFileKey): Promise<boolean>;
  /**
   * A short-lived address from which a browser downloads the stored file straight from the store, saved as
   * `download.fileName`, with the file it leads to (what the audit trail records); undefined without a file.
   */
  link(key: PaymentFileKey, download: PaymentFileDownload): Promise<(StoredPaymentFile & { url: string }) | undefined>;
}

/** How a download through a link is named and typed, as an inline answer's headers would say. */
export interface PaymentFileDownload {
  fileName: string;
  contentType: string;
}

/** Writes a batch's payment file from its rows as they come (streamed, never whole in memory) and stores it. */
export interface PaymentFileExporter {
  export(key: PaymentFileKey, rows: AsyncIterable<PaymentFileRow>): Promise<StoredPaymentFile & PaymentFileTotals>;
}

/**
 * How a lifecycle execution is started. `intake`: named after the application, so repeating it never runs a second
 * one. `resume`: a new execution for an application whose execution is gone (failed, or lost in a local restart).
 * `stalledSince`: a restart of an application stalled in an automatic status since that instant, named after both,
 * so every sweep that finds it in the same state starts the same execution once.
 * Every execution routes on the stored status, so it continues where the application stands.
 */
export type LifecycleStart = 'intake' | 'resume' | { stalledSince: string };

/**
 * How a payout batch's execution is started. `request`: named after the batch, so a repeated start (the sweep of a
 * batch whose first start was cut short) runs none. `resume`: a new one for a batch whose execution is gone.
 */
export type PayoutStart = 'request' | 'resume';

export interface WorkflowEngine {
  /** True if this call started an execution; false when one of that name exists already (a repeat). */
  startLifecycle(applicationId: string, start: LifecycleStart): Promise<boolean>;
  startPayoutBatch(batchId: string, start: PayoutStart): Promise<boolean>;
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

/** The DTSEN-like reference registry, keyed by NIK. */
export interface Registry {
  lookup(nik: string): Promise<RegistryEntry | undefined>;
  /** Writes entries (idempotent: an entry for the same NIK is replaced). */
  save(entries: readonly RegistryRecord[]): Promise<void>;
}

export interface RegistryRecord extends RegistryEntry {
  nik: string;
  kk: string;
}

/**
 * Places per (programme, period, district), taken and given back atomically and idempotently per application:
 * the places taken are always exactly the applications holding one.
 */
export interface QuotaLedger {
  /** True if the application holds (or now took) a place; false when all `limit` places are taken. */
  claim(key: string, applicationId: string, limit: number): Promise<boolean>;
  /** Gives the application's place back, if it holds one. */
  release(key: string, applicationId: string): Promise<void>;
  /** How many places are taken under each key (a key with none taken is 0). */
  taken(keys: readonly string[]): Promise<Map<string, number>>;
}

/** Applications per household (KK) and programme. */
export interface HouseholdIndex {
  /** Records the application under the household and returns the household's other applications. */
  register(key: string, applicationId: string): Promise<string[]>;
}

/** Fixed-window request counting, shared by every instance of a handler. */
export interface RateLimiter {
  /** Counts one request for `key`; `allowed` false once more than `limit` came in the current window. */
  hit(key: string, limit: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/** A fixed window of time: the `index`-th span of `seconds` since the epoch. */
export interface AttemptWindow {
  index: number;
  seconds: number;
}

/**
 * Attempts counted per key and window in the store (shared by every instance), taken before the attempt is judged,
 * so concurrent attempts cannot all slip under the limit; one that turns out right is given back.
 */
export interface AttemptLedger {
  /** Takes an attempt unless `limit` are taken in the window: how many are taken now, or undefined when refused. */
  take(key: string, window: AttemptWindow, limit: number): Promise<number | undefined>;
  giveBack(key: string, window: AttemptWindow): Promise<void>;
}

/**
 * The devices (clients) that signed in to an account, each remembered until an expiry, by pseudonyms of the account
 * and the client: the account-wide sign-in limit does not hold them back, so an attacker cannot lock an officer out.
 */
export interface KnownDevices {
  /** Remembers, or remembers for longer, that `device` signed in to `account`. */
  remember(account: string, device: string, until: Date): Promise<void>;
  /** Whether `device` signed in to `account` and is still remembered at `now`. */
  isKnown(account: string, device: string, now: Date): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}

