import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApplicationRepository } from '../../functions/lib/adapters/dynamo-applications.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { newApplication, newReference } from '../../shared/domain/application.ts';
import { ANY_REGION, applicationSchema } from '../../shared/schemas/application.ts';
import { applicationBody } from './fixtures.ts';

/** The applications of the store at `dynamoUrl`, read and written as the handlers do. */
export const applicationsAt = (dynamoUrl: string) =>
  new DynamoApplicationRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamoUrl })), LOCAL_TABLE_NAME);

/** What an intake that died between its write and StartExecution leaves behind, stored `agoMs` ago; its id. */
export async function storeNeverStarted(applications: DynamoApplicationRepository, agoMs: number): Promise<string> {
  const at = new Date(Date.now() - agoMs);
  const input = applicationSchema(ANY_REGION).parse(applicationBody());
  const app = newApplication(input, { applicationId: crypto.randomUUID(), reference: newReference(at), period: '2026-12' }, at);
  await applications.create(app);
  return app.applicationId;
}
