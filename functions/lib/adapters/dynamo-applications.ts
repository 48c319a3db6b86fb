import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Application, InfoRequest, ScreeningOutcome } from '../../../shared/domain/application.ts';
import type { ApplicationStatus } from '../../../shared/domain/application-status.ts';
import type { ApplicationRepository, StatusChange } from '../../../shared/ports/index.ts';
import { keys } from '../table-layout.ts';
import { getAll, isConditionalCheckFailed, stripKeys } from './item.ts';

/** The staff search's keys (gsi4): where an application lives never changes, so they are written once. */
export const cityIndexAttributes = (app: Pick<Application, 'address' | 'createdAt' | 'applicationId'>) => ({
  gsi4pk: keys.cityApplications(app.address.regencyCode),
  gsi4sk: keys.cityApplicationOrder(app.address.districtCode, app.createdAt, app.applicationId),
});

/**
 * The screening flags' codes as a plain list beside `screening`, so the search can filter with `contains` (a list
 * of maps cannot be searched by one field of its maps).
 */
export const flagCodesOf = (screening: Pick<ScreeningOutcome, 'flags'>) => [...new Set(screening.flags.map((f) => f.code))];

const indexAttributes = (app: Pick<Application, 'reference' | 'status' | 'createdAt' | 'applicationId' | 'address'>) => ({
  gsi1pk: keys.byReference(app.reference),
  gsi1sk: 'APP',
  gsi2pk: keys.byStatus(app.status),
  gsi2sk: `${app.createdAt}#${app.applicationId}`,
  ...cityIndexAttributes(app),
});

export class DynamoApplicationRepository implements ApplicationRepository {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tableName: string) {}

  async create(app: Application): Promise<void> {
    await this.db.send(new PutCommand({
      TableName: this.tableName,
      Item: { ...keys.application(app.applicationId), ...indexAttributes(app), ...app },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
  }

  async get(applicationId: string): Promise<Application | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.application(applicationId), ConsistentRead: true }));
    return Item ? stripKeys<Application>(Item) : undefined;
  }

  async getMany(applicationIds: readonly string[]): Promise<Application[]> {
    return (await getAll(this.db, this.tableName, applicationIds.map((id) => keys.application(id)))).map((item) => stripKeys<Application>(item));
  }

  async findByReference(reference: string) {
    const { Items } = await this.db.send(new QueryCommand({
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :ref AND gsi1sk = :app',
      ExpressionAttributeValues: { ':ref': keys.byReference(reference), ':app': 'APP' },
      ProjectionExpression: 'applicationId, nik',
    }));
    const item = Items?.[0];
    return item ? { applicationId: String(item.applicationId), nik: String(item.nik) } : undefined;
  }

  async transition(applicationId: string, from: ApplicationStatus, to: ApplicationStatus, change: StatusChange) {
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: keys.application(applicationId),
        UpdateExpression: 'SET #status = :to, updatedAt = :at, updatedBy = :actor, gsi2pk = :gsi2pk, timeline = list_append(timeline, :entry)' +
          (change.reasonCodes ? ', reasonCodes = :reasons' : '') +
          (change.screening ? ', screening = :screening, flagCodes = :flagCodes' : '') +
          (change.unfinished ? ', gsi3pk = :unfinished, gsi3sk = :changed' : ''),
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': to, ':from': from, ':at': change.at, ':actor': change.actor, ':gsi2pk': keys.byStatus(to),
          ':entry': [...(change.via ? [{ status: change.via.status, at: change.via.at, actor: change.actor }] : []), { status: to, at: change.at, actor: change.actor }],
          ...(change.reasonCodes ? { ':reasons': change.reasonCodes } : {}),
          ...(change.screening ? { ':screening': change.screening, ':flagCodes': flagCodesOf(change.screening) } : {}),
          ...(change.unfinished ? { ':unfinished': keys.unfinishedApplications, ':changed': `${change.at}#${applicationId}` } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }));
      return Attributes ? stripKeys<Application>(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async setInfoRequest(applicationId: string, request: InfoRequest): Promise<void> {
    await this.db.send(new UpdateCommand({
      TableName: this.tableName,
      Key: keys.application(applicationId),
      UpdateExpression: 'SET infoRequest = :request',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':request': request },
    }));
  }

  async countResume(applicationId: string): Promise<number> {
    const { Attributes } = await this.db.send(new UpdateCommand({
      TableName: this.tableName,
      Key: keys.application(applicationId),
      UpdateExpression: 'ADD resumeCount :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }));
    return Number(Attributes?.resumeCount ?? 1);
  }

  listIdsByStatus(status: ApplicationStatus, createdBefore?: string): AsyncIterable<string> {
    // The sort key starts with createdAt, so "created before" is a key range, not a filter.
    return this.#ids('gsi2', keys.byStatus(status), createdBefore);
  }

  listUnfinished(changedBefore: string): AsyncIterable<string> {
    return this.#ids('gsi3', keys.unfinishedApplications, changedBefore);
  }

  async markFinished(applicationId: string): Promise<void> {
    await this.db.send(new UpdateCommand({
      TableName: this.tableName,
      Key: keys.application(applicationId),
      UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
      ConditionExpression: 'attribute_exists(pk)',
    }));
  }

  /** The ids in one partition of an index whose sort keys start with an instant: all, or those before `before`. */
  async *#ids(index: 'gsi2' | 'gsi3', partition: string, before?: string): AsyncIterable<string> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: before ? `${index}pk = :partition AND ${index}sk < :before` : `${index}pk = :partition`,
        ExpressionAttributeValues: { ':partition': partition, ...(before ? { ':before': before } : {}) },
        ProjectionExpression: 'applicationId',
        ExclusiveStartKey,
      }));
      for (const item of page.Items ?? []) yield String(item.applicationId);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}
