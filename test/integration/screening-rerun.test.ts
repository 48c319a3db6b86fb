/**
 * A screening run that took a quota place and opened the verification task, then died before moving the
 * application on, leaves it SUBMITTED (its status moves once, through SCREENING, at the end) or, left by a run of an
 * earlier version that moved it first, in SCREENING. If the run again rejects it (the rules or the data it reads
 * changed meanwhile), it gives the place back and closes the task: no rejected application holds a place or sits in
 * a queue.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { newApplication, newReference } from '../../shared/domain/application.ts';
import { newHumanTask } from '../../shared/domain/task-opening.ts';
import { ANY_REGION, applicationSchema } from '../../shared/schemas/application.ts';
import type { Deps } from '../../shared/use-cases/deps.ts';
import { applicationBody } from '../support/fixtures.ts';

let stack: LocalStack;
let deps: Deps;
let steps: typeof import('../../shared/use-cases/lifecycle-steps.ts');
beforeAll(async () => {
  stack = await startLocalStack();
  deps = (await import('../../functions/lib/deps.ts')).buildDeps();
  steps = await import('../../shared/use-cases/lifecycle-steps.ts');
});
afterAll(() => stack?.close());

describe('a screening run again that now rejects', () => {
  it.each(['SUBMITTED', 'SCREENING'] as const)('gives back the place and closes the task the run cut short had taken (left %s)', async (left) => {
    const now = new Date();
    // The household's income as it stands now is above sembako's limit (one member, Rp 9 million).
    const input = applicationSchema(ANY_REGION).parse(applicationBody({ programId: 'sembako', members: 1, monthlyIncome: 9_000_000 }));
    const app = newApplication(input, { applicationId: crypto.randomUUID(), reference: newReference(now), period: '2026-12' }, now);
    await deps.applications.create(app);
    const program = (await deps.programs.get('sembako'))!;
    // What the first run did before it died: the place, the task (and, in an earlier version, the move to SCREENING).
    const quotaKey = `sembako|2026-12|${app.address.districtCode}`;
    expect(await deps.quotas.claim(quotaKey, app.applicationId, program.quotaPerDistrict!)).toBe(true);
    await deps.tasks.create(newHumanTask(app, 'verification', program, now));
    if (left === 'SCREENING') await deps.applications.transition(app.applicationId, 'SUBMITTED', 'SCREENING', { at: now.toISOString(), actor: 'system:workflow' });

    const outcome = await steps.screenApplication(deps, app.applicationId);
    expect(outcome.status).toBe('REJECTED');
    expect(outcome.reasonCodes).toContain('INCOME_ABOVE_LIMIT');
    expect((await deps.applications.get(app.applicationId))?.timeline.map((t) => t.status)).toEqual(['SUBMITTED', 'SCREENING', 'REJECTED']);
    expect((await deps.tasks.get(`${app.applicationId}.verification`))?.status).toBe('CLOSED');
    const queue = await deps.tasks.listOpen('verification', 'all', { limit: 100 });
    expect(queue.items.map((t) => t.applicationId)).not.toContain(app.applicationId);
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoUrl }));
    const { Item } = await db.send(new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: keys.quota(quotaKey) }));
    expect([...((Item?.holders as Set<string> | undefined) ?? [])]).not.toContain(app.applicationId);
  });
});
