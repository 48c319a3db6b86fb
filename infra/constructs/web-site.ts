import { fileURLToPath } from 'node:url';
import { Duration, SecretValue, Stack, Token, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods, CachePolicy, Distribution, Function as CloudFrontFunction, FunctionCode, FunctionEventType, FunctionRuntime, HeadersFrameOption,
  HeadersReferrerPolicy, HttpVersion, OriginProtocolPolicy, OriginRequestPolicy, PriceClass, ResponseHeadersPolicy, ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../functions/lib/config.ts';
import { buildPageFiles } from '../../web/build.ts';
import { securityHeaders } from '../../web/security-headers.ts';
import { CONSOLE_PAGE, hostedSignIn, SITE_CONFIG_PATH } from '../../web/sign-in-config.ts';

const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/** The member of a CloudFront enum that is spelled `value`; a value CloudFront has no setting for fails the synth. */
function member<T extends string>(values: Record<string, T>, value: string | undefined, header: string): T {
  const found = Object.values(values).find((v) => v.toLowerCase() === value?.toLowerCase());
  if (!found) throw new Error(`CloudFront's response headers policy cannot send ${header}: ${value}`);
  return found;
}

/**
 * The headers of web/security-headers.ts as a CloudFront response headers policy: the same values the local gateway
 * sends, on every answer (overriding an origin's). A header the definition gains that this does not map fails the
 * synth, so the two cannot drift apart.
 */
function securityHeadersPolicy(scope: Construct, paymentFilesOrigin: string, signInOrigin: string): ResponseHeadersPolicy {
  const { 'content-security-policy': csp, 'x-content-type-options': typeOptions, 'referrer-policy': referrer, 'x-frame-options': frame, ...unmapped } = securityHeaders(paymentFilesOrigin, signInOrigin);
  // CloudFront's contentTypeOptions setting can only say nosniff.
  if (Object.keys(unmapped).length || !csp || typeOptions !== 'nosniff') throw new Error(`Map ${Object.keys(unmapped).join(', ') || 'the headers'} into the response headers policy`);
  return new ResponseHeadersPolicy(scope, 'SecurityHeaders', {
    comment: 'Jaring: the security headers of web/security-headers.ts',
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: member(HeadersReferrerPolicy, referrer, 'referrer-policy'), override: true },
      frameOptions: { frameOption: member(HeadersFrameOption, frame, 'x-frame-options'), override: true },
      // CloudFront only: the local gateway speaks plain HTTP, where browsers ignore it.
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
    },
  });
}

/** How cdk-nag prints a value in a finding id: itself when known at synth, else its pseudo parameter. */
const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? pseudo : value);

export interface WebSiteProps {
  /** Served under the same origin at /api/* and /health, as the local gateway does, so pages call relative URLs. */
  readonly api: HttpApi;
  /** Sent with every API request CloudFront forwards, so the functions tell them from calls made straight to the API. */
  readonly originVerifySecret: ISecret;
  /**
   * The secret's version CloudFront sends (`-c originVerifySecretVersion=<VersionId>` after a rotation): naming it
   * changes the template, so CloudFormation updates the distribution with the new value (docs/DEPLOY.md).
   */
  readonly originVerifySecretVersion?: string;
  /** The payment files bucket's endpoint, where the finance console follows a large file's download link. */
  readonly paymentFilesOrigin: string;
  /** Where officers sign in: the managed login's address and the console's app client. */
  readonly staffSignIn: { readonly base: string; readonly clientId: string };
  readonly removalPolicy: RemovalPolicy;
  /** The CLOUDFRONT-scope web ACL (EdgeProtectionStack); absent only where this stack is built alone (its tests). */
  readonly webAclArn?: string;
}

/** The pages of `web/` on a private S3 bucket behind CloudFront, which also fronts the API. */
export class WebSite extends Construct {
  readonly distribution: Distribution;
  /** The staff console's page on the distribution: where the managed login sends officers back. */
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' });

    const pages = new Bucket(this, 'Pages', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'pages/',
      removalPolicy: props.removalPolicy,
    });

    const stack = Stack.of(this);
    const api = new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      // CloudFront overwrites a viewer's own header of this name, so only requests through the distribution carry
      // the secret. The value is a CloudFormation dynamic reference ({{resolve:secretsmanager:...}}) that
      // CloudFormation resolves at deployment: it is never in the template or cdk.out, though whoever may read the
      // distribution's configuration (cloudfront:GetDistributionConfig) can see it there.
      customHeaders: {
        [ORIGIN_VERIFY_HEADER]: (props.originVerifySecretVersion
          ? SecretValue.secretsManager(props.originVerifySecret.secretArn, { versionId: props.originVerifySecretVersion })
          : props.originVerifySecret.secretValue).unsafeUnwrap(),
      },
    });
    // The address the per-client limits count. A viewer may send any header, CloudFront-Viewer-Address included,
    // and how CloudFront treats a viewer's own copy of that one (replaced, kept, appended to) is not something to
    // rely on; so this function writes the connection's address into a header of our own on every API request,
    // replacing whatever the viewer sent under that name, every copy. The Lambdas trust it only beside the secret.
    const viewerAddress = new CloudFrontFunction(this, 'ViewerAddress', {
      comment: `Jaring: sets ${VIEWER_ADDRESS_HEADER} to the viewer's IP address on API requests`,
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(`function handler(event) {
  event.request.headers[${JSON.stringify(VIEWER_ADDRESS_HEADER)}] = { value: event.viewer.ip };
  return event.request;
}`),
    });
    const headersPolicy = securityHeadersPolicy(this, props.paymentFilesOrigin, props.staffSignIn.base);
    // API answers are never cached. The managed AllViewerExceptHostHeader policy passes the caller's headers
    // (Authorization, Accept-Language) and those the function set, except Host, which API Gateway needs to name the
    // API. A custom policy cannot replace it: "all viewer headers" forwards Host too, and an allow list may not name
    // Authorization.
    const apiBehavior = {
      origin: api,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      functionAssociations: [{ function: viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
      responseHeadersPolicy: headersPolicy,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Jaring pages and API',
      webAclId: props.webAclArn,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Indonesia is served from the Asia edge locations included here.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(pages),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // Compressed for phones on slow connections.
        compress: true,
        responseHeadersPolicy: headersPolicy,
      },
      additionalBehaviors: { '/api/*': apiBehavior, '/health': apiBehavior },
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'No geo restriction: Indonesians abroad (migrant workers) check their families\' applications too.' },
      { id: 'AwsSolutions-CFR4', reason: 'The default CloudFront certificate until the office assigns its domain; a custom domain brings a TLS 1.2 policy.' },
    );
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR2', reason: 'Built without its edge stack (a template test of this stack alone); infra/jaring-app.ts always gives it the web ACL.' });
    }

    this.consoleUrl = `https://${this.distribution.distributionDomainName}/${CONSOLE_PAGE}`;

    new BucketDeployment(this, 'Deploy', {
      // The pages' files as they are (not web/build.ts, the build's source), and the files it builds: the module
      // from shared/ and the chart library from node_modules.
      // And the console's sign-in config, whose addresses CloudFormation knows only at deployment.
      sources: [
        Source.asset(WEB_DIR, { exclude: ['*.ts'] }),
        ...Object.entries(buildPageFiles()).map(([path, text]) => Source.data(path, text)),
        Source.jsonData(SITE_CONFIG_PATH, hostedSignIn(props.staffSignIn.base, props.staffSignIn.clientId, this.consoleUrl)),
      ],
      destinationBucket: pages,
      // Revalidated on every load and answered 304 while unchanged (ETag), so a phone never keeps a page or script
      // older than the API it talks to; the local gateway serves pages the same way.
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    // CDK runs the copy with one shared function per stack; its findings are CDK's own, acknowledged there.
    const copier = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (copier) {
      Validations.of(copier).acknowledge(
        { id: 'AwsSolutions-L1', reason: 'CDK\'s BucketDeployment handler: its runtime is chosen by aws-cdk-lib and moves with it.' },
        { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'CDK\'s BucketDeployment handler role: logs only.' },
        ...['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*', 'Resource::*',
          `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${shown(stack.account, '<AWS::AccountId>')}-${shown(stack.region, '<AWS::Region>')}/*`, `Resource::<${stack.getLogicalId(pages.node.defaultChild as CfnBucket)}.Arn>/*`]
          .map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: 'CDK\'s BucketDeployment grant: copy the page assets from the CDK asset bucket into the pages bucket and invalidate CloudFront.' })),
      );
    }
  }
}
