/**
 * The cost model's run (issue #12, item 4): applications through their whole lifecycle and payout batches through
 * theirs, on the real local stack (dynalite behind the metering proxy, the local Step Functions endpoint running the
 * same ASL, s3rver, the gateway), counted by bench/cost-meter.ts. bench/cost.ts prices and prints it; the test
 * test/integration/cost-model.test.ts asserts the transitions per application.
 *
 * Waits: an application waits WAITS.verification for its verifier and WAITS.approval for its approver. Real days cannot
 * pass here, so the run drives the deadlines instead: the programme's deadlines that fall inside those waits (from the
 * seeded programmes' standard deadlines) are set to come due within seconds, and each decision is sent only once the
 * task shows them acted on (reminded, escalated). Every wake-up the design makes in those waits therefore runs for real.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { Writable } from 'node:stream';
import { DynamoProgramCatalogue } from '../functions/lib/adapters/dynamo-programs.ts';
import { keys, LOCAL_TABLE_NAME } from '../functions/lib/table-layout.ts';
import { simulateBank } from '../local/bank-simulator.ts';
import { startDynamo } from '../local/dynamo.ts';
import { startLocalStack } from '../local/stack.ts';
import { SEED_PROGRAMS, type Program, type TaskDeadline } from '../shared/domain/programs.ts';
import { APPLICATION_LIFECYCLE, PAYOUT_BATCH } from '../workflows/index.ts';
import { apiClient } from '../test/support/api.ts';
import { applicationBody } from '../test/support/fixtures.ts';
import { countWorkflows, startDynamoMeter, watchServers, type DynamoCounts, type WorkflowCounts } from './cost-meter.ts';

const DAY = 24 * 3600;
/** How long an application waits for each human stage: the issue's realistic case. */
export const WAITS = { verification: 5 * DAY, approval: 2 * DAY } as const;
type Stage = keyof typeof WAITS;
const DECIDERS: Record<Stage, string> = { verification: 'verifikator.tangerang', approval: 'penyetuju.tangerang' };
const MAKER = 'keuangan.tangerang';
const CHECKER = 'keuangan2.tangerang';
/** Two batches of different sizes: the difference is what one more payment costs, the rest is the batch's own. */
export const BATCH_SIZES = [1, 3] as const;

export interface PhaseCounts {
  dynamo: DynamoCounts;
  workflows: WorkflowCounts;
  http: { invocations: number; ms: number };
  s3: Map<string, number>;
}

export interface CostRun {
  /** Deadlines of each stage that come due inside its wait (reminder, escalation): the wake-ups the design should make. */
  deadlinesInWaits: Record<Stage, number>;
  applications: number;
  lifecycle: PhaseCounts;
  batches: { payments: number; counts: PhaseCounts }[];
}

/** A standard deadline that falls inside the wait comes due `at` seconds after the task opens; the others never do. */
function driven(deadline: TaskDeadline, wait: number): { deadline: TaskDeadline; dueInWait: number } {
  const remind = deadline.remindAfterSeconds <= wait;
  const escalate = deadline.escalateAfterSeconds <= wait;
  return {
    deadline: { remindAfterSeconds: remind ? 1 : 10 * 365 * DAY, escalateAfterSeconds: escalate ? 2 : 20 * 365 * DAY },
    dueInWait: Number(remind) + Number(escalate),
  };
}

export interface CostRunOptions {
  /** False runs the applications only (the test of the transitions per application). */
  payouts?: boolean;
}

export async function runCostModel(options: CostRunOptions = {}): Promise<CostRun> {
  const store = await startDynamo({});
  const meter = await startDynamoMeter(store.url);
  const stack = await startLocalStack({ dynamoUrl: meter.url, intakeLimitPerMinute: 1_000_000, statusCheckLimitPerMinute: 1_000_000 });
  const servers = watchServers({ gateway: new URL(stack.url).port, s3: new URL(stack.s3Url).port });
  // The harness reads the store straight from dynalite, so its polling is never counted.
  const raw = new DynamoDBClient({ endpoint: store.url });
  const db = DynamoDBDocumentClient.from(raw);
  const sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl });
  const api = apiClient(stack.url);
  try {
    const sembako = SEED_PROGRAMS.find((p) => p.id === 'sembako');
    if (!sembako) throw new Error('No sembako programme to copy');
    const verification = driven(sembako.deadlines.verification, WAITS.verification);
    const approval = driven(sembako.deadlines.approval, WAITS.approval);
    const programs = BATCH_SIZES.map((_, i): Program => ({ ...sembako, id: `biaya-${i + 1}`, deadlines: { ...sembako.deadlines, verification: verification.deadline, approval: approval.deadline } }));
    const catalogue = new DynamoProgramCatalogue(db, LOCAL_TABLE_NAME);
    for (const program of programs) await catalogue.publish(program);
    const tokens: Record<string, string> = {};
    for (const user of [...Object.values(DECIDERS), MAKER, CHECKER]) tokens[user] = await api.login(user);
    const item = async (key: { pk: string; sk: string }) => (await db.send(new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: key, ConsistentRead: true }))).Item;
    const until = <T>(what: string, read: () => Promise<T | undefined | false>) => api.until(what, read, 30_000);
    const dueInWait: Record<Stage, number> = { verification: verification.dueInWait, approval: approval.dueInWait };
    const taken = () => ({ dynamo: meter.take(), ...servers.take() });
    taken(); // start-up, seeding and sign-ins are not an application's

    // --- Applications: intake -> screening -> verification -> approval, each waiting as WAITS says -----------------
    const lifecycle = async (programId: string, serial: number) => {
      const body = applicationBody({ programId, serial });
      const created = await api.call<{ applicationId: string; reference: string }>('POST', '/api/applications', { body });
      if (created.status !== 201) throw new Error(`intake: ${created.status} ${created.text}`);
      const { applicationId, reference } = created.json;
      for (const stage of ['verification', 'approval'] as const) {
        const taskKey = keys.task(`${applicationId}.${stage}`);
        // The wait's deadlines acted on: the reminder, then the escalation, as many as fall inside the wait.
        await until(`${stage} task of ${applicationId} past its deadlines`, async () => {
          const task = await item(taskKey);
          return task?.taskToken && [task.remindedAt, task.escalatedAt].filter(Boolean).length >= dueInWait[stage];
        });
        const officer = tokens[DECIDERS[stage]];
        await api.call('GET', `/api/applications/${applicationId}`, { token: officer });
        const decided = await api.call('POST', `/api/tasks/${encodeURIComponent(`${applicationId}.${stage}`)}/decision`, { token: officer, body: { decision: 'APPROVE' } });
        if (decided.status !== 200) throw new Error(`${stage} decision: ${decided.status} ${decided.text}`);
      }
      await until(`${applicationId} approved`, async () => (await item(keys.application(applicationId)))?.status === 'APPROVED');
      await api.call('POST', '/api/status-check', { body: { reference, nik: body.nik } });
      return applicationId;
    };
    const applicationIds = new Set(await Promise.all(programs.flatMap((program, i) => Array.from({ length: BATCH_SIZES[i]! }, (_, k) => lifecycle(program.id, 100 + i * 10 + k)))));
    const lifecycleCounts: PhaseCounts = { ...taken(), workflows: await countWorkflows(sfn, stack.lifecycleArn, (name) => [...applicationIds].some((id) => name.includes(id))) };

    // --- Payout batches: build -> approve -> disburse -> export -> reconcile ----------------------------------------
    const batches: CostRun['batches'] = [];
    for (const [i, program] of programs.entries()) {
      if (options.payouts === false) break;
      const period = (await api.call<Array<{ id: string; currentPeriod: string }>>('GET', '/api/programs')).json.find((p) => p.id === program.id)?.currentPeriod;
      const created = await api.call<{ batchId: string }>('POST', '/api/payout-batches', { token: tokens[MAKER], body: { programId: program.id, period } });
      if (created.status !== 202) throw new Error(`batch: ${created.status} ${created.text}`);
      const { batchId } = created.json;
      const batchIn = (status: string) => until(`batch ${status}`, async () => (await item(keys.payoutBatch(batchId)))?.status === status);
      await batchIn('AWAITING_APPROVAL');
      await until('batch approval task open', async () => (await item(keys.task(`${batchId}.batchApproval`)))?.taskToken);
      const approved = await api.call('POST', `/api/payout-batches/${batchId}/approve`, { token: tokens[CHECKER] });
      if (approved.status !== 202) throw new Error(`approve: ${approved.status} ${approved.text}`);
      await batchIn('AWAITING_RECONCILIATION');
      const file = await fetch(`${stack.url}/api/payout-batches/${batchId}/payment-file`, { headers: { authorization: `Bearer ${tokens[MAKER]}` } });
      const results: Buffer[] = [];
      await simulateBank([new Uint8Array(await file.arrayBuffer())], new Writable({ write: (chunk: Buffer, _e, done) => (results.push(chunk), done()) }), { failRate: 0, seed: 1 });
      const reconciled = await api.call('POST', `/api/payout-batches/${batchId}/reconciliation`, { token: tokens[MAKER], rawBody: Buffer.concat(results).toString('utf8'), contentType: 'text/csv' });
      if (reconciled.status !== 200) throw new Error(`reconcile: ${reconciled.status} ${reconciled.text}`);
      await batchIn('COMPLETED');
      batches.push({ payments: BATCH_SIZES[i]!, counts: { ...taken(), workflows: await countWorkflows(sfn, stack.lifecycleArn.replace(APPLICATION_LIFECYCLE.name, PAYOUT_BATCH.name), (name) => name.includes(batchId)) } });
    }
    return { deadlinesInWaits: dueInWait, applications: applicationIds.size, lifecycle: lifecycleCounts, batches };
  } finally {
    raw.destroy();
    sfn.destroy();
    await stack.close();
    await meter.close();
    await store.close();
  }
}
