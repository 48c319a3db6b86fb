/**
 * The embedded default: dynalite, the local Step Functions endpoint and the HTTP gateway in one process,
 * wired to the same handlers and workflow files that CDK deploys. Used by `npm start` and by the tests.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeStore } from '@aws/lambda-invoke-store';
import { DEFAULT_FUNCTION_TIMEOUT_SECONDS, ENV, EVENT_HANDLERS, HTTP_ROUTES, WORKFLOW_TASKS, type HttpRoute } from '../functions/catalog.ts';
import { LOCAL_TABLE_NAME } from '../functions/lib/table-layout.ts';
import { APPLICATION_LIFECYCLE, PAYOUT_BATCH, WORKFLOW_TASK_FUNCTIONS, WORKFLOWS } from '../workflows/index.ts';
import { LOCAL_AUDIENCE, startIdentityProvider } from './auth.ts';
import { LOCAL_USER_POOL_ID, startCognitoEndpoint } from './cognito-endpoint.ts';
import { recordEndpoint } from './local-store.ts';
import { loadOrCreatePseudonymKey } from './secrets.ts';
import { ensureTable, startDynamo } from './dynamo.ts';
import { LOCAL_PAYMENT_FILES_BUCKET, S3RVER_CREDENTIALS, startS3 } from './s3.ts';
import { startGateway } from './gateway.ts';
import { startSmsSimulator, type SmsSimulator } from './sms-simulator.ts';
import { buildPageFiles } from '../web/build.ts';
import { securityHeaders } from '../web/security-headers.ts';
import { CONSOLE_PAGE, hostedSignIn, SITE_CONFIG_PATH, type SignInConfig } from '../web/sign-in-config.ts';
import { importHandler, lambdaContext, type LambdaHandler } from './lambda-context.ts';
import { DEFAULT_DEV_PASSWORD, LOCAL_STAFF } from './staff-accounts.ts';
import { startStepFunctionsEndpoint } from './stepfunctions/index.ts';

const REGION = 'ap-southeast-3';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StackOptions {
  /** Where data lives across restarts; undefined keeps everything in memory (tests), payment files in a temporary directory. */
  dataDir?: string;
  /** A store already running elsewhere, used instead of starting one (the bench runs it in a process of its own). */
  dynamoUrl?: string;
  port?: number;
  password?: string;
  /** Human-task and other Task timeouts are capped at this many seconds (tests shorten the waits). */
  maxTaskTimeoutSeconds?: number;
  /** Public status checks per client per minute (the bench polls far more often than a person). */
  statusCheckLimitPerMinute?: number;
  /** Applications per client per minute (the bench and the race tests send many from one address). */
  intakeLimitPerMinute?: number;
  /** How long a claim on a task holds (tests shorten it). */
  claimSeconds?: number;
  /** How long a staff token lives (tests shorten it). */
  tokenTtlSeconds?: number;
  /**
   * The origin secret CloudFront sends on AWS, for tests that play CloudFront. Unset, it is a random value nobody
   * holds: the gateway is the edge here, so every request counts against the address it connects from.
   * Read when the limiting handlers are first imported, as the limits are, so it holds for the whole process: a later
   * stack in the same process with another value keeps the first one's (vitest's forks give each file its own).
   */
  originVerifySecret?: string;
  /** Scheduled handlers run every this many milliseconds instead of their catalog interval (tests). */
  scheduledEveryMs?: number;
  /** The first retry of a failed SMS waits this many seconds (tests shorten it; 60 otherwise). */
  smsRetrySeconds?: number;
  /**
   * How the console signs in (its /config.json): `password`, the local login form (the default), or `hosted`, through
   * the local managed login as on AWS (`JARING_STAFF_SIGN_IN=hosted npm start`).
   */
  staffSignIn?: 'password' | 'hosted';
}

export interface LocalStack {
  url: string;
  dynamoUrl: string;
  stepFunctionsUrl: string;
  s3Url: string;
  lifecycleArn: string;
  /** The SMS provider's stand-in: what it was sent, and a switch to make it fail. */
  sms: SmsSimulator;
  resumed: number;
  close(): Promise<void>;
}

/** Local function names stand where CDK substitutes Lambda ARNs. */
const localFunctionArn = (name: string) => `arn:aws:lambda:${REGION}:000000000000:function:${name}`;

export async function startLocalStack(opts: StackOptions = {}): Promise<LocalStack> {
  const dynamo = opts.dynamoUrl
    ? { url: opts.dynamoUrl, close: async () => {} } // whoever started it stops it
    : await startDynamo({ path: opts.dataDir ? join(opts.dataDir, 'dynamodb') : undefined });
  const sms = await startSmsSimulator();
  const s3 = await startS3({ directory: opts.dataDir ? join(opts.dataDir, 's3') : undefined, buckets: [LOCAL_PAYMENT_FILES_BUCKET] });

  // Each handler module is imported once, on its first call, as Lambda loads a function at its first cold start.
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const handlerAt = (entry: string) => {
    let handler = handlers.get(entry);
    if (!handler) {
      handler = importHandler(entry);
      handlers.set(entry, handler);
    }
    return handler;
  };
  const taskEntry = new Map(WORKFLOW_TASKS.map((t) => [localFunctionArn(t.name), t]));
  const sfn = await startStepFunctionsEndpoint({
    region: REGION,
    maxTaskTimeoutSeconds: opts.maxTaskTimeoutSeconds,
    // Failures to stderr, as the gateway writes its own; routine starts and closes stay quiet.
    logger: (level, msg, data) => {
      if (level === 'error') process.stderr.write(`${JSON.stringify({ level: 'ERROR', source: 'stepfunctions', message: msg, ...data })}\n`);
    },
    stateMachines: WORKFLOWS.map((w) => ({
      name: w.name,
      definitionPath: w.file,
      substitutions: Object.fromEntries(w.substitutions.map((key) => [key, localFunctionArn(WORKFLOW_TASK_FUNCTIONS[key])])),
    })),
    invokeFunction: async (functionName, payload) => {
      const task = taskEntry.get(functionName);
      if (!task) throw Object.assign(new Error(`No local function ${functionName}`), { name: 'Lambda.ResourceNotFoundException' });
      // The function's own deadline, as Lambda gives it (the catalog's, else the construct's 20 s).
      return (await handlerAt(task.entry))(payload, lambdaContext(task.name, (task.timeoutSeconds ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS) * 1000));
    },
  });

  // The officers' accounts, and the user pool admin calls over them, before the handlers that call it.
  const identity = await startIdentityProvider({
    dir: opts.dataDir ? join(opts.dataDir, 'identity') : undefined,
    accounts: LOCAL_STAFF,
    password: opts.password ?? DEFAULT_DEV_PASSWORD,
    // Loaded at the first sign-in, after the environment below is set.
    signIn: async (officer) => (await import('./bootstrap.ts')).signInLocalOfficer(officer),
    tokenTtlSeconds: opts.tokenTtlSeconds,
  });
  const cognito = await startCognitoEndpoint(identity);
  const hosted = opts.staffSignIn === 'hosted';

  // The handlers read these at import: set them before any handler module loads.
  Object.assign(process.env, {
    AWS_REGION: REGION,
    // s3rver knows only its own access key; dynalite and the Step Functions endpoint take any.
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_SFN: sfn.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url,
    [ENV.userPoolId]: LOCAL_USER_POOL_ID,
    AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2: sms.url,
    // A sender id, as an office registers one for Indonesia; the simulator takes any.
    [ENV.smsOriginationIdentity]: 'JARING',
    ...(opts.smsRetrySeconds ? { [ENV.smsRetrySeconds]: String(opts.smsRetrySeconds) } : {}),
    [ENV.paymentFilesBucket]: LOCAL_PAYMENT_FILES_BUCKET,
    [ENV.tableName]: LOCAL_TABLE_NAME,
    [ENV.lifecycleStateMachineArn]: sfn.arnFor(APPLICATION_LIFECYCLE.name),
    [ENV.payoutStateMachineArn]: sfn.arnFor(PAYOUT_BATCH.name),
    ...(opts.statusCheckLimitPerMinute ? { [ENV.statusCheckLimitPerMinute]: String(opts.statusCheckLimitPerMinute) } : {}),
    ...(opts.claimSeconds ? { [ENV.claimSeconds]: String(opts.claimSeconds) } : {}),
    ...(opts.intakeLimitPerMinute ? { [ENV.intakeLimitPerMinute]: String(opts.intakeLimitPerMinute) } : {}),
    [ENV.pseudonymKey]: await loadOrCreatePseudonymKey(opts.dataDir),
    [ENV.originVerifySecret]: opts.originVerifySecret ?? randomBytes(32).toString('hex'),
    POWERTOOLS_DEV: 'true',
    // Handlers run side by side in this one process, as on Lambda with concurrent invocations: Powertools then keeps
    // each invocation's log keys apart (local/lambda-context.ts runs each call in its own scope).
    AWS_LAMBDA_MAX_CONCURRENCY: '1000',
    // Lambda runs Node 22+; this machine kind has Node 20, which the SDK warns about at every client.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });

  // The invocation scope's store, before any handler asks for it (Powertools refuses to run without it once
  // AWS_LAMBDA_MAX_CONCURRENCY is set).
  await InvokeStore.getInstanceAsync();
  const dynamoClient = new DynamoDBClient({ endpoint: dynamo.url });
  await ensureTable(dynamoClient, LOCAL_TABLE_NAME);
  dynamoClient.destroy();
  const { seedAndResume } = await import('./bootstrap.ts');
  const { loginRoute } = await import('./login.ts');
  const resumed = await seedAndResume(identity.accounts());
  if (opts.dataDir) await recordEndpoint(opts.dataDir, dynamo.url);

  // Scheduled handlers (the sweep of stalled applications) run on their catalog interval, as EventBridge runs them.
  const schedules = EVENT_HANDLERS.flatMap((entry) => (entry.source === 'schedule' ? [entry] : [])).map((entry) => setInterval(() => {
    handlerAt(entry.entry)
      .then((handler) => handler({ source: 'jaring.local', 'detail-type': 'Scheduled Event', detail: {} }, lambdaContext(entry.name)))
      .catch((error: unknown) => {
        process.stderr.write(`${JSON.stringify({ level: 'ERROR', source: 'schedule', handler: entry.name, error: error instanceof Error ? error.name : 'error' })}\n`);
      });
  }, opts.scheduledEveryMs ?? entry.everyMinutes * 60_000).unref());

  const gateway = await startGateway({
    routes: HTTP_ROUTES,
    port: opts.port ?? 0,
    webDir: join(ROOT, 'web'),
    builtFiles: buildPageFiles(),
    addressedFiles: (url) => {
      const config: SignInConfig = hosted ? hostedSignIn(cognito.url, LOCAL_AUDIENCE, `${url}/${CONSOLE_PAGE}`) : { signIn: 'password' };
      return { [SITE_CONFIG_PATH]: JSON.stringify(config) };
    },
    identity,
    handlerFor: (route: HttpRoute) => handlerAt(route.entry),
    localRoutes: { 'POST /api/auth/login': loginRoute(identity) },
    securityHeaders: securityHeaders(s3.url, hosted ? cognito.url : undefined),
  });
  if (hosted) cognito.allowConsole({ clientId: LOCAL_AUDIENCE, redirectUri: `${gateway.url}/${CONSOLE_PAGE}` });
  await s3.allowDownloadsFrom(LOCAL_PAYMENT_FILES_BUCKET, gateway.url);

  return {
    url: gateway.url,
    dynamoUrl: dynamo.url,
    stepFunctionsUrl: sfn.url,
    s3Url: s3.url,
    lifecycleArn: sfn.arnFor(APPLICATION_LIFECYCLE.name),
    sms,
    resumed,
    async close() {
      for (const timer of schedules) clearInterval(timer);
      await gateway.close();
      await sfn.close();
      await dynamo.close();
      await s3.close();
      await cognito.close();
      await sms.close();
    },
  };
}
