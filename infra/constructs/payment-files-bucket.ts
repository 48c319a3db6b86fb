import { Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ResourceAccess } from '../../functions/catalog.ts';

/** Every object the adapter (functions/lib/adapters/s3-payment-files.ts) reads or writes lies under this prefix. */
const OBJECT_PREFIX = 'payment-files/';

export interface PaymentFilesBucketProps {
  readonly removalPolicy: RemovalPolicy;
  /**
   * Named, not generated: the site's CSP names the bucket's endpoint, and the bucket's CORS names the site, so one of
   * the two must be known without a reference to the other (CloudFormation refuses the cycle).
   */
  readonly bucketName: string;
}

/**
 * The payment files (bank and post office instructions, invitations): names, account numbers and amounts of
 * beneficiaries, so a private, versioned bucket under its own rotated key, reachable over TLS only, with server access
 * logs (who read which file, beside the audit trail).
 */
export class PaymentFilesBucket extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;
  /**
   * Where a download link points: the bucket's regional endpoint, as the functions' SDK addresses it (virtual-hosted).
   * Built from the name rather than read from the bucket, so what carries it (the site's CSP) does not depend on it.
   */
  readonly downloadOrigin: string;

  constructor(scope: Construct, id: string, props: PaymentFilesBucketProps) {
    super(scope, id);

    // Its own key rather than the table's: reading payment files and reading the table are separate grants.
    // The key shares the bucket's removal policy: a retained bucket is unreadable without its key.
    this.key = new Key(this, 'Key', {
      description: 'Jaring payment files (beneficiaries\' accounts and amounts)',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });

    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // S3 delivers server access logs only to buckets encrypted with S3-managed keys.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // No object ownership setting: CDK grants the log delivery by the bucket ACL it sets (with the ownership that needs).
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' });

    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket and period instead of a KMS request per object: cheaper, and fewer KMS throttles.
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // A file's entry is replaced when the file is written again; its earlier versions stay recoverable for a while.
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'payment-files/',
      // Current files are payment records and are kept: how long is the office's records-retention decision.
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1), noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: props.removalPolicy,
    });
    const stack = Stack.of(this);
    this.downloadOrigin = `https://${props.bucketName}.s3.${stack.region}.${stack.urlSuffix}`;
  }

  /**
   * Lets the pages of `origin` follow a download link with fetch (the finance console saves the file under its
   * Content-Disposition name): GET only, no credentials; the link's signature is what grants the read.
   */
  allowDownloadsFrom(origin: string): void {
    this.bucket.addCorsRule({ allowedMethods: [HttpMethods.GET], allowedOrigins: [origin], exposedHeaders: ['Content-Disposition'] });
  }

  /**
   * Exactly what `access` says, on the payment file objects only: read is GetObject (and ListBucket, without which a
   * missing file answers 403 instead of 404) with Decrypt; readwrite adds PutObject and AbortMultipartUpload with
   * GenerateDataKey (multipart uploads under SSE-KMS need Decrypt too). No delete: the files are payment records.
   * The key only through S3 in this region. `grantee` is the role that holds the policy, so the acknowledgement below
   * covers its statements only.
   */
  grant(grantee: IGrantable & Construct, access: NonNullable<ResourceAccess['paymentFiles']>): void {
    const writes = access === 'readwrite';
    const objects = this.bucket.arnForObjects(`${OBJECT_PREFIX}*`);
    const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } };
    const statements = [
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:GetObject', ...(writes ? ['s3:PutObject', 's3:AbortMultipartUpload'] : [])],
        resources: [objects],
      }),
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:Decrypt', ...(writes ? ['kms:GenerateDataKey'] : [])],
        resources: [this.key.keyArn],
        conditions: viaS3,
      }),
    ];
    for (const statement of statements) grantee.grantPrincipal.addToPrincipalPolicy(statement);

    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${OBJECT_PREFIX}*]`,
      reason: 'Every payment file object under its prefix: the files are created at run time, one folder per batch.',
    });
  }
}
