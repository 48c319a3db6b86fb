import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../../functions/lib/config.ts';
import { logicalId, synthJaring } from './synth.ts';

const { stack, template } = synthJaring('dev');

/**
 * The managed AllViewerExceptHostHeader origin request policy: every viewer header but Host, plus CloudFront's
 * viewer headers, CloudFront-Viewer-Address among them (AWS's "Use managed origin request policies" lists them).
 */
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('web pages on AWS', () => {
  it('keeps the pages in a private, encrypted, TLS-only bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({}),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'pages/' }),
    });
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies.every((p) => JSON.stringify(p).includes('"aws:SecureTransport":"false"'))).toBe(true);
  });

  it('serves them through CloudFront with origin access control, compressed, and the API under /api/* uncached', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ Compress: true, ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' }),
          Match.objectLike({ PathPattern: '/health' }),
        ]),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('forwards the viewer\'s address (CloudFront-Viewer-Address) to the API, but not the viewer\'s Host', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({ PathPattern: '/api/*', OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER }),
          Match.objectLike({ PathPattern: '/health', OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER }),
        ]),
      }),
    });
  });

  it('marks every request it forwards to the API with the origin secret, resolved from Secrets Manager at deployment', () => {
    const secretId = logicalId(stack, stack.node.findChild('OriginVerifySecret'));
    // A CloudFormation dynamic reference: the template names the secret, never its value.
    const fromSecret = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] };
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: { 'Fn::Join': ['', Match.arrayWith(['.execute-api.'])] },
            OriginCustomHeaders: [{ HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: fromSecret }],
          }),
        ]),
      }),
    });
    // The pages bucket is not sent it.
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const origins = distribution?.Properties.DistributionConfig.Origins as Array<{ S3OriginConfig?: unknown; OriginCustomHeaders?: unknown }>;
    expect(origins.filter((o) => o.OriginCustomHeaders !== undefined).every((o) => o.S3OriginConfig === undefined)).toBe(true);
  });

  it('deploys web/ into the bucket and invalidates the distribution', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'] });
  });
});
