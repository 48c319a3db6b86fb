import type { ApplicationRepository, AttemptLedger, AuditLog, Clock, DedupRegistry, HouseholdIndex, KnownDevices, PaymentFileExporter, PaymentFileStore, ProgramCatalogue, QuotaLedger, RegionDirectory, Registry, TaskRepository, WorkflowEngine } from '../ports/index.ts';

import type { Pseudonymizer } from '../domain/hash.ts';
import type { EnrolmentRepository, EntitlementPool, EntitlementRepository, PaymentInstructionRepository, PayoutBatchRepository, PayoutPageStore } from '../ports/payouts.ts';
import type { SettlementStore } from '../ports/settlements.ts';
import type { ApplicationSearch } from '../ports/application-search.ts';
import type { IdentityProvider } from '../ports/identity-provider.ts';
import type { StaffDirectory } from '../ports/staff-directory.ts';
import type { Outbox, SmsSender } from '../ports/notifications.ts';
import type { IdempotencyStore } from '../ports/idempotency.ts';
import type { BusinessMetrics } from '../ports/business-metrics.ts';

/** Everything a use-case may touch; handlers build it once per cold start. */
export interface Deps {
  applications: ApplicationRepository;
  /** The staff search over a city's applications and over overdue tasks. */
  applicationSearch: ApplicationSearch;
  dedup: DedupRegistry;
  /** Idempotency keys of submissions and their outcomes (kept 24 hours at least). */
  idempotency: IdempotencyStore;
  tasks: TaskRepository;
  programs: ProgramCatalogue;
  audit: AuditLog;
  workflow: WorkflowEngine;
  registry: Registry;
  quotas: QuotaLedger;
  households: HouseholdIndex;
  staff: StaffDirectory;
  /** Where officers' roles and regions live (Cognito; the local login's accounts here). */
  identity: IdentityProvider;
  enrolments: EnrolmentRepository;
  entitlements: EntitlementRepository;
  entitlementPool: EntitlementPool;
  payoutBatches: PayoutBatchRepository;
  payoutPages: PayoutPageStore;
  instructions: PaymentInstructionRepository;
  settlements: SettlementStore;
  /** Payment files and invitations, one folder per batch (S3; s3rver locally). */
  paymentFiles: PaymentFileStore;
  paymentFileExporter: PaymentFileExporter;
  regions: RegionDirectory;
  /** Wrong answers per key and window (the applicant's NIK per reference). */
  attempts: AttemptLedger;
  /** The devices that signed in to a staff account before, which the account-wide sign-in limit lets through. */
  knownDevices: KnownDevices;
  /** Messages to applicants, each once per (application, event), delivered with retries (docs/NOTIFICATIONS.md). */
  outbox: Outbox;
  /** The SMS provider (AWS End User Messaging SMS; a local simulator in the embedded runtime). */
  sms: SmsSender;
  /** What happened, counted for the office's dashboard and alarms (CloudWatch on AWS). */
  metrics: BusinessMetrics;
  pseudonyms: Pseudonymizer;
  clock: Clock;
}
