import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ENTITLEMENT_TRANSITIONS, POOL_STATUSES, type Entitlement } from '../../../shared/domain/entitlement.ts';
import { validationError } from '../../../shared/domain/errors.ts';
import type { PayoutBatch, PayoutBatchStatus } from '../../../shared/domain/payout-batch.ts';
import type { PaymentInstruction } from '../../../shared/domain/payment-instruction.ts';
import type { EntitlementPool, Page, PaymentInstructionRepository, PayoutBatchRepository } from '../../../shared/ports/payouts.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, putIfAbsent, stripKeys } from './item.ts';

/** A page cursor is the store's last key, as base64url JSON of string attributes; anything else is refused. */
const cursorSchema = z.record(z.string().max(300), z.string().max(300)).refine((k) => Object.keys(k).length <= 4);
const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);
function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (!cursor) return undefined;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw validationError('The cursor is not one this API issued', [{ path: 'cursor', message: 'cursor.invalid' }]);
  }
}

async function queryPage<T>(db: DynamoDBDocumentClient, input: QueryCommand['input'], page: { cursor?: string; limit: number }): Promise<Page<T>> {
  const result = await db.send(new QueryCommand({ ...input, Limit: page.limit, ExclusiveStartKey: decodeCursor(page.cursor) }));
  return { items: (result.Items ?? []).map((i) => stripKeys<T>(i)), cursor: encodeCursor(result.LastEvaluatedKey) };
}

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
}

export class DynamoPayoutBatchRepository implements PayoutBatchRepository {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async create(batch: PayoutBatch): Promise<void> {
    await this.db.send(new PutCommand({
      TableName: this.tableName,
      Item: { ...keys.payoutBatch(batch.batchId), gsi1pk: keys.cityBatches(batch.regencyCode), gsi1sk: `${batch.createdAt}#${batch.batchId}`, ...batch },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
  }

  async get(batchId: string): Promise<PayoutBatch | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.payoutBatch(batchId), ConsistentRead: true }));
    return Item ? stripKeys<PayoutBatch>(Item) : undefined;
  }

  async transition(batchId: string, from: PayoutBatchStatus, to: PayoutBatchStatus, change: Partial<PayoutBatch> & { updatedAt: string }) {
    const fields = Object.entries({ ...change, status: to }).filter(([, v]) => v !== undefined);
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.payoutBatch(batchId),
        UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
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
}
