/**
 * The single table's keys and indexes: one source of truth for CDK, the local bootstrap and the adapters.
 *
 * Items (pk / sk):
 *   APP#<id> / APP            application         gsi1: REF#<reference>           gsi2: STATUS#<status> / <createdAt>#<id>
 *                                                 gsi4: APPS#<regencyCode> / <districtCode>#<createdAt>#<id> (staff search by
 *                                                 city, narrowed to a district by begins_with; written at intake, never moved)
 *                                                 gsi3 while a withdrawal's clean-up is unfinished: UNFINISHED / <changedAt>#<id>
 *   APP#<id> / AUDIT#<seq>    audit event (hash-chained)
 *   TASK#<taskId> / TASK      human task          while OPEN: gsi1 QUEUE#<kind> (admins), gsi2 QUEUE#<kind>#<regencyCode>;
 *                                                 both sorted by <999-priority>#<createdAt>#<taskId>
 *   DEDUP#<hmac(dedup|nik|programme|period)> / DEDUP    one open application per NIK, programme and period
 *   PROGRAM / <programId>     programme, its current version
 *   PROGRAMVERSION#<programId> / <version, 6 digits>   every published version, written once
 *   REGISTRY#<hmac(registry|nik)> / REGISTRY  DTSEN-like registry entry (desil, district); no NIK stored
 *   QUOTA#<programme|period|district> / QUOTA the places taken: the set of applications holding one (`holders`)
 *   HOUSEHOLD#<hmac(household|kk|programme|period)> / HOUSEHOLD   application ids of one household
 *   RATE#<action#hmac(client or reference)>#<window> / RATE   request counter for rate limits, wrong NIKs per reference
 *   DEVICE#<hmac(account)>#<hmac(client)> / DEVICE  a client that signed in to a staff account (expiresAt: TTL)
 *   IDEMPOTENCY#<route>:<key> / IDEMPOTENCY  a submission's Idempotency-Key: request fingerprint, reserved ids, lease,
 *                                             outcome (expiresAt: TTL, 24 hours)
 *
 * hmac(...): keyed pseudonyms (shared/domain/hash.ts), never plain hashes, which a NIK's few guesses would reverse.
 *   APP#<id> / ENROLMENT      the household's enrolment   gsi2 while ACTIVE: ENROLLED#<programme>#<city> / <district>#<id>
 *   ENT#<entitlementId> / ENT entitlement (hmac of NIK and programme, and the period)
 *                                                 gsi1 while SCHEDULED or FAILED: POOL#<programme>#<period>#<city> / <district>#<id>
 *                                                 gsi2 while IN_BATCH or SENT: BATCH#<batchId> / <id>
 *                                                 gsi3 always: ENTS#<programme>#<city> / <period>#<district>#<id> (reports)
 *   PAYOUT#<batchId> / BATCH  payout batch        gsi1 BATCHES#<city> / <createdAt>#<batchId> (a city's batches, newest first)
 *                                                 gsi2 while its workflow has work: BATCH_STATUS#<status> / <batchId>
 *   PAYOUT#<batchId> / PAGE#<n>  snapshot page: the enrolments it was built from, and what the page put in the batch
 *   PAYREF#<reference> / ITEM payment instruction gsi2 ITEMS#<batchId> / <reference> (a batch's instructions)
 *                                                 gsi1 ITEMAPP#<batchId>#<application reference> / <reference> (a result
 *                                                 row that quotes the application reference; one item per application)
 *   PAYOUT#<batchId> / EXCEPTION#<key>  reconciliation exception (once per row content and kind)
 *   SEED / <name>                             marks a local seed (the registry fixture) as loaded
 *   MIGRATION / <id>                          a data migration that ran to its end (functions/lib/migrations.ts)
 *   STAFF#<username> / STAFF                  officer: roles, regions, disabled, tokensValidAfter
 *                                             gsi2 STAFF / <username> (the admin's list of accounts, by username)
 *   OUTBOX#<messageId> / OUTBOX               a message to an applicant (docs/NOTIFICATIONS.md): no phone number
 *                                             gsi1 OUTBOX#<status> / <createdAt>#<messageId> (the admin's list, newest first)
 *                                             gsi2 while PENDING: OUTBOX#DUE / <dueAt>#<messageId> (the delivery worker)
 *   STAFF / ENABLED_ADMINS                    the usernames of the enabled admins (`admins`, a string set): one item, so
 *                                             taking an admin off it is a write conditional on who else is on it
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    // Added after the first release: stores made before it get it at start (local/dynamo-schema.ts) and their
    // applications its keys by migration 1 (functions/lib/migrations.ts).
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
} as const;

/** The keys and indexes in DynamoDB's API shape (CreateTable; CloudFormation uses the same), all strings. */
export function tableKeySchema() {
  const key = (hash: string, range: string) => [
    { AttributeName: hash, KeyType: 'HASH' as const },
    { AttributeName: range, KeyType: 'RANGE' as const },
  ];
  const names = new Set<string>([TABLE.partitionKey, TABLE.sortKey, ...TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  return {
    AttributeDefinitions: [...names].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: key(TABLE.partitionKey, TABLE.sortKey),
    GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: key(index.partitionKey, index.sortKey),
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

export const LOCAL_TABLE_NAME = 'jaring';

/** Items that may expire carry this attribute (epoch seconds); on AWS, DynamoDB TTL removes them. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const keys = {
  application: (id: string) => ({ pk: `APP#${id}`, sk: 'APP' }),
  auditEvent: (applicationId: string, seq: number) => ({ pk: `APP#${applicationId}`, sk: `AUDIT#${String(seq).padStart(6, '0')}` }),
  auditPrefix: 'AUDIT#',
  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  dedup: (key: string) => ({ pk: `DEDUP#${key}`, sk: 'DEDUP' }),
  programPartition: 'PROGRAM',
  /** One programme's published versions, each written once. */
  programVersion: (programId: string, version: number) => ({ pk: `PROGRAMVERSION#${programId}`, sk: String(version).padStart(6, '0') }),
  registry: (nikHash: string) => ({ pk: `REGISTRY#${nikHash}`, sk: 'REGISTRY' }),
  quota: (key: string) => ({ pk: `QUOTA#${key}`, sk: 'QUOTA' }),
  household: (key: string) => ({ pk: `HOUSEHOLD#${key}`, sk: 'HOUSEHOLD' }),
  rateWindow: (key: string, window: number) => ({ pk: `RATE#${key}#${window}`, sk: 'RATE' }),
  knownDevice: (account: string, device: string) => ({ pk: `DEVICE#${account}#${device}`, sk: 'DEVICE' }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' }),
  enrolment: (applicationId: string) => ({ pk: `APP#${applicationId}`, sk: 'ENROLMENT' }),
  enrolled: (programId: string, regencyCode: string) => `ENROLLED#${programId}#${regencyCode}`,
  entitlement: (entitlementId: string) => ({ pk: `ENT#${entitlementId}`, sk: 'ENT' }),
  /** Every entitlement of a programme in a city, whatever its status: the summary report reads it a page at a time. */
  cityEntitlements: (programId: string, regencyCode: string) => `ENTS#${programId}#${regencyCode}`,
  entitlementPool: (programId: string, period: string, regencyCode: string) => `POOL#${programId}#${period}#${regencyCode}`,
  /** An entitlement's place in its pool: by district, so a city's pool reads district by district. */
  entitlementPoolOrder: (districtCode: string, entitlementId: string) => `${districtCode}#${entitlementId}`,
  batchEntitlements: (batchId: string) => `BATCH#${batchId}`,
  payoutBatch: (batchId: string) => ({ pk: `PAYOUT#${batchId}`, sk: 'BATCH' }),
  cityBatches: (regencyCode: string) => `BATCHES#${regencyCode}`,
  batchStatus: (status: string) => `BATCH_STATUS#${status}`,
  snapshotPage: (batchId: string, page: number) => ({ pk: `PAYOUT#${batchId}`, sk: `PAGE#${String(page).padStart(6, '0')}` }),
  snapshotPagePrefix: 'PAGE#',
  paymentInstruction: (reference: string) => ({ pk: `PAYREF#${reference}`, sk: 'ITEM' }),
  batchInstructions: (batchId: string) => `ITEMS#${batchId}`,
  batchInstructionOfApplication: (batchId: string, applicationReference: string) => `ITEMAPP#${batchId}#${applicationReference}`,
  reconciliationException: (batchId: string, key: string) => ({ pk: `PAYOUT#${batchId}`, sk: `EXCEPTION#${key}` }),
  reconciliationExceptionPrefix: 'EXCEPTION#',
  seedMarker: (name: string) => ({ pk: 'SEED', sk: name }),
  staff: (username: string) => ({ pk: `STAFF#${username}`, sk: 'STAFF' }),
  enabledAdmins: { pk: 'STAFF', sk: 'ENABLED_ADMINS' },
  /** gsi2 partition of every staff account, sorted by username (no other gsi2 partition is without a `#`). */
  staffDirectory: 'STAFF',
  byReference: (reference: string) => `REF#${reference}`,
  byStatus: (status: string) => `STATUS#${status}`,
  /** gsi3 of applications whose status change left work to finish (a withdrawal's clean-up), by when it changed. */
  unfinishedApplications: 'UNFINISHED',
  /** A city's applications (gsi4), in district order, then oldest first: a district is a prefix of the sort key. */
  cityApplications: (regencyCode: string) => `APPS#${regencyCode}`,
  cityApplicationOrder: (districtCode: string, createdAt: string, applicationId: string) => `${districtCode}#${createdAt}#${applicationId}`,
  districtApplicationsPrefix: (districtCode: string) => `${districtCode}#`,
  migration: (id: string) => ({ pk: 'MIGRATION', sk: id }),
  outboxMessage: (messageId: string) => ({ pk: `OUTBOX#${messageId}`, sk: 'OUTBOX' }),
  outboxByStatus: (status: string) => `OUTBOX#${status}`,
  outboxDue: 'OUTBOX#DUE',
  taskQueue: (kind: string, regencyCode: string) => `QUEUE#${kind}#${regencyCode}`,
} as const;
