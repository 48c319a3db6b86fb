/**
 * The handlers AWS invokes outside HTTP, run against the local stack: programme seeding at deployment and the
 * Cognito sign-in trigger that keeps the staff directory current and refuses disabled officers.
 */
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { DynamoStaffDirectory } from '../../functions/lib/adapters/dynamo-staff.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHandler, lambdaContext } from '../../local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { SEED_PROGRAMS, type Program } from '../../shared/domain/programs.ts';
import type { ProgramCatalogue } from '../../shared/ports/index.ts';
import { seedPrograms } from '../../shared/use-cases/seed-programs.ts';
import { apiClient } from '../support/api.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack?.close());

const signIn = (userName: string, groups: string[], regions: string): PreTokenGenerationTriggerEvent => ({
  version: '1', region: 'ap-southeast-3', userPoolId: 'pool', triggerSource: 'TokenGeneration_Authentication', userName,
  callerContext: { awsSdkVersion: 'x', clientId: 'client' },
  request: { userAttributes: { 'custom:regions': regions }, groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [] } },
  response: { claimsOverrideDetails: {} },
} as unknown as PreTokenGenerationTriggerEvent);

describe('programme seeding', () => {
  it('stores the missing seed programmes and keeps an office\'s edits to the others', async () => {
    const stored = new Map<string, Program>([['sembako', { ...SEED_PROGRAMS[0]!, amount: 250_000 }]]);
    const catalogue: ProgramCatalogue = {
      list: async () => [...stored.values()],
      get: async (id) => stored.get(id),
      save: async (programs) => void programs.forEach((p) => stored.set(p.id, p)),
    };
    expect((await seedPrograms(catalogue)).sort()).toEqual(SEED_PROGRAMS.map((p) => p.id).filter((id) => id !== 'sembako').sort());
    expect(stored.get('sembako')?.amount).toBe(250_000);
    expect(await seedPrograms(catalogue)).toEqual([]);
  });

  it('runs as the deployment handler against the store', async () => {
    // A fresh table lacks the programmes; here one is removed from the locally seeded store.
    const client = new DynamoDBClient({ endpoint: stack.dynamoUrl });
    await client.send(new DeleteItemCommand({ TableName: LOCAL_TABLE_NAME, Key: { pk: { S: 'PROGRAM' }, sk: { S: 'psikososial' } } }));
    client.destroy();
    const handler = await importHandler('functions/events/seed-programs.ts');
    expect(await handler({}, lambdaContext('seed-programs') as Context)).toEqual({ seeded: ['psikososial'] });
    const programs = (await apiClient(stack.url).call<Array<{ id: string }>>('GET', '/api/programs')).json;
    expect(programs.map((p) => p.id)).toContain('psikososial');
    expect(await handler({}, lambdaContext('seed-programs') as Context)).toEqual({ seeded: [] });
  });
});

describe('staff sign-in trigger', () => {
  it('records a new officer\'s groups and regions, and refuses a token once the officer is disabled', async () => {
    const handler = await importHandler('functions/events/sync-staff-account.ts');
    const event = signIn('verifikator.bitung', ['verifier', 'not-a-role'], '71.72, 71.71');
    expect(await handler(event, lambdaContext('sync-staff-account') as Context)).toBe(event);
    const client = new DynamoDBClient({ endpoint: stack.dynamoUrl });
    const directory = new DynamoStaffDirectory(DynamoDBDocumentClient.from(client), LOCAL_TABLE_NAME);
    expect(await directory.get('verifikator.bitung')).toEqual({ username: 'verifikator.bitung', roles: ['verifier'], regions: ['71.72', '71.71'], disabled: false });
    client.destroy();

    const api = apiClient(stack.url);
    const admin = await api.login('admin');
    // Now in the directory: an admin can disable the officer, which the next sign-in refuses.
    expect((await api.call('POST', '/api/staff/verifikator.bitung/access', { token: admin, body: { disabled: true } })).status).toBe(200);
    await expect(handler(event, lambdaContext('sync-staff-account') as Context)).rejects.toThrow(/disabled/);
  });
});
