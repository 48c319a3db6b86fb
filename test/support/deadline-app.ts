/**
 * The local stack as its own process, with human-task waits capped at one second and a programme (`uji-log`)
 * whose tasks remind after 1 s and escalate after 2 s, so the workflow's operator log lines (reminder,
 * escalation, failed steps) appear while a test watches the process's stdout and stderr. The scheduled handlers (the
 * SMS delivery worker among them) run every second, with a 1 s first SMS retry, and the simulated provider refuses
 * its first two messages, so delivery logs its retries too. `local/main.ts` has no switch for any of it (its waits last until the programme's deadlines, days), hence this entry.
 *
 * Run as a script it starts the stack and prints its URLs; imported, `startDeadlineApp` spawns it.
 */
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoProgramCatalogue } from '../../functions/lib/adapters/dynamo-programs.ts';
import { LOCAL_TABLE_NAME } from '../../functions/lib/table-layout.ts';
import { startLocalStack } from '../../local/stack.ts';
import { SEED_PROGRAMS } from '../../shared/domain/programs.ts';
import { startApp, type RunningApp } from './process.ts';

export const DEADLINE_PROGRAM = 'uji-log';
const SELF = fileURLToPath(import.meta.url);

async function main() {
  const stack = await startLocalStack({ maxTaskTimeoutSeconds: 1, scheduledEveryMs: 1000, smsRetrySeconds: 1 });
  stack.sms.failNext(2);
  const dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl });
  const sembako = SEED_PROGRAMS.find((p) => p.id === 'sembako');
  if (!sembako) throw new Error('no sembako programme to copy');
  const fast = { remindAfterSeconds: 1, escalateAfterSeconds: 2 };
  await new DynamoProgramCatalogue(DynamoDBDocumentClient.from(dynamo), LOCAL_TABLE_NAME).publish({ ...sembako, id: DEADLINE_PROGRAM, deadlines: { verification: fast, approval: fast } });
  dynamo.destroy();
  console.log(`deadline app: dynamodb at ${stack.dynamoUrl}\nJaring is running at ${stack.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stack.close().then(() => process.exit(0));
    });
  }
}

export async function startDeadlineApp(env: Record<string, string> = {}): Promise<RunningApp & { dynamoUrl: string }> {
  const app = await startApp([], env, SELF);
  // Printed on the line before the URL startApp waited for.
  const dynamoUrl = /dynamodb at (http:\/\/\S+)/.exec(app.output())?.[1];
  if (!dynamoUrl) throw new Error(`deadline app printed no dynamodb URL:\n${app.output()}`);
  return { ...app, dynamoUrl };
}

if (process.argv[1] === SELF) await main();
