import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chainEvent, type AuditEvent, type AuditEventInput } from '../../../shared/domain/audit.ts';
import type { AuditAppend, AuditLog } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, stripKeys } from './item.ts';

const MAX_APPEND_ATTEMPTS = 10;

/**
 * Audit events under their subject's partition, in blocks: one append writes the events it adds as one item,
 * `AUDIT#<seq of its first event>` holding `events`, claimed by a conditional put. No two blocks can share an event's
 * place: a writer numbers its block from the whole chain it read (or, told the chain is empty, from 1), and a place
 * another writer took fails its put, so the chain stays one line. (Items written before blocks hold one event each,
 * at the top level; they are read alike.)
 */
export class DynamoAuditLog implements AuditLog {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async record(applicationId: string, inputs: readonly AuditEventInput[], beforeAppend?: AuditAppend, chainIsEmpty = false): Promise<void> {
    // A caller that knows the chain is (most likely) still empty saves the read; if it was not, the put fails and the
    // chain is read as usual.
    let chain: AuditEvent[] | undefined = chainIsEmpty ? [] : undefined;
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      chain ??= await this.list(applicationId);
      const recorded = new Set(chain.map((e) => e.eventId));
      const missing = inputs.filter((input) => !recorded.has(input.eventId));
      if (!missing.length) return;
      if (beforeAppend) await beforeAppend(missing);
      const block: AuditEvent[] = [];
      for (const input of missing) block.push(await chainEvent(applicationId, input, block.at(-1) ?? chain.at(-1)));
      try {
        await this.db.send(new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.auditEvent(applicationId, block[0]!.seq), events: block },
          ConditionExpression: 'attribute_not_exists(pk)',
        }));
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error; // another writer took this place: re-read, chain on theirs
        chain = undefined;
      }
    }
    throw new Error(`Could not append audit events for ${applicationId}`);
  }

  async list(applicationId: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.application(applicationId).pk, ':prefix': keys.auditPrefix },
        ConsistentRead: true,
        ExclusiveStartKey,
      }));
      for (const item of page.Items ?? []) events.push(...(Array.isArray(item.events) ? (item.events as AuditEvent[]) : [stripKeys<AuditEvent>(item)]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return events;
  }
}
