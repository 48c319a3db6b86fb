import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { CfnTable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DEFAULT_FUNCTION_TIMEOUT_SECONDS, ENV, type ResourceAccess } from '../../functions/catalog.ts';
import { FONT_PACKAGE_FILES } from '../../functions/lib/payouts/fonts.ts';
import type { PaymentFilesBucket } from './payment-files-bucket.ts';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every handler's memory (and so its share of CPU); the cost model (bench/cost.ts) prices GB-seconds with it. */
export const FUNCTION_MEMORY_MB = 512;


/** What an admin's change of an officer's roles and regions calls on the user pool. */
export const STAFF_ROLE_CHANGE_ACTIONS = [
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminUpdateUserAttributes',
] as const;

/** The region data package and its one dependency, shipped unbundled (see bundling below). */
const REGION_PACKAGES = ['idn-area-data', 'papaparse'] as const;
/** What fontkit imports to read WOFF2 fonts; the PDFs embed TrueType fonts only. */
const WOFF2_DECODER = 'brotli/decompress.js';
/** The font files a PDF embeds (and their licence), shipped beside the bundle where they are looked up. */
export const FONT_FILES = [...Object.values(FONT_PACKAGE_FILES), 'dejavu-fonts-ttf/package.json', 'dejavu-fonts-ttf/LICENSE'] as const;
/**
 * How esbuild bundles a handler (the NodejsFunction options that shape the bundle): tools/bundles.ts measures every
 * catalog entry with exactly these.
 */
export function bundlingFor(access: Pick<ResourceAccess, 'usesRegions' | 'usesFonts'>) {
  return {
    format: OutputFormat.ESM,
    target: 'node24',
    mainFields: ['module', 'main'],
    // Lets CommonJS dependencies inside the ESM bundle call require().
    banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    minify: true,
    sourceMap: true,
    // Run the SDK versions the tests ran against, not whichever the runtime happens to ship.
    bundleAwsSDK: true,
    ...(access.usesRegions ? { externalModules: [...REGION_PACKAGES] } : {}),
    // PDFs embed TrueType fonts: fontkit's WOFF2 decoder (brotli) is left out (functions/lib/payouts/no-woff2.ts).
    ...(access.usesFonts ? { esbuildArgs: { [`--alias:${WOFF2_DECODER}`]: `${REPO_ROOT}functions/lib/payouts/no-woff2.ts` } } : {}),
  } satisfies BundlingOptions;
}

export interface JaringFunctionProps {
  /** Handler module relative to the repository root, as in the catalog; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** The application table: its name goes into the environment when the function may use it. */
  readonly table: Table;
  /** The payment files bucket, named in the environment and granted as `access.paymentFiles` says. */
  readonly paymentFiles: PaymentFilesBucket;
  /** The state machines, bound as `access.workflow` says. */
  readonly lifecycleStateMachineArn: string;
  readonly payoutStateMachineArn: string;
  /** Seconds the handler may run; 20 unless the catalog says more (workflow steps that work whole pages). */
  readonly timeoutSeconds?: number;
  /** The key for pseudonyms of NIKs and KKs, readable when `access.pseudonyms` says so. */
  readonly pseudonymSecret: ISecret;
  /** What CloudFront sends with the API requests it forwards, readable when `access.limitsPerClient` says so. */
  readonly originVerifySecret: ISecret;
  /** The staff user pool, whose groups and regions attribute the handler changes when `access.identity` says so. */
  readonly staffUserPool: IUserPool;
  /** The ARN of the phone number, pool or sender id that texts applicants, named and granted when `access.sendsSms`. */
  readonly smsOriginationIdentityArn: string;
  /** What the catalog says the handler may do: exactly this is granted. Regions ship `idn-area-data` beside the bundle. */
  readonly access: ResourceAccess;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Where an event goes that failed every attempt of an asynchronous invocation (EventBridge's handlers). */
  readonly deadLetterQueue?: IQueue;
}

/**
 * One Lambda handler of the catalog, bundled by esbuild and bound to what it uses (table, state machine) in
 * one call, so every function gets the same runtime, logging, tracing and least-privilege role.
 */
export class JaringFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: JaringFunctionProps) {
    super(scope, id);

    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    // An own role instead of AWSLambdaBasicExecutionRole, which may write to every log group in the account.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    const { access } = props;
    const starts = access.workflow?.includes('start') ?? false;
    const startsPayouts = access.workflow?.includes('startPayout') ?? false;
    const responds = access.workflow?.includes('respond') ?? false;
    const environment: Record<string, string> = {
      ...(access.table !== 'none' ? { [ENV.tableName]: props.table.tableName } : {}),
      ...(starts ? { [ENV.lifecycleStateMachineArn]: props.lifecycleStateMachineArn } : {}),
      ...(startsPayouts ? { [ENV.payoutStateMachineArn]: props.payoutStateMachineArn } : {}),
      ...(access.paymentFiles ? { [ENV.paymentFilesBucket]: props.paymentFiles.bucket.bucketName } : {}),
      ...(access.pseudonyms ? { [ENV.pseudonymSecretArn]: props.pseudonymSecret.secretArn } : {}),
      ...(access.limitsPerClient ? { [ENV.originVerifySecretArn]: props.originVerifySecret.secretArn } : {}),
      ...(access.identity ? { [ENV.userPoolId]: props.staffUserPool.userPoolId } : {}),
      ...(access.sendsSms ? { [ENV.smsOriginationIdentity]: props.smsOriginationIdentityArn } : {}),
    };

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: Duration.seconds(props.timeoutSeconds ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS),
      tracing: Tracing.ACTIVE,
      deadLetterQueue: props.deadLetterQueue,
      role,
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      environment: { ...environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        ...bundlingFor(access),
        // idn-area-data reads its CSV files from its own folder at run time, so it ships beside the bundle, and so do
        // the fonts of PDFs, copied from the locked node_modules (no registry access at synth).
        ...(access.usesRegions || access.usesFonts
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) => [
                  ...(access.usesRegions ? [`mkdir -p "${outputDir}/node_modules"`, ...REGION_PACKAGES.map((name) => `cp -R "${REPO_ROOT}node_modules/${name}" "${outputDir}/node_modules/"`)] : []),
                  ...(access.usesFonts ? FONT_FILES.map((file) => `mkdir -p "$(dirname "${outputDir}/node_modules/${file}")" && cp "${REPO_ROOT}node_modules/${file}" "${outputDir}/node_modules/${file}"`) : []),
                ],
              },
            }
          : {}),
      },
    });

    if (access.table === 'read') props.table.grantReadData(this.function);
    if (access.table === 'readwrite') props.table.grantReadWriteData(this.function);
    if (access.pseudonyms) props.pseudonymSecret.grantRead(this.function);
    if (access.limitsPerClient) props.originVerifySecret.grantRead(this.function);
    if (access.paymentFiles) props.paymentFiles.grant(role, access.paymentFiles);
    // The calls functions/lib/adapters/cognito-identity.ts makes, on this pool only (no user creation or deletion).
    if (access.identity) props.staffUserPool.grant(role, ...STAFF_ROLE_CHANGE_ACTIONS);
    if (starts) {
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [props.lifecycleStateMachineArn] }));
    }
    if (startsPayouts) {
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [props.payoutStateMachineArn] }));
    }
    if (access.sendsSms) {
      // Texts from this one identity only: no other number, no voice, no configuration changes.
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources: [props.smsOriginationIdentityArn] }));
    }
    if (responds) {
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], resources: ['*'] }),
      );
    }

    const tableLogicalId = Stack.of(props.table).getLogicalId(props.table.node.defaultChild as CfnTable);
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'xray:PutTraceSegments/PutTelemetryRecords and states:SendTask* (task tokens) support no resource-level permissions; AWS requires "*".',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
        reason: "Queries on the table's own global secondary indexes (CDK grantReadWriteData).",
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: "Scoped to the table's customer-managed key; CDK's standard grant for reading/writing an encrypted table.",
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: "Scoped to the table's customer-managed key; CDK's standard grant for reading/writing an encrypted table.",
      },
    );
  }
}
