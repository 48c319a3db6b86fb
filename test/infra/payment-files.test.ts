/**
 * The payment files bucket and its grants. No catalog handler uses the files yet, so the grants are checked on a small
 * stack of JaringFunctions with access entries of each kind; the bucket itself on the real stack.
 */
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ENV, type ResourceAccess } from '../../functions/catalog.ts';
import { JaringFunction } from '../../infra/constructs/jaring-function.ts';
import { JaringTable } from '../../infra/constructs/jaring-table.ts';
import { PaymentFilesBucket } from '../../infra/constructs/payment-files-bucket.ts';
import type { WebSite } from '../../infra/constructs/web-site.ts';
import { logicalId, synthJaring } from './synth.ts';

const ACCESS: Record<string, ResourceAccess> = {
  Reader: { table: 'none', paymentFiles: 'read' },
  Writer: { table: 'none', paymentFiles: 'readwrite' },
  Neither: { table: 'none' },
};

/** JaringFunctions of each access kind beside the bucket, bundling skipped as in synth.ts. */
function grantsStack() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'PaymentFileGrants', { env: { region: 'ap-southeast-3' } });
  const removalPolicy = RemovalPolicy.DESTROY;
  const { table } = new JaringTable(stack, 'Data', { removalPolicy, deletionProtection: false });
  const paymentFiles = new PaymentFilesBucket(stack, 'PaymentFiles', { removalPolicy, bucketName: 'jaring-test-files' });
  const secret = (id: string) => {
    const s = new Secret(stack, id);
    Validations.of(s).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'A stand-in secret of this test stack.' });
    return s;
  };
  const [pseudonymSecret, originVerifySecret] = [secret('Pseudonyms'), secret('OriginVerify')];
  const functions = Object.entries(ACCESS).map(([id, access]) => [id, new JaringFunction(stack, id, {
    entry: 'functions/http/get-health.ts',
    description: id,
    table,
    paymentFiles,
    lifecycleStateMachineArn: 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:none',
    payoutStateMachineArn: 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:none',
    smsOriginationIdentityArn: 'arn:aws:sms-voice:ap-southeast-3:000000000000:sender-id/JARING/ID',
    pseudonymSecret,
    originVerifySecret,
    staffUserPool: UserPool.fromUserPoolId(stack, `${id}Staff`, 'ap-southeast-3_test'),
    access,
    logRetention: RetentionDays.ONE_DAY,
    removalPolicy,
  })] as const);
  return { app, stack, paymentFiles, functions: new Map(functions) };
}

const { app, stack, paymentFiles, functions } = grantsStack();
const template = Template.fromStack(stack);
const id = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const bucketId = id(paymentFiles.bucket);
const keyId = id(paymentFiles.key);

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
/** Every statement of the policies on the function's role. */
function statementsOf(name: string): Statement[] {
  const roleId = id(functions.get(name)!.node.findChild('Role') as never);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
/** The actions of the statements whose resources name that logical id. */
const actionsOn = (name: string, logicalId: string) =>
  statementsOf(name).filter((s) => JSON.stringify(s.Resource).includes(`"${logicalId}"`)).flatMap((s) => [s.Action].flat()).sort();

describe('payment files bucket', () => {
  it('is encrypted by default with its own rotated key (bucket key on), versioned, logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
          BucketKeyEnabled: true,
        }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.anyValue() }, LogFilePrefix: 'payment-files/' },
      LifecycleConfiguration: { Rules: [Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' })] },
    });
    expect(template.toJSON().Resources[keyId].Properties.EnableKeyRotation).toBe(true);
  });

  it('blocks every kind of public access and refuses plain HTTP and TLS below 1.2', () => {
    const bucket = template.toJSON().Resources[bucketId];
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === bucketId);
    const denials = (policy?.Properties.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Deny');
    expect(denials.map((s) => s.Condition)).toEqual(expect.arrayContaining([
      { Bool: { 'aws:SecureTransport': 'false' } },
      { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    ]));
  });

  it('is retained with its key in prod and destroyed with a dev stack', () => {
    const bucketOf = (t: Template) => Object.values(t.findResources('AWS::S3::Bucket')).filter((b) => b.Properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm === 'aws:kms');
    const prod = synthJaring('prod').template;
    expect(bucketOf(prod)).toEqual([expect.objectContaining({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' })]);
    expect(bucketOf(synthJaring('dev').template)).toEqual([expect.objectContaining({ DeletionPolicy: 'Delete' })]);
    const keys = Object.values(prod.findResources('AWS::KMS::Key'));
    expect(keys.filter((k) => String(k.Properties.Description).startsWith('Jaring payment files')).map((k) => k.DeletionPolicy)).toEqual(['Retain']);
  });
});

describe('payment file download links', () => {
  const { stack: jaring, template: jaringTemplate } = synthJaring('prod', { account: '123456789012', region: 'ap-southeast-3' });
  const bucket = jaring.node.findChild('PaymentFiles') as PaymentFilesBucket;
  const distribution = (jaring.node.findChild('Web') as WebSite).distribution;
  const endpoint = 'https://jaring-prod-files-123456789012-ap-southeast-3.s3.ap-southeast-3.${AWS::URLSuffix}';
  /** A template string as text, its pseudo parameters as `${AWS::...}`. */
  const rendered = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return parts.map((p) => (typeof p === 'string' ? p : `\${${(p as { Ref: string }).Ref}}`)).join(separator);
  };

  it("are read by the site's pages only: GET, from the distribution's origin, the file name readable", () => {
    jaringTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'jaring-prod-files-123456789012-ap-southeast-3',
      CorsConfiguration: {
        CorsRules: [{
          AllowedMethods: ['GET'],
          AllowedOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(jaring, distribution), 'DomainName'] }]] }],
          ExposedHeaders: ['Content-Disposition'],
        }],
      },
    });
  });

  it("lead to the bucket's endpoint, which the pages' CSP lets them fetch from, named without a reference to the bucket", () => {
    const [policy] = Object.values(jaringTemplate.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = rendered(policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain(`connect-src 'self' ${endpoint} `); // then the managed login's token endpoint
    // The bucket's CORS names the distribution; a reference back would be a cycle CloudFormation refuses.
    expect(JSON.stringify(policy)).not.toContain(logicalId(jaring, bucket.bucket));
  });
});

describe('payment file grants', () => {
  it('read: GetObject on the payment files and Decrypt through S3 only, no write, the bucket named', () => {
    expect(actionsOn('Reader', bucketId)).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(actionsOn('Reader', keyId)).toEqual(['kms:Decrypt']);
    const kms = statementsOf('Reader').find((s) => JSON.stringify(s.Resource).includes(`"${keyId}"`));
    expect(kms?.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.ap-southeast-3.amazonaws.com' } });
    const objects = statementsOf('Reader').find((s) => [s.Action].flat().includes('s3:GetObject'));
    expect(objects?.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/payment-files/*']] });
  });

  it('readwrite: adds PutObject, AbortMultipartUpload and GenerateDataKey, never a delete', () => {
    expect(actionsOn('Writer', bucketId)).toEqual(['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(actionsOn('Writer', keyId)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('none: nothing on the bucket or its key', () => {
    expect([...actionsOn('Neither', bucketId), ...actionsOn('Neither', keyId)]).toEqual([]);
  });

  it.each(Object.entries(ACCESS))('%s: the bucket in the environment exactly when granted', (name, access) => {
    const fn = template.toJSON().Resources[id(functions.get(name)!.function)];
    expect(fn.Properties.Environment.Variables[ENV.paymentFilesBucket]).toEqual(access.paymentFiles ? { Ref: bucketId } : undefined);
  });

  it('leaves cdk-nag nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
