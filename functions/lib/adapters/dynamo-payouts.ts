import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENTITLEMENT_TRANSITIONS, POOL_STATUSES, type Entitlement, type EntitlementStatus } from '../../../shared/domain/entitlement.ts';
import type { PayoutBatch, PayoutBatchStatus } from '../../../shared/domain/payout-batch.ts';
import type { PaymentInstruction } from '../../../shared/domain/payment-instruction.ts';
import type { EntitlementPool, PaymentInstructionRepository, PayoutBatchRepository } from '../../../shared/ports/payouts.ts';
import { keys } from '../table-layout.ts';
import { getAll, isConditionalCheckFailed, putIfAbsent, queryPage, stripKeys } from './item.ts';

/**
 * Entitlements move between the pool (gsi1 `POOL#...`, while SCHEDULED or FAILED) and a batch (gsi2 `BATCH#<id>`,
 * while IN_BATCH or SENT); each move changes the status and both indexes in one conditional write, so an entitlement
 * is always in exactly one of them and never in two batches.
 */
export class DynamoEntitlementPool implements EntitlementPool {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  waiting(programId: string, period: string, regencyCode: string, page: { cursor?: string; limit: number }) {
    return queryPage<Entitlement>(this.db, {
      TableName: this.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pool',
      ExpressionAttributeValues: { ':pool': keys.entitlementPool(programId, period, regencyCode) },
    }, page);
  }

  async claim(entitlementId: string, batchId: string, at: string): Promise<Entitlement | undefined> {
    // The statuses a claim may start from are the pool's, each one the transition table lets into a batch.
    const from = POOL_STATUSES.filter((s) => ENTITLEMENT_TRANSITIONS[s].includes('IN_BATCH'));
    const names = Object.fromEntries(from.map((s, i) => [`:from${i}`, s]));
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.entitlement(entitlementId),
        UpdateExpression: 'SET #status = :inBatch, batchId = :batch, attempts = attempts + :one, updatedAt = :at, gsi2pk = :batchIndex, gsi2sk = :id REMOVE gsi1pk, gsi1sk',
        ConditionExpression: `#status IN (${Object.keys(names).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':inBatch': 'IN_BATCH', ':batch': batchId, ':one': 1, ':at': at, ':batchIndex': keys.batchEntitlements(batchId), ':id': entitlementId, ...names },
        ReturnValues: 'ALL_NEW',
      }));
      return Attributes ? stripKeys<Entitlement>(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  inBatch(batchId: string, page: { cursor?: string; limit: number }) {
    return queryPage<Entitlement>(this.db, {
      TableName: this.tableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :batch',
      ExpressionAttributeValues: { ':batch': keys.batchEntitlements(batchId) },
    }, page);
  }

  markSent(entitlementId: string, batchId: string, at: string) {
    return this.move(entitlementId, batchId, at, 'SET #status = :to, updatedAt = :at', 'SENT');
  }

  async giveBack(entitlementId: string, batchId: string, at: string) {
    const [found] = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.entitlement(entitlementId), ConsistentRead: true })).then((r) => (r.Item ? [stripKeys<Entitlement>(r.Item)] : []));
    if (!found) return false;
    // Back in its pool under its programme, period and city, where the next batch of the period finds it.
    return this.move(entitlementId, batchId, at, 'SET #status = :to, updatedAt = :at, gsi1pk = :pool, gsi1sk = :order REMOVE batchId, gsi2pk, gsi2sk', 'SCHEDULED', {
      ':pool': keys.entitlementPool(found.programId, found.period, found.regencyCode), ':order': keys.entitlementPoolOrder(found.districtCode, found.entitlementId),
    });
  }

  /** One conditional write from IN_BATCH in this batch to `to`, as the transition table allows. */
  private async move(entitlementId: string, batchId: string, at: string, update: string, to: EntitlementStatus, values: Record<string, string> = {}): Promise<boolean> {
    if (!ENTITLEMENT_TRANSITIONS.IN_BATCH.includes(to)) throw new Error(`An entitlement in a batch cannot become ${to}`);
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName, Key: keys.entitlement(entitlementId), UpdateExpression: update,
        ConditionExpression: '#status = :inBatch AND batchId = :batch',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':at': at, ':inBatch': 'IN_BATCH', ':batch': batchId, ...values },
      }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}

/** Batches whose workflow still has work to do are listed by status (gsi2), so a restart finds and resumes them. */
const WORKFLOW_STATUSES: readonly PayoutBatchStatus[] = ['BUILDING', 'AWAITING_APPROVAL', 'DISBURSING', 'REJECTED', 'CANCELLED'];
const statusIndex = (batchId: string, status: PayoutBatchStatus) =>
  (WORKFLOW_STATUSES.includes(status) ? { gsi2pk: keys.batchStatus(status), gsi2sk: batchId } : undefined);

export class DynamoPayoutBatchRepository implements PayoutBatchRepository {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async create(batch: PayoutBatch): Promise<void> {
    await this.db.send(new PutCommand({
      TableName: this.tableName,
      Item: { ...keys.payoutBatch(batch.batchId), gsi1pk: keys.cityBatches(batch.regencyCode), gsi1sk: `${batch.createdAt}#${batch.batchId}`, ...statusIndex(batch.batchId, batch.status), ...batch },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
  }

  async get(batchId: string): Promise<PayoutBatch | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.payoutBatch(batchId), ConsistentRead: true }));
    return Item ? stripKeys<PayoutBatch>(Item) : undefined;
  }

  async transition(batchId: string, from: PayoutBatchStatus, to: PayoutBatchStatus, change: Partial<PayoutBatch> & { updatedAt: string }) {
    const index = statusIndex(batchId, to);
    const fields = Object.entries({ ...change, status: to, ...index }).filter(([, v]) => v !== undefined);
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.payoutBatch(batchId),
        UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}${index ? '' : ' REMOVE gsi2pk, gsi2sk'}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])) },
        ExpressionAttributeValues: { ':from': from, ...Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])) },
        ReturnValues: 'ALL_NEW',
      }));
      return Attributes ? stripKeys<PayoutBatch>(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  listByCity(regencyCode: string, page: { cursor?: string; limit: number }) {
    return queryPage<PayoutBatch>(this.db, {
      TableName: this.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :city', ScanIndexForward: false,
      ExpressionAttributeValues: { ':city': keys.cityBatches(regencyCode) },
    }, page);
  }

  listByStatus(status: PayoutBatchStatus, page: { cursor?: string; limit: number }) {
    return queryPage<PayoutBatch>(this.db, {
      TableName: this.tableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :status',
      ExpressionAttributeValues: { ':status': keys.batchStatus(status) },
    }, page);
  }

  async markReturned(batchId: string, at: string) {
    await this.db.send(new UpdateCommand({
      TableName: this.tableName, Key: keys.payoutBatch(batchId), UpdateExpression: 'SET returnedAt = if_not_exists(returnedAt, :at) REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':at': at },
    }));
  }
}

export class DynamoPaymentInstructionRepository implements PaymentInstructionRepository {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async put(instruction: PaymentInstruction): Promise<PaymentInstruction> {
    const item = {
      ...keys.paymentInstruction(instruction.reference), gsi2pk: keys.batchInstructions(instruction.batchId), gsi2sk: instruction.reference,
      gsi1pk: keys.batchInstructionOfApplication(instruction.batchId, instruction.applicationReference), gsi1sk: instruction.reference, ...instruction,
    };
    if (await putIfAbsent(this.db, this.tableName, item)) return instruction;
    const stored = await this.byReference(instruction.reference);
    if (!stored) throw new Error(`Payment instruction ${instruction.reference} vanished while being stored`);
    return stored;
  }

  async getMany(references: readonly string[]): Promise<PaymentInstruction[]> {
    return (await getAll(this.db, this.tableName, references.map((r) => keys.paymentInstruction(r)))).map((item) => stripKeys<PaymentInstruction>(item));
  }

  async byReference(reference: string): Promise<PaymentInstruction | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.paymentInstruction(reference), ConsistentRead: true }));
    return Item ? stripKeys<PaymentInstruction>(Item) : undefined;
  }

  async referenceOfApplication(batchId: string, applicationReference: string): Promise<string | undefined> {
    const { Items } = await this.db.send(new QueryCommand({
      TableName: this.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :app', ProjectionExpression: 'gsi1sk',
      ExpressionAttributeValues: { ':app': keys.batchInstructionOfApplication(batchId, applicationReference) }, Limit: 1,
    }));
    return Items?.[0]?.gsi1sk as string | undefined;
  }

  inBatch(batchId: string, page: { cursor?: string; limit: number }) {
    return queryPage<PaymentInstruction>(this.db, {
      TableName: this.tableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :batch',
      ExpressionAttributeValues: { ':batch': keys.batchInstructions(batchId) },
    }, page);
  }

  async markSent(reference: string, at: string) {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName, Key: keys.paymentInstruction(reference), UpdateExpression: 'SET #status = :sent, sentAt = :at',
        ConditionExpression: '#status = :pending', ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'SENT', ':pending': 'PENDING', ':at': at },
      }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
