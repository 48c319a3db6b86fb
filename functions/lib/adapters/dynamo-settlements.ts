import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { validationError } from '../../../shared/domain/errors.ts';
import type { SettlementResult } from '../../../shared/domain/reconciliation-row.ts';
import type { Page } from '../../../shared/ports/payouts.ts';
import type {
  ExceptionResolution, InstructionSettlement, ReturnRecord, ReversalRecord, SettledEntitlement, SettledInstruction, SettlementStore, StoredException,
} from '../../../shared/ports/settlements.ts';
import { keys } from '../table-layout.ts';
import { getAll, isConditionalCheckFailed, stripKeys } from './item.ts';

type Update = Pick<UpdateCommand['input'], 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeValues' | 'ExpressionAttributeNames'>;
/** `status` is a reserved word of DynamoDB's expressions. */
const STATUS = { '#status': 'status' };

/** A waiting entitlement's pool entry, as every move into the pool writes it. */
const poolEntry = (e: SettledEntitlement) => ({ ':pool': keys.entitlementPool(e.programId, e.period, e.regencyCode), ':poolOrder': keys.entitlementPoolOrder(e.districtCode, e.entitlementId) });

// An exceptions cursor is the last key's sort key, base64url; anything else is refused.
const encodeCursor = (key: Record<string, unknown> | undefined) => (typeof key?.sk === 'string' ? Buffer.from(key.sk).toString('base64url') : undefined);
function decodeCursor(batchId: string, cursor: string | undefined) {
  if (!cursor) return undefined;
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!sk.startsWith(keys.reconciliationExceptionPrefix) || sk.length > 1024) {
    throw validationError('The cursor is not one this API issued', [{ path: 'cursor', message: 'cursor.invalid' }]);
  }
  return keys.reconciliationException(batchId, sk.slice(keys.reconciliationExceptionPrefix.length));
}

/** Each method is one conditional single-item write (a read before it only where a key must be built from the item). */
export class DynamoSettlementStore implements SettlementStore {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  settleInstruction(reference: string, s: InstructionSettlement) {
    return this.update<SettledInstruction>(keys.paymentInstruction(reference), {
      UpdateExpression: `SET #status = :result, settledAt = :at, settledBy = :by, settledLine = :line${s.bankRef ? ', bankRef = :bankRef' : ''}${s.failureReason ? ', failureReason = :reason' : ''}`,
      ConditionExpression: '#status = :sent',
      ExpressionAttributeNames: STATUS,
      ExpressionAttributeValues: {
        ':result': s.result, ':at': s.at, ':by': s.by, ':line': s.line, ':sent': 'SENT',
        ...(s.bankRef && { ':bankRef': s.bankRef }), ...(s.failureReason && { ':reason': s.failureReason }),
      },
    });
  }

  async getInstruction(reference: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.paymentInstruction(reference), ConsistentRead: true }));
    return Item ? stripKeys<SettledInstruction>(Item) : undefined;
  }

  async getInstructions(references: readonly string[]) {
    const items = await getAll(this.db, this.tableName, references.map((r) => keys.paymentInstruction(r)));
    return new Map(items.map((item) => stripKeys<SettledInstruction>(item)).map((i) => [i.reference, i]));
  }

  recordReversal(reference: string, reversal: ReversalRecord) {
    return this.update<SettledInstruction>(keys.paymentInstruction(reference), {
      UpdateExpression: 'SET reversal = :reversal',
      ConditionExpression: '#status = :paid AND attribute_not_exists(reversal)',
      ExpressionAttributeNames: STATUS,
      ExpressionAttributeValues: { ':reversal': reversal, ':paid': 'PAID' },
    });
  }

  async settleEntitlement(entitlementId: string, batchId: string, result: SettlementResult, change: { paymentRef: string; at: string }) {
    const common = { ':to': result, ':ref': change.paymentRef, ':at': change.at, ':sent': 'SENT', ':batch': batchId };
    const condition = '#status = :sent AND batchId = :batch';
    if (result === 'PAID') {
      return this.moved(keys.entitlement(entitlementId), {
        UpdateExpression: 'SET #status = :to, paymentRef = :ref, updatedAt = :at REMOVE gsi2pk, gsi2sk', ConditionExpression: condition, ExpressionAttributeNames: STATUS, ExpressionAttributeValues: common,
      });
    }
    // FAILED leaves the batch for its pool in the same write, so the next batch of its period takes it.
    const current = await this.getEntitlement(entitlementId);
    if (current?.status !== 'SENT' || current.batchId !== batchId) return false;
    return this.moved(keys.entitlement(entitlementId), {
      UpdateExpression: 'SET #status = :to, paymentRef = :ref, updatedAt = :at, gsi1pk = :pool, gsi1sk = :poolOrder REMOVE gsi2pk, gsi2sk',
      ConditionExpression: condition, ExpressionAttributeNames: STATUS, ExpressionAttributeValues: { ...common, ...poolEntry(current) },
    });
  }

  reverseEntitlement(entitlementId: string, paymentRef: string, at: string) {
    return this.moved(keys.entitlement(entitlementId), {
      UpdateExpression: 'SET #status = :reversed, updatedAt = :at',
      ConditionExpression: '#status = :paid AND paymentRef = :ref',
      ExpressionAttributeNames: STATUS,
      ExpressionAttributeValues: { ':reversed': 'REVERSED', ':at': at, ':paid': 'PAID', ':ref': paymentRef },
    });
  }

  async returnToPool(entitlementId: string, returned: ReturnRecord) {
    const current = await this.getEntitlement(entitlementId);
    if (current?.status !== 'REVERSED' || current.paymentRef !== returned.paymentRef) return false;
    return this.moved(keys.entitlement(entitlementId), {
      UpdateExpression: 'SET #status = :scheduled, returned = :returned, updatedAt = :at, gsi1pk = :pool, gsi1sk = :poolOrder',
      ConditionExpression: '#status = :reversed AND paymentRef = :ref',
      ExpressionAttributeNames: STATUS,
      ExpressionAttributeValues: { ':scheduled': 'SCHEDULED', ':returned': returned, ':at': returned.at, ':reversed': 'REVERSED', ':ref': returned.paymentRef, ...poolEntry(current) },
    });
  }

  async getEntitlement(entitlementId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.entitlement(entitlementId), ConsistentRead: true }));
    return Item ? stripKeys<SettledEntitlement>(Item) : undefined;
  }

  async putException(exception: StoredException) {
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName, Item: { ...keys.reconciliationException(exception.batchId, exception.key), ...exception }, ConditionExpression: 'attribute_not_exists(pk)',
      }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async getException(batchId: string, key: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.reconciliationException(batchId, key), ConsistentRead: true }));
    return Item ? stripKeys<StoredException>(Item) : undefined;
  }

  async listExceptions(batchId: string, page: { cursor?: string; limit: number }): Promise<Page<StoredException>> {
    const result = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.payoutBatch(batchId).pk, ':prefix': keys.reconciliationExceptionPrefix },
      ConsistentRead: true, Limit: page.limit, ExclusiveStartKey: decodeCursor(batchId, page.cursor),
    }));
    return { items: (result.Items ?? []).map((i) => stripKeys<StoredException>(i)), cursor: encodeCursor(result.LastEvaluatedKey) };
  }

  resolveException(batchId: string, key: string, resolution: ExceptionResolution) {
    return this.update<StoredException>(keys.reconciliationException(batchId, key), {
      UpdateExpression: 'SET resolved = :yes, resolution = :resolution',
      ConditionExpression: 'resolved = :no',
      ExpressionAttributeValues: { ':yes': true, ':no': false, ':resolution': resolution },
    });
  }

  private async update<T>(key: Record<string, string>, update: Update): Promise<T | undefined> {
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName, Key: key, ...update, ReturnValues: 'ALL_NEW',
      }));
      return Attributes ? stripKeys<T>(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  private async moved(key: Record<string, string>, update: Update): Promise<boolean> {
    return (await this.update<SettledEntitlement>(key, update)) !== undefined;
  }
}
