import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chainEvent, type AuditEvent, type AuditEventInput } from '../../../shared/domain/audit.ts';
import type { AuditLog } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, stripKeys } from './item.ts';

const MAX_APPEND_ATTEMPTS = 10;

/** Audit events under their application's partition, numbered; the number is claimed by a conditional write. */
export class DynamoAuditLog implements AuditLog {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async record(applicationId: string, inputs: readonly AuditEventInput[], beforeAppend?: (missing: readonly AuditEventInput[]) => Promise<unknown>): Promise<void> {
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const chain = await this.list(applicationId);
      const recorded = new Set(chain.map((e) => e.eventId));
      const missing = inputs.filter((input) => !recorded.has(input.eventId));
      if (missing.length && beforeAppend) await beforeAppend(missing);
      try {
        for (const input of missing) {
          const event = await chainEvent(applicationId, input, chain.at(-1));
          await this.db.send(new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.auditEvent(applicationId, event.seq), ...event },
            ConditionExpression: 'attribute_not_exists(pk)',
          }));
          chain.push(event);
        }
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error; // another writer took this number: re-read, chain on theirs
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
      events.push(...(page.Items ?? []).map((i) => stripKeys<AuditEvent>(i)));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return events;
  }
}
