/**
 * The local runtime runs the sweep of stalled applications on a timer, as EventBridge does on AWS: an application
 * stored but never started moves on without anyone calling the handler (the interval is shortened here).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoApplicationRepository } from '../../functions/lib/adapters/dynamo-applications.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { newApplication, newReference } from '../../shared/domain/application.ts';
import { ANY_REGION, applicationSchema } from '../../shared/schemas/application.ts';
import { STALLED_AFTER_MS } from '../../shared/use-cases/resume-applications.ts';
import { apiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ scheduledEveryMs: 300 });
});
afterAll(() => stack?.close());

describe('the local schedule', () => {
  it('restarts a stalled application by itself', async () => {
    const repository = new DynamoApplicationRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoUrl })), LOCAL_TABLE_NAME);
    const at = new Date(Date.now() - STALLED_AFTER_MS - 60_000);
    const app = newApplication(applicationSchema(ANY_REGION).parse(applicationBody()), { applicationId: crypto.randomUUID(), reference: newReference(at), period: '2026-12' }, at);
    await repository.create(app);
    const api = apiClient(stack.url);
    const admin = await api.login('admin');
    const status = await api.until('the sweep moves it on', async () => {
      const s = (await api.call<{ status: string }>('GET', `/api/applications/${app.applicationId}`, { token: admin })).json.status;
      return s !== 'SUBMITTED' && s;
    });
    expect(status).toMatch(/SCREENING|PENDING_VERIFICATION/);
  });
});
