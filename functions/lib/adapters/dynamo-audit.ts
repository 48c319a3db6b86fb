import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chainEvent, type AuditEvent, type AuditEventInput } from '../../../shared/domain/audit.ts';
import type { AuditLog } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { isConditionalCheckFailed, stripKeys } from './item.ts';

const MAX_APPEND_ATTEMPTS = 10;

/** Audit events under their application's partition, numbered; the number is claimed by a conditional write. */
export class DynamoAuditLog implements AuditLog {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async appendOnce(applicationId: string, input: AuditEventInput): Promise<void> {
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const events = await this.list(applicationId);
      if (events.some((e) => e.eventId === input.eventId)) return;
      const event = await chainEvent(applicationId, input, events.at(-1));
      try {
        await this.db.send(new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.auditEvent(applicationId, event.seq), ...event },
          ConditionExpression: 'attribute_not_exists(pk)',
        }));
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error; // another writer took this number: chain on theirs
      }
    }
    throw new Error(`Could not append audit event ${input.eventId} for ${applicationId}`);
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
