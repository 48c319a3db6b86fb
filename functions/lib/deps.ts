import type { Deps } from '../../shared/use-cases/deps.ts';
import { DynamoApplicationSearch } from './adapters/dynamo-application-search.ts';
import { DynamoApplicationRepository } from './adapters/dynamo-applications.ts';
import { DynamoAttemptLedger } from './adapters/dynamo-attempts.ts';
import { DynamoAuditLog } from './adapters/dynamo-audit.ts';
import { DynamoHouseholdIndex, DynamoQuotaLedger } from './adapters/dynamo-counters.ts';
import { DynamoDedupRegistry } from './adapters/dynamo-dedup.ts';
import { DynamoIdempotencyStore } from './adapters/dynamo-idempotency.ts';
import { DynamoEnrolmentRepository, DynamoEntitlementRepository } from './adapters/dynamo-enrolments.ts';
import { DynamoKnownDevices } from './adapters/dynamo-known-devices.ts';
import { DynamoEntitlementPool, DynamoPaymentInstructionRepository, DynamoPayoutBatchRepository } from './adapters/dynamo-payouts.ts';
import { DynamoPayoutPageStore } from './adapters/dynamo-payout-pages.ts';
import { idnRegions } from './adapters/idn-regions.ts';
import { DynamoSettlementStore } from './adapters/dynamo-settlements.ts';
import { CachedProgramCatalogue, DynamoProgramCatalogue } from './adapters/dynamo-programs.ts';
import { DynamoRegistry } from './adapters/dynamo-registry.ts';
import { DynamoStaffDirectory } from './adapters/dynamo-staff.ts';
import { DynamoTaskRepository } from './adapters/dynamo-tasks.ts';
import { DynamoOutbox } from './adapters/dynamo-outbox.ts';
import { EmfBusinessMetrics } from './adapters/emf-business-metrics.ts';
import { S3PaymentFileStore } from './adapters/s3-payment-files.ts';
import { StepFunctionsWorkflow } from './adapters/sfn-workflow.ts';
import { documentClient, s3Client, sfnClient } from './clients.ts';
import { config } from './config.ts';
import { StreamingPaymentFileExporter } from './payouts/export.ts';
import { metrics } from './observability.ts';
import { pseudonyms } from './pseudonyms.ts';

/** A port this function was not given: the catalog grants it to another function (set-staff-roles, deliver-notifications). */
const notGiven = (port: string) => () => Promise.reject(new Error(`This function is not given the ${port}; only the function the catalog grants it to is`));

/**
 * The adapters behind the ports, built once per cold start from the module-scope clients. The user pool and the SMS
 * provider are given only by the function that may use each (`buildDeps({ identity: staffUserPool() })`), so no other
 * bundle carries their SDK clients.
 */
export function buildDeps(given: Partial<Pick<Deps, 'identity' | 'sms'>> = {}): Deps {
  const table = config.tableName;
  // Both read on first use: most handlers never touch a payment file (nor the user pool, below).
  const paymentFiles = new S3PaymentFileStore(s3Client, () => config.paymentFilesBucket);
  return {
    applications: new DynamoApplicationRepository(documentClient, table),
    applicationSearch: new DynamoApplicationSearch(documentClient, table),
    dedup: new DynamoDedupRegistry(documentClient, table),
    idempotency: new DynamoIdempotencyStore(documentClient, table),
    tasks: new DynamoTaskRepository(documentClient, table),
    programs: new CachedProgramCatalogue(new DynamoProgramCatalogue(documentClient, table), config.programCacheSeconds * 1000),
    audit: new DynamoAuditLog(documentClient, table),
    registry: new DynamoRegistry(documentClient, table, pseudonyms),
    quotas: new DynamoQuotaLedger(documentClient, table),
    households: new DynamoHouseholdIndex(documentClient, table),
    staff: new DynamoStaffDirectory(documentClient, table),
    identity: given.identity ?? { setRolesAndRegions: notGiven('staff user pool') },
    enrolments: new DynamoEnrolmentRepository(documentClient, table),
    entitlements: new DynamoEntitlementRepository(documentClient, table),
    entitlementPool: new DynamoEntitlementPool(documentClient, table),
    payoutBatches: new DynamoPayoutBatchRepository(documentClient, table),
    payoutPages: new DynamoPayoutPageStore(documentClient, table),
    instructions: new DynamoPaymentInstructionRepository(documentClient, table),
    settlements: new DynamoSettlementStore(documentClient, table),
    paymentFiles,
    paymentFileExporter: new StreamingPaymentFileExporter(paymentFiles),
    regions: idnRegions,
    attempts: new DynamoAttemptLedger(documentClient, table),
    knownDevices: new DynamoKnownDevices(documentClient, table),
    outbox: new DynamoOutbox(documentClient, table),
    sms: given.sms ?? { send: notGiven('SMS provider') },
    metrics: new EmfBusinessMetrics(metrics),
    pseudonyms,
    // Read lazily: handlers that never touch the workflow need not be given its ARN.
    workflow: new StepFunctionsWorkflow(sfnClient, { lifecycle: () => config.lifecycleStateMachineArn, payout: () => config.payoutStateMachineArn }),
    clock: { now: () => new Date() },
  };
}
