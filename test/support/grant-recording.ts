/**
 * Records, in every test file (vitest `setupFiles`), the commands each handler invoked in this process sends: through
 * every local stack the file starts and every handler it invokes itself (local/lambda-context.ts). Watched: the
 * handlers' own module-scope clients (functions/lib/clients.ts) and every user pool client (the adapter keeps its own).
 * After the file, the commands go to a file in the run's directory, which test/support/grant-reporter.ts checks once
 * every file has run. Processes started as separate apps (test/support/process.ts) are not watched.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { aroundEveryInvocation } from '../../local/lambda-context.ts';
import { watchCommands, type SentCommand, type WatchedClient } from './grants.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each test file leaves the commands its handlers sent (test/support/grant-reporter.ts). */
    grantCallsDir?: string;
  }
}

const watched = watchCommands();

/** The commands each handler invoked in this file so far sent, by its catalog entry. */
export const sentByEntry = (): [string, SentCommand[]][] => [...watched.byEntry].map(([entry, sent]) => [entry, [...sent.values()]]);

let clients: Promise<void> | undefined;
let s3Watched = false;

/** The clients exist once a handler module is loaded, and their endpoints once a stack (or the test) set them. */
async function watchHandlerClients() {
  clients ??= (async () => {
    const handlers = await import('../../functions/lib/clients.ts');
    watched.watch('dynamodb', handlers.dynamoClient as unknown as WatchedClient);
    watched.watch('states', handlers.sfnClient as unknown as WatchedClient);
    const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
    watched.watchEvery('cognito-idp', CognitoIdentityProviderClient);
  })();
  await clients;
  // Built on first use, reading its endpoint then: built here only once some stack has named one.
  if (!s3Watched && process.env.AWS_ENDPOINT_URL_S3) {
    const { s3Client } = await import('../../functions/lib/clients.ts');
    watched.watch('s3', s3Client() as unknown as WatchedClient);
    s3Watched = true;
  }
}

aroundEveryInvocation(async (entry, invoke) => {
  await watchHandlerClients();
  return watched.around(entry, invoke);
});

afterAll(async () => {
  const dir = inject('grantCallsDir');
  const commands = sentByEntry();
  if (!dir || commands.length === 0) return;
  await writeFile(join(dir, `${randomUUID()}.json`), JSON.stringify(commands));
});
