import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_FUNCTION_TIMEOUT_SECONDS, EVENT_HANDLERS, HTTP_ROUTES, WORKFLOW_TASKS, type EventHandler, type HttpRoute, type ResourceAccess } from '../../functions/catalog.ts';
import { ORIGIN_VERIFY_HEADER } from '../../functions/lib/config.ts';
import { UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { APPLICATION_LIFECYCLE, PAYOUT_BATCH } from '../../workflows/index.ts';
import { JaringFunction } from '../constructs/jaring-function.ts';
import { JaringHttpApi } from '../constructs/jaring-http-api.ts';
import { JaringTable } from '../constructs/jaring-table.ts';
import { OfficeMonitoring } from './office-monitoring.ts';
import { PaymentFilesBucket } from '../constructs/payment-files-bucket.ts';
import { StaffUserPool } from '../constructs/staff-user-pool.ts';
import { WebSite } from '../constructs/web-site.ts';
import { WorkflowStateMachine } from '../constructs/workflow-state-machine.ts';

export interface JaringStackProps extends StackProps {
  /** `prod` retains data (table, payment files, their keys, user pool, logs) when the stack or a resource is deleted. */
  readonly stage: string;
  /** Who is told of every alarm by e-mail (`-c alarmEmail=...`). */
  readonly alarmEmail?: string;
  /** The web ACL in front of CloudFront (EdgeProtectionStack, us-east-1); none in template tests of this stack alone. */
  readonly webAclArn?: string;
}

/**
 * A stage name goes into resource names (the state machine's) and the managed login's domain prefix, so it is kept
 * short and plain, and without the words Cognito refuses in a prefix.
 */
export function parseStage(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9-]{0,19}$/.test(value)) {
    throw new Error(`The stage must be lower-case letters, digits and dashes (got ${JSON.stringify(value)})`);
  }
  if (/aws|amazon|cognito/.test(value)) throw new Error(`The stage may not contain "aws", "amazon" or "cognito": Cognito refuses them in a domain prefix (got "${value}")`);
  return value;
}

type FunctionEntry = Pick<HttpRoute, 'name' | 'entry' | keyof ResourceAccess> & { timeoutSeconds?: number };

const pascalCase = (name: string) => name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

/** Everything Jaring runs on AWS: table, handlers, the lifecycle and payout workflows, staff identities and the HTTP API. */
export class JaringStack extends Stack {
  /** Every handler of the catalog, by its catalog name. */
  readonly handlers: ReadonlyMap<string, JaringFunction>;
  /** The alarms, their topic and the dashboard (a nested stack). */
  readonly monitoring: OfficeMonitoring;

  constructor(scope: Construct, id: string, props: JaringStackProps) {
    super(scope, id, props);
    const isProd = props.stage === 'prod';
    const removalPolicy = isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = isProd ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH;

    const { table } = new JaringTable(this, 'Data', { removalPolicy, deletionProtection: isProd });
    const pseudonymSecret = new Secret(this, 'PseudonymKey', {
      description: 'Jaring: HMAC key for pseudonyms of NIKs, KKs and client addresses in table keys',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      encryptionKey: table.encryptionKey,
      removalPolicy,
    });
    Validations.of(pseudonymSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Not rotated: every stored pseudonym (dedup claims, registry entries, households) derives from this key; rotating it would orphan them. A rotation is a re-keying migration, not a schedule.',
    });

    // Sent by CloudFront with every API request it forwards, so the per-client limits believe CloudFront's viewer
    // address on those requests only. It guards no stored data, so AWS's own key encrypts it and it goes with the stack.
    const originVerifySecret = new Secret(this, 'OriginVerifySecret', {
      description: `Jaring: the value CloudFront sends in ${ORIGIN_VERIFY_HEADER} with the API requests it forwards`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(originVerifySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Not rotated on a schedule: CloudFront holds the value CloudFormation resolved when it last changed the distribution, so a rotated value would not reach it. The functions would then count requests against their edge (never trust a forged viewer address) until the distribution is updated with the new value.',
    });

    // Bucket names are global: the account in it keeps anyone else from taking it first. At most 61 of the 63 characters.
    const paymentFiles = new PaymentFilesBucket(this, 'PaymentFiles', { removalPolicy, bucketName: `jaring-${props.stage}-files-${this.account}-${this.region}` });

    // The sender id, phone number or pool that texts applicants: registered with the carriers outside the stack (weeks
    // of paperwork for Indonesia), so a deployment names its ARN (`-c smsOriginationIdentityArn=...`); without one, the
    // office's sender id JARING for Indonesia in this account. The delivery worker may send from it and nothing else.
    const smsOriginationIdentityArn: string = this.node.tryGetContext('smsOriginationIdentityArn')
      ?? this.formatArn({ service: 'sms-voice', resource: 'sender-id', resourceName: 'JARING/ID' });

    const lifecycleStateMachineName = `${APPLICATION_LIFECYCLE.name}-${props.stage}`;
    const lifecycleStateMachineArn = WorkflowStateMachine.arnFor(this, lifecycleStateMachineName);
    const payoutStateMachineName = `${PAYOUT_BATCH.name}-${props.stage}`;
    const payoutStateMachineArn = WorkflowStateMachine.arnFor(this, payoutStateMachineName);

    // Before the functions: the admin's role changes are bound to it (its sign-in trigger is added below). The console's
    // address is the distribution's, made below from the API, whose authorizer takes the console's client: a cycle in
    // the order the constructs are made only (in the template the client needs the distribution, which needs the API
    // resource, not its authorizer; test/infra/staff-sign-in.test.ts checks the template has no cycle), which Lazy
    // leaves to the synth. The domain prefix has the account in it: prefixes are unique across all accounts.
    const staff = new StaffUserPool(this, 'Staff', {
      removalPolicy,
      deletionProtection: isProd,
      domainPrefix: `jaring-${props.stage}-${this.account}`,
      consoleUrl: Lazy.string({ produce: (): string => site.consoleUrl }),
    });

    // An event EventBridge could not hand over after its retries lands here, as does one whose handler failed every
    // attempt Lambda makes (the handlers' own dead-letter queue): kept 14 days, and an alarm while any waits.
    const deadLetters = new Queue(this, 'DeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue; its messages are read by an operator (docs/DEPLOY.md#dead-lettered-messages).' });

    const handlers = new Map<string, JaringFunction>();
    const addHandler = (group: Construct, entry: FunctionEntry, description: string, deadLetterQueue?: IQueue) => {
      const handler = new JaringFunction(group, pascalCase(entry.name), {
        entry: entry.entry,
        description,
        table,
        paymentFiles,
        lifecycleStateMachineArn,
        payoutStateMachineArn,
        timeoutSeconds: entry.timeoutSeconds,
        pseudonymSecret,
        originVerifySecret,
        staffUserPool: staff.userPool,
        smsOriginationIdentityArn,
        access: entry,
        logRetention,
        removalPolicy,
        deadLetterQueue,
      });
      handlers.set(entry.name, handler);
      return handler.function;
    };

    const httpHandlers = new Construct(this, 'HttpHandlers');
    const routes = HTTP_ROUTES.map((route) => ({
      route,
      handler: addHandler(httpHandlers, route, `Jaring ${route.name}: ${route.method} ${route.path}`),
    }));
    const taskHandlers = new Construct(this, 'WorkflowTasks');
    const taskFunctions = new Map(
      WORKFLOW_TASKS.map((task) => [task.name, addHandler(taskHandlers, task, `Jaring ${task.name}: workflow task`)] as const),
    );
    this.handlers = handlers;

    const lifecycle = new WorkflowStateMachine(this, 'ApplicationLifecycle', {
      workflow: APPLICATION_LIFECYCLE,
      stateMachineName: lifecycleStateMachineName,
      taskFunctions,
      logRetention,
      removalPolicy,
    });

    const payout = new WorkflowStateMachine(this, 'PayoutBatch', {
      workflow: PAYOUT_BATCH,
      stateMachineName: payoutStateMachineName,
      taskFunctions,
      logRetention,
      removalPolicy,
    });

    // A lifecycle execution that ends early (its steps exhausted their retries) is started again for its
    // application, a bounded number of times (resumeAfterFailure).
    const eventHandlers = new Construct(this, 'EventHandlers');
    const handlerFor = (source: EventHandler['source']) => {
      const entry = EVENT_HANDLERS.find((e) => e.source === source);
      // A renamed source must fail the synth, not leave a trigger silently unwired.
      if (!entry) throw new Error(`No event handler in the catalog for ${source}`);
      return addHandler(eventHandlers, entry, `Jaring ${entry.name}: ${source}`, deadLetters);
    };
    const eventTarget = (handler: IFunction) => new LambdaFunction(handler, { retryAttempts: 2, deadLetterQueue: deadLetters });
    new Rule(this, 'LifecycleEndedEarly', {
      description: 'Jaring: resume an application whose lifecycle execution failed, timed out or was stopped',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [lifecycleStateMachineArn] },
      },
      targets: [eventTarget(handlerFor('lifecycle-ended-early'))],
    });

    new Rule(this, 'PayoutEndedEarly', {
      description: 'Jaring: resume a payout batch whose execution failed, timed out or was stopped',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [payoutStateMachineArn] },
      },
      targets: [eventTarget(handlerFor('payout-ended-early'))],
    });

    // Scheduled work, each on its catalog interval: the sweep of stalled applications.
    for (const entry of EVENT_HANDLERS) {
      if (entry.source !== 'schedule') continue;
      new Rule(this, `Every${entry.everyMinutes}Minutes-${entry.name}`, {
        description: `Jaring: ${entry.name}, every ${entry.everyMinutes} minutes`,
        schedule: Schedule.rate(Duration.minutes(entry.everyMinutes)),
        targets: [eventTarget(addHandler(eventHandlers, entry, `Jaring ${entry.name}: every ${entry.everyMinutes} minutes`, deadLetters))],
      });
    }

    // Every deployment handler (seed the programmes, run the data migrations), once the table and its indexes exist.
    for (const entry of EVENT_HANDLERS) {
      if (entry.source !== 'deployment') continue;
      const timeout = Duration.seconds(entry.timeoutSeconds ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS);
      new Trigger(this, pascalCase(entry.name), { handler: addHandler(eventHandlers, entry, `Jaring ${entry.name}: deployment`), executeAfter: [table], executeOnHandlerChange: true, timeout });
    }

    staff.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, handlerFor('staff-sign-in'));

    const api = new JaringHttpApi(this, 'Http', {
      routes,
      userPool: staff.userPool,
      userPoolClient: staff.consoleClient,
      logRetention,
      removalPolicy,
    });

    const site = new WebSite(this, 'Web', {
      api: api.httpApi,
      originVerifySecret,
      originVerifySecretVersion: this.node.tryGetContext('originVerifySecretVersion'),
      paymentFilesOrigin: paymentFiles.downloadOrigin,
      staffSignIn: { base: staff.signInBase, clientId: staff.consoleClient.userPoolClientId },
      webAclArn: props.webAclArn,
      removalPolicy,
    });
    paymentFiles.allowDownloadsFrom(`https://${site.distribution.distributionDomainName}`);

    const monitoring = (this.monitoring = new OfficeMonitoring(this, 'Monitoring', {
      stage: props.stage,
      handlers: new Map([...handlers].map(([name, h]) => [name, h.function])),
      stateMachines: [lifecycle.stateMachine, payout.stateMachine],
      httpApi: api.httpApi,
      deadLetters,
      alarmEmail: props.alarmEmail,
    }));

    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });
    new CfnOutput(this, 'WebUrl', { value: `https://${site.distribution.distributionDomainName}` });
    new CfnOutput(this, 'ApiUrl', { value: api.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: staff.userPool.userPoolId });
    new CfnOutput(this, 'StaffConsoleClientId', { value: staff.consoleClient.userPoolClientId });
    new CfnOutput(this, 'StaffSignInUrl', { value: staff.signInBase });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'PaymentFilesBucketName', { value: paymentFiles.bucket.bucketName });
    new CfnOutput(this, 'LifecycleStateMachineArn', { value: lifecycle.stateMachine.stateMachineArn });
    new CfnOutput(this, 'PayoutStateMachineArn', { value: payout.stateMachine.stateMachineArn });
  }
}
