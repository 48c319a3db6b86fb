import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../functions/lib/config.ts';
import { JaringStack } from '../../infra/stacks/jaring-stack.ts';
import { buildPageFiles } from '../../web/build.ts';
import { logicalId, synthJaring } from './synth.ts';

const { app, stack, template } = synthJaring('dev');

/**
 * The managed AllViewerExceptHostHeader origin request policy: every viewer header but Host (those a viewer-request
 * function set included), plus CloudFront's viewer headers.
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
    expect(policies.length).toBeGreaterThan(0);
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

  it('writes the viewer\'s address into our own header on every API request, and forwards it, but not the viewer\'s Host', () => {
    const functions = template.findResources('AWS::CloudFront::Function');
    expect(Object.keys(functions)).toHaveLength(1);
    const [[functionId, viewerAddress]] = Object.entries(functions) as [[string, { Properties: { FunctionCode: string; FunctionConfig: { Runtime: string } } }]];
    expect(viewerAddress.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const code = viewerAddress.Properties.FunctionCode;
    expect(code).toContain('event.viewer.ip');
    expect(code).toContain(JSON.stringify(VIEWER_ADDRESS_HEADER));

    const onEveryRequest = [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } }];
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({ PathPattern: '/api/*', OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER, FunctionAssociations: onEveryRequest }),
          Match.objectLike({ PathPattern: '/health', OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER, FunctionAssociations: onEveryRequest }),
        ]),
      }),
    });
  });

  it('has the function replace whatever the viewer sent under that header, every copy', () => {
    const [viewerAddress] = Object.values(template.findResources('AWS::CloudFront::Function'));
    // The code as CloudFront runs it (JavaScript runtime 2.0 is a subset Node runs alike), on a viewer-request event.
    const handler = runInNewContext(`${viewerAddress?.Properties.FunctionCode as string}\nhandler`) as (event: unknown) => { headers: Record<string, unknown> };
    const forged = { value: '203.0.113.1', multiValue: [{ value: '203.0.113.1' }, { value: '203.0.113.2' }] };
    const request = { method: 'POST', uri: '/api/status-check', headers: { [VIEWER_ADDRESS_HEADER]: forged, accept: { value: '*/*' } } };
    const sent = handler({ version: '1.0', viewer: { ip: '2001:db8:7:1::a' }, request });
    expect(sent.headers).toEqual({ [VIEWER_ADDRESS_HEADER]: { value: '2001:db8:7:1::a' }, accept: { value: '*/*' } });
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

  it('sends the version a rotation names, so a new value reaches the distribution with the next deployment', () => {
    const rotated = new App({ context: { 'aws:cdk:bundling-stacks': [], originVerifySecretVersion: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924' } });
    const rotatedStack = new JaringStack(rotated, 'Jaring-rotated', { stage: 'dev' });
    const secretId = logicalId(rotatedStack, rotatedStack.node.findChild('OriginVerifySecret'));
    Template.fromStack(rotatedStack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([Match.objectLike({
          OriginCustomHeaders: [{ HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::e3b0c442-98fc-1c14-9afb-f4c8996fb924}}']] } }],
        })]),
      }),
    });
  });

  it('deploys web/ and the files built from shared/ and the chart library into the bucket, and invalidates the distribution', () => {
    const built = buildPageFiles();
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment', { Properties: { DistributionPaths: ['/*'] } }));
    // web/, each built file, and the console's sign-in config (test/infra/staff-sign-in.test.ts).
    expect(deployment?.Properties.SourceObjectKeys).toHaveLength(1 + Object.keys(built).length + 1);
    // Pages and scripts are revalidated on every load, so a phone never runs a script older than the API.
    expect(deployment?.Properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    // Each built file is an asset of its own, holding exactly what the local gateway serves.
    const outdir = app.synth().directory;
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.')).map((name) => join(outdir, name));
    for (const [path, text] of Object.entries(built)) {
      const copies = assets.map((dir) => join(dir, path)).filter((file) => existsSync(file));
      expect(copies.map((file) => readFileSync(file, 'utf8')), path).toEqual([text]);
    }
    // The build's source stays out of the pages.
    const pages = assets.find((dir) => existsSync(join(dir, 'index.html')));
    expect(pages && existsSync(join(pages, 'build.ts'))).toBe(false);
    // The applicant pages' service worker at the root (its scope the whole site), no-cache like every page file, and
    // the manifest beside the pages; the worker's TypeScript sources are not deployed.
    expect(Object.keys(built)).toContain('sw.js');
    expect(pages && ['manifest.json', 'icon.svg'].every((file) => existsSync(join(pages, file)))).toBe(true);
    expect(pages && ['sw.ts', 'phone-store.ts'].some((file) => existsSync(join(pages, file)))).toBe(false);
  });
});
