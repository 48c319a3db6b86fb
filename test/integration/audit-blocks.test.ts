/**
 * The audit chain as blocks (functions/lib/adapters/dynamo-audit.ts): one append's events in one item, claimed by a
 * conditional put on its first event's place. Concurrent appenders, appenders told the chain is empty when it is not,
 * and items of the earlier one-event layout all give one linear, verifiable chain with each event once.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/lib/adapters/dynamo-audit.ts';
import { keys, LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { ensureTable, startDynamo, type LocalDynamo } from '../../local/dynamo.ts';
import { chainEvent, verifyChain, type AuditEventInput } from '../../shared/domain/audit.ts';

let dynamo: LocalDynamo;
let client: DynamoDBClient;
let db: DynamoDBDocumentClient;
let log: DynamoAuditLog;

beforeAll(async () => {
  dynamo = await startDynamo({});
  client = new DynamoDBClient({ endpoint: dynamo.url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, LOCAL_TABLE_NAME);
  db = DynamoDBDocumentClient.from(client);
  log = new DynamoAuditLog(db, LOCAL_TABLE_NAME);
});
afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

const event = (eventId: string): AuditEventInput => ({ eventId, actor: 'system:test', action: 'TESTED', at: '2026-12-01T00:00:00.000Z' });
const items = async (subject: string) => (await db.send(new QueryCommand({
  TableName: LOCAL_TABLE_NAME,
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': keys.application(subject).pk, ':prefix': keys.auditPrefix },
}))).Items ?? [];

describe('the audit chain in blocks', () => {
  it('writes one append of several events as one item, numbered from the first event', async () => {
    await log.record('one-block', [event('a'), event('b'), event('c')], undefined, true);
    await log.record('one-block', [event('c'), event('d')]);
    const stored = await items('one-block');
    expect(stored.map((i) => [i.sk, (i.events as unknown[]).length])).toEqual([['AUDIT#000001', 3], ['AUDIT#000004', 1]]);
    const chain = await log.list('one-block');
    expect(chain.map((e) => [e.eventId, e.seq])).toEqual([['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
    expect(await verifyChain(chain)).toBe(true);
  });

  it('keeps 8 concurrent appenders, some wrongly told the chain is empty, to one linear chain with each event once', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) =>
      log.record('contended', [event(`e${i}`), event(`e${i}-next`), event('shared')], undefined, i % 3 === 0)));
    const chain = await log.list('contended');
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
    expect(new Set(chain.map((e) => e.eventId)).size).toBe(chain.length);
    expect(chain).toHaveLength(17);
    expect(await verifyChain(chain)).toBe(true);
  });

  it('reads items of the one-event layout and chains a block on them', async () => {
    const first = await chainEvent('legacy', event('old-1'), undefined);
    const second = await chainEvent('legacy', event('old-2'), first);
    for (const e of [first, second]) await db.send(new PutCommand({ TableName: LOCAL_TABLE_NAME, Item: { ...keys.auditEvent('legacy', e.seq), ...e } }));
    // Told the chain is empty, the append finds places 1 and 2 taken and reads the chain instead.
    const before: string[][] = [];
    await log.record('legacy', [event('old-2'), event('new-3'), event('new-4')], async (missing) => { before.push(missing.map((e) => e.eventId)); }, true);
    const chain = await log.list('legacy');
    expect(chain.map((e) => e.eventId)).toEqual(['old-1', 'old-2', 'new-3', 'new-4']);
    expect(await verifyChain(chain)).toBe(true);
    // The work before the append was offered what it assumed first, then what was really missing.
    expect(before).toEqual([['old-2', 'new-3', 'new-4'], ['new-3', 'new-4']]);
  });
});
