import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Enrolment, EnrolmentChange, EnrolmentStatus } from '../../../shared/domain/enrolment.ts';
import { POOL_STATUSES, type Entitlement } from '../../../shared/domain/entitlement.ts';
import type { EnrolmentRepository, EntitlementRepository } from '../../../shared/ports/payouts.ts';
import { keys } from '../table-layout.ts';
import { getAll, isConditionalCheckFailed, putIfAbsent, queryPage, stripKeys } from './item.ts';

/** Only an ACTIVE enrolment sits in its city's list, which the scheduling of a period's entitlements reads. */
const enrolledIndex = (e: Enrolment) =>
  e.status === 'ACTIVE' ? { gsi2pk: keys.enrolled(e.programId, e.regencyCode), gsi2sk: `${e.districtCode}#${e.applicationId}` } : {};

export class DynamoEnrolmentRepository implements EnrolmentRepository {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async enrol(enrolment: Enrolment): Promise<Enrolment> {
    if (await putIfAbsent(this.db, this.tableName, { ...keys.enrolment(enrolment.applicationId), ...enrolledIndex(enrolment), ...enrolment })) return enrolment;
    const stored = await this.get(enrolment.applicationId);
    if (!stored) throw new Error(`Enrolment of ${enrolment.applicationId} vanished while being stored`);
    return stored;
  }

  async get(applicationId: string): Promise<Enrolment | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.enrolment(applicationId), ConsistentRead: true }));
    return Item ? stripKeys<Enrolment>(Item) : undefined;
  }

  async getMany(applicationIds: readonly string[]): Promise<Enrolment[]> {
    return (await getAll(this.db, this.tableName, applicationIds.map((id) => keys.enrolment(id)))).map((item) => stripKeys<Enrolment>(item));
  }

  async transition(applicationId: string, from: EnrolmentStatus, to: EnrolmentStatus, change: { reason: string; actor: string; at: string }) {
    const current = await this.get(applicationId);
    if (current?.status !== from) return undefined;
    const listed = enrolledIndex({ ...current, status: to });
    const lastChange: EnrolmentChange = { n: (current.lastChange?.n ?? 0) + 1, from, to, reason: change.reason, by: change.actor, at: change.at };
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.enrolment(applicationId),
        // The city list follows the status in the same write: a suspended household is not scheduled. The change's
        // number makes the write conditional on nobody having changed the enrolment since it was read.
        UpdateExpression: `SET #status = :to, statusReason = :reason, updatedAt = :at, updatedBy = :actor, lastChange = :change${listed.gsi2pk ? ', gsi2pk = :gsi2pk, gsi2sk = :gsi2sk' : ' REMOVE gsi2pk, gsi2sk'}`,
        ConditionExpression: current.lastChange ? '#status = :from AND lastChange.n = :previous' : '#status = :from AND attribute_not_exists(lastChange)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': to, ':from': from, ':reason': change.reason, ':at': change.at, ':actor': change.actor, ':change': lastChange,
          ...(current.lastChange ? { ':previous': current.lastChange.n } : {}),
          ...(listed.gsi2pk ? { ':gsi2pk': listed.gsi2pk, ':gsi2sk': listed.gsi2sk } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }));
      return Attributes ? stripKeys<Enrolment>(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  activePage(programId: string, regencyCode: string, page: { cursor?: string; limit: number }) {
    return queryPage<Enrolment>(this.db, {
      TableName: this.tableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :enrolled',
      ExpressionAttributeValues: { ':enrolled': keys.enrolled(programId, regencyCode) },
    }, page);
  }
}

/** Entitlements waiting for a batch (SCHEDULED, FAILED) sit in their programme's, period's and city's pool. */
const poolIndex = (e: Entitlement) =>
  POOL_STATUSES.includes(e.status) ? { gsi1pk: keys.entitlementPool(e.programId, e.period, e.regencyCode), gsi1sk: keys.entitlementPoolOrder(e.districtCode, e.entitlementId) } : {};

export class DynamoEntitlementRepository implements EntitlementRepository {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async schedule(entitlement: Entitlement): Promise<Entitlement> {
    // The city index never moves: programme, city, period and district are fixed when the entitlement is scheduled.
    const cityIndex = { gsi3pk: keys.cityEntitlements(entitlement.programId, entitlement.regencyCode), gsi3sk: `${entitlement.period}#${keys.entitlementPoolOrder(entitlement.districtCode, entitlement.entitlementId)}` };
    if (await putIfAbsent(this.db, this.tableName, { ...keys.entitlement(entitlement.entitlementId), ...poolIndex(entitlement), ...cityIndex, ...entitlement })) return entitlement;
    const [stored] = await this.getMany([entitlement.entitlementId]);
    if (!stored) throw new Error(`Entitlement ${entitlement.entitlementId} vanished while being scheduled`);
    return stored;
  }

  async *inCity(programId: string, regencyCode: string): AsyncIterable<Entitlement> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({
        TableName: this.tableName, IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :city',
        ExpressionAttributeValues: { ':city': keys.cityEntitlements(programId, regencyCode) }, ExclusiveStartKey,
      }));
      for (const item of page.Items ?? []) yield stripKeys<Entitlement>(item);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  async getMany(entitlementIds: readonly string[]): Promise<Entitlement[]> {
    return (await getAll(this.db, this.tableName, entitlementIds.map((id) => keys.entitlement(id)))).map((item) => stripKeys<Entitlement>(item));
  }
}
