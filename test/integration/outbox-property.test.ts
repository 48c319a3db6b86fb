/**
 * The outbox as properties (issue #11, "Tests"), over the real DynamoDB adapters on an in-memory dynalite:
 * - every status change, however often its step runs again or is cut short before its hook, gives exactly one
 *   message per (application, event); duplicates within one hour give one re-send; payments one per instruction;
 * - no message, and nothing the worker reports for its log lines, holds the NIK, the KK, the phone number or the street;
 * - a failing provider is retried with a growing wait, then dead-lettered after the last attempt; two workers at once
 *   never make one attempt twice.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoApplicationRepository } from '../../functions/lib/adapters/dynamo-applications.ts';
import { DynamoAuditLog } from '../../functions/lib/adapters/dynamo-audit.ts';
import { DynamoOutbox } from '../../functions/lib/adapters/dynamo-outbox.ts';
import { ensureTable, startDynamo, type LocalDynamo } from '../../local/dynamo.ts';
import { newApplication, newReference, type Application } from '../../shared/domain/application.ts';
import { APPLICATION_TRANSITIONS, type ApplicationStatus } from '../../shared/domain/application-status.ts';
import { messageIdOf, STATUS_EVENTS } from '../../shared/domain/notifications.ts';
import type { SmsSender } from '../../shared/ports/notifications.ts';
import type { CreateApplicationInput } from '../../shared/schemas/application.ts';
import { DELIVERY, deliverDueNotifications, retryDelaySeconds, type DeliveryDeps } from '../../shared/use-cases/deliver-notifications.ts';
import { auditTimeline, moveApplication } from '../../shared/use-cases/move-application.ts';
import { enqueueNotices, paymentNotice, referenceResentNotice } from '../../shared/use-cases/notify.ts';
import { applicationBody } from '../support/fixtures.ts';
import { recordingMetrics } from '../support/metrics.ts';

const PHONE = '+6281398765432';
const STREET = 'Jl. Kenanga Gg. Mawar No. 7';

let dynamo: LocalDynamo;
let client: DynamoDBClient;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  dynamo = await startDynamo({});
  client = new DynamoDBClient({ endpoint: dynamo.url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTable(client, 'enqueue');
  await ensureTable(client, 'delivery');
});
afterAll(async () => {
  client?.destroy();
  await dynamo?.close();
});

function world(table: string, start = Date.parse('2026-12-01T03:00:00Z')) {
  let t = start;
  const clock = { now: () => new Date(t), set: (ms: number) => (t = ms), get: () => t };
  return {
    clock,
    applications: new DynamoApplicationRepository(db, table),
    audit: new DynamoAuditLog(db, table),
    outbox: new DynamoOutbox(db, table),
    metrics: recordingMetrics(),
  };
}

async function storedApplication(w: ReturnType<typeof world>): Promise<Application> {
  const body = applicationBody();
  const input = { ...body, phone: PHONE, address: { ...body.address, street: STREET } } as unknown as CreateApplicationInput;
  const app = newApplication(input, { applicationId: crypto.randomUUID(), reference: newReference(w.clock.now()), period: '2026-12' }, w.clock.now());
  await w.applications.create(app);
  return app;
}

/** Every outbox item of one application, straight from the store. */
async function outboxOf(table: string, applicationId: string) {
  const { Items = [] } = await client.send(new ScanCommand({
    TableName: table, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': { S: `OUTBOX#${applicationId}.` } },
  }));
  return Items.map((i) => ({ messageId: i.messageId?.S ?? '', raw: JSON.stringify(i) }));
}

const secretsOf = (app: Application) => [app.nik, app.kk, PHONE, PHONE.slice(3), `0${PHONE.slice(3)}`, STREET];

/** A path through the transition table from SUBMITTED, chosen by the numbers. */
function pathFrom(choices: readonly number[]): ApplicationStatus[] {
  const path: ApplicationStatus[] = [];
  let at: ApplicationStatus = 'SUBMITTED';
  for (const choice of choices) {
    const next = APPLICATION_TRANSITIONS[at];
    if (!next.length) break;
    at = next[choice % next.length] as ApplicationStatus;
    path.push(at);
  }
  return path;
}

/** A provider that refuses the first `failures` messages, as a real one might word it: with the number in its text. */
function flakyProvider(failures: number) {
  const calls: { to: string; body: string; messageId: string }[] = [];
  const sender: SmsSender = {
    async send(sms) {
      calls.push(sms);
      if (calls.length <= failures) throw Object.assign(new Error(`Cannot deliver to ${sms.to} right now`), { name: 'InternalServerException' });
      return { providerMessageId: `provider-${calls.length}` };
    },
  };
  return { sender, calls };
}

describe('enqueueing', () => {
  it('gives exactly one message per (application, event), with nothing identifying in it', async () => {
    const w = world('enqueue');
    await fc.assert(fc.asyncProperty(
      fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      // Per step: 0 = the step ends normally, 1 = it is cut short before its hook, 2 = it runs its hook twice.
      fc.array(fc.constantFrom(0, 1, 2), { minLength: 6, maxLength: 6 }),
      fc.array(fc.nat({ max: 3 * 3600 }), { maxLength: 5 }),
      fc.nat({ max: 3 }),
      async (choices, runs, duplicateOffsets, payments) => {
        w.clock.set(Date.parse('2026-12-01T03:00:00Z'));
        w.metrics.measures.length = 0;
        let app = await storedApplication(w);
        await auditTimeline(w, app); // the workflow's first step
        for (const [i, to] of pathFrom(choices).entries()) {
          app = await moveApplication(w, app, to, 'tester', to === 'REJECTED' ? { reasonCodes: ['NOT_AT_ADDRESS'] } : {});
          if (runs[i] !== 1) await auditTimeline(w, app);
          if (runs[i] === 2) await auditTimeline(w, app);
        }
        await auditTimeline(w, app); // the next step, or the workflow's re-entry, heals what a crash cut short
        // Each status counted once, cut short or repeated: the stage it left, and its arrival.
        const counted = [...w.metrics.measures];
        expect(w.metrics.of('StageWait').map((m) => m.dimensionValue)).toEqual(app.timeline.slice(0, -1).map((e) => e.status));
        expect(w.metrics.of('ApplicationsSubmitted')).toHaveLength(1);
        expect(w.metrics.of('ApplicationsWithdrawn')).toHaveLength(app.status === 'WITHDRAWN' ? 1 : 0);
        const start = w.clock.get();
        const hours = new Set(duplicateOffsets.map((s) => new Date(start + s * 1000).toISOString().slice(0, 13)));
        const instructions = Array.from({ length: payments }, (_, n) => ({ applicationId: app.applicationId, applicationReference: app.reference, amount: 200_000, reference: `PAY${n}` }));
        // Everything that enqueues, twice, with every message delivered in between: a repeat after delivery must
        // neither add a message nor put a sent one back in the queue.
        const provider = flakyProvider(0);
        for (let again = 0; again < 2; again++) {
          await auditTimeline(w, app);
          await Promise.all(duplicateOffsets.map((s) => enqueueNotices(w, [referenceResentNotice(app, new Date(start + s * 1000))])));
          for (const i of instructions) await enqueueNotices(w, [paymentNotice(i, 'payment-sent', '2026-12'), paymentNotice(i, 'payment-paid', '2026-12')]);
          w.clock.set(start + 4 * 3600_000);
          while ((await deliverDueNotifications({ ...w, sms: provider.sender }, { retrySeconds: 1 })).due > 0);
        }

        const expected = [
          ...app.timeline.flatMap((e) => { const event = STATUS_EVENTS[e.status]; return event ? [messageIdOf({ applicationId: app.applicationId, event })] : []; }),
          ...[...hours].map((h) => messageIdOf({ applicationId: app.applicationId, event: 'reference-resent', occurrence: h })),
          ...instructions.flatMap((i) => ['payment-sent', 'payment-paid'].map((event) => messageIdOf({ applicationId: app.applicationId, event: event as 'payment-sent', occurrence: i.reference }))),
        ];
        // Repeats count no status again; every message the provider took is counted sent, once.
        expect(w.metrics.measures.filter((m) => !m.metric.startsWith('Notifications'))).toEqual(counted);
        expect(w.metrics.of('NotificationsSent').reduce((sum, m) => sum + m.value, 0)).toBe(provider.calls.length);
        const stored = await outboxOf('enqueue', app.applicationId);
        expect(stored.map((m) => m.messageId).sort()).toEqual([...expected].sort());
        expect(provider.calls.map((c) => c.messageId).sort()).toEqual([...expected].sort());
        for (const c of provider.calls) for (const secret of secretsOf(app).slice(0, 2)) expect(c.body).not.toContain(secret);
        for (const m of stored) for (const secret of secretsOf(app)) expect(m.raw).not.toContain(secret);
      },
    ), { numRuns: 12 });
  });
});

describe('delivery', () => {
  it('retries a failing provider with a growing wait, then dead-letters; never sends one attempt twice', async () => {
    const retrySeconds = 30;
    await fc.assert(fc.asyncProperty(fc.nat({ max: DELIVERY.maxAttempts + 2 }), fc.boolean(), async (failures, twoWorkers) => {
      const w = world('delivery');
      const app = await storedApplication(w);
      await auditTimeline(w, app); // enqueues "received"
      const messageId = messageIdOf({ applicationId: app.applicationId, event: 'received' });
      const provider = flakyProvider(failures);
      const deps: DeliveryDeps = { ...w, sms: provider.sender };
      const reported: string[] = [];
      const waits: number[] = [];
      for (let round = 0; round < DELIVERY.maxAttempts + 2; round++) {
        const message = await w.outbox.get(messageId);
        if (message?.status !== 'PENDING') break;
        waits.push((Date.parse(message.dueAt) - w.clock.get()) / 1000);
        w.clock.set(Math.max(w.clock.get(), Date.parse(message.dueAt)));
        const rounds = await Promise.all(Array.from({ length: twoWorkers ? 2 : 1 }, () => deliverDueNotifications(deps, { retrySeconds })));
        reported.push(JSON.stringify(rounds));
      }

      const final = await w.outbox.get(messageId);
      const attempts = Math.min(failures + 1, DELIVERY.maxAttempts);
      expect(provider.calls).toHaveLength(attempts);
      expect(final).toMatchObject(failures < DELIVERY.maxAttempts
        ? { status: 'SENT', attempts, providerMessageId: `provider-${attempts}` }
        : { status: 'DEAD', attempts, lastError: 'InternalServerException' });
      // The waits before each retry: 30 s, 60 s, 120 s, ...
      expect(waits.slice(1)).toEqual(Array.from({ length: attempts - 1 }, (_, n) => retryDelaySeconds(n + 1, retrySeconds)));
      expect(provider.calls.every((c) => c.to === PHONE && c.messageId === messageId && c.body === final?.text.id)).toBe(true);
      for (const text of [...reported, JSON.stringify(final), ...provider.calls.map((c) => c.body)]) {
        for (const secret of secretsOf(app)) expect(text).not.toContain(secret);
      }
      // Dead letters are what staff look at.
      const dead = await w.outbox.list('DEAD', { limit: 100 });
      expect(dead.items.some((m) => m.messageId === messageId)).toBe(failures >= DELIVERY.maxAttempts);
    }), { numRuns: 15 });
  });
});
