/**
 * The handlers AWS invokes outside HTTP, run against the local stack: programme seeding at deployment and the
 * Cognito sign-in trigger that keeps the staff directory current and refuses disabled officers.
 */
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoProgramCatalogue } from '../../functions/lib/adapters/dynamo-programs.ts';
import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { DynamoStaffDirectory } from '../../functions/lib/adapters/dynamo-staff.ts';
import { keys, LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHandler, lambdaContext } from '../../local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { SEED_PROGRAMS, type Program } from '../../shared/domain/programs.ts';
import { SEED_ACTOR, seedFingerprint, seedPrograms } from '../../shared/use-cases/seed-programs.ts';
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
  it('publishes a seed whose rules changed as a new version, and keeps an admin\'s edit while the seed stays the same', async () => {
    const client = new DynamoDBClient({ endpoint: stack.dynamoUrl });
    const db = DynamoDBDocumentClient.from(client);
    const programs = new DynamoProgramCatalogue(db, LOCAL_TABLE_NAME);
    const clock = { now: () => new Date('2026-12-01T08:00:00Z') };
    const seed = SEED_PROGRAMS.find((p) => p.id === 'sembako')!;
    // A table written by the version before programme versions: the programme as an older seed had it.
    const { version: _v, revision: _r, ...rules } = (await programs.get('sembako'))!;
    await db.send(new PutCommand({ TableName: LOCAL_TABLE_NAME, Item: { pk: 'PROGRAM', sk: 'sembako', ...rules, amount: 150_000 } }));
    await db.send(new DeleteCommand({ TableName: LOCAL_TABLE_NAME, Key: keys.programVersion('sembako', 1) }));

    expect(await seedPrograms({ programs, clock })).toEqual(['sembako']);
    // Applications submitted before the change name version 1, the programme as the older seed had it.
    expect(await programs.version('sembako', 1)).toMatchObject({ amount: 150_000, version: 1 });
    const updated = (await programs.get('sembako'))!;
    expect(updated).toMatchObject({ amount: seed.amount, version: 2, revision: { by: SEED_ACTOR, seed: seedFingerprint(seed) } });
    expect(await programs.version('sembako', 2)).toEqual(updated);

    // An admin's edit (version 3) derives from the seeded version: a later start leaves it alone.
    const edit: Program = { ...updated, amount: 250_000, version: 3, revision: { by: 'admin', at: clock.now().toISOString(), note: 'Harga naik', seed: updated.revision!.seed } };
    expect(await programs.publish(edit)).toBe(true);
    expect(await programs.publish({ ...edit, amount: 275_000 })).toBe(false);
    expect(await seedPrograms({ programs, clock })).toEqual([]);
    expect((await programs.get('sembako'))?.amount).toBe(250_000);
    expect((await programs.versions('sembako')).map((v) => [v.version, v.amount, v.revision?.by])).toEqual([[1, 150_000, undefined], [2, seed.amount, SEED_ACTOR], [3, 250_000, 'admin']]);
    client.destroy();
  });

  it('runs as the deployment handler against the store', async () => {
    // A fresh table lacks the programmes; here one is removed from the locally seeded store.
    const client = new DynamoDBClient({ endpoint: stack.dynamoUrl });
    for (const key of [{ pk: 'PROGRAM', sk: 'psikososial' }, keys.programVersion('psikososial', 1)]) {
      await client.send(new DeleteItemCommand({ TableName: LOCAL_TABLE_NAME, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }));
    }
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
