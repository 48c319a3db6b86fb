/**
 * Issue #8 on AWS: CloudFront answers pages and API with the same security headers the local gateway sends (one
 * definition, web/security-headers.ts), and the staff user pool runs Cognito's threat protection, with what it does
 * to a risky or leaked-password sign-in written down, and its sign-in events logged.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { PaymentFilesBucket } from '../../infra/constructs/payment-files-bucket.ts';
import type { StaffUserPool } from '../../infra/constructs/staff-user-pool.ts';
import { securityHeaders } from '../../web/security-headers.ts';
import { logicalId, synthJaring } from './synth.ts';

const { stack, template } = synthJaring('prod');

describe('security headers on CloudFront', () => {
  const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
  const [[policyId, policy]] = Object.entries(policies) as [[string, { Properties: { ResponseHeadersPolicyConfig: Record<string, unknown> } }]];

  it('are one response headers policy carrying every header of the shared definition, overriding an origin\'s', () => {
    expect(Object.keys(policies)).toHaveLength(1);
    const config = policy.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> };
    const security = config.SecurityHeadersConfig;
    // Each header of the definition, as CloudFront's policy spells it.
    const sent: Record<string, unknown> = {
      'content-security-policy': security.ContentSecurityPolicy?.ContentSecurityPolicy,
      'x-content-type-options': security.ContentTypeOptions ? 'nosniff' : undefined,
      'referrer-policy': security.ReferrerPolicy?.ReferrerPolicy,
      'x-frame-options': security.FrameOptions?.FrameOption,
    };
    const paymentFiles = stack.node.findChild('PaymentFiles') as PaymentFilesBucket;
    expect(sent).toEqual(stack.resolve(securityHeaders(paymentFiles.downloadOrigin, (stack.node.findChild('Staff') as StaffUserPool).signInBase)));
    for (const name of ['ContentSecurityPolicy', 'ContentTypeOptions', 'ReferrerPolicy', 'FrameOptions']) expect(security[name]?.Override, name).toBe(true);
    // Over HTTPS only, as the distribution is: browsers remember to use it.
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 365 * 24 * 3600, Override: true });
  });

  it('apply to the pages and to /api/* and /health', () => {
    const withPolicy = Match.objectLike({ ResponseHeadersPolicyId: { Ref: policyId } });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: withPolicy,
        CacheBehaviors: [
          Match.objectLike({ PathPattern: '/api/*', ResponseHeadersPolicyId: { Ref: policyId } }),
          Match.objectLike({ PathPattern: '/health', ResponseHeadersPolicyId: { Ref: policyId } }),
        ],
      }),
    });
  });
});

describe('staff sign-in on AWS', () => {
  const poolId = logicalId(stack, stack.node.findChild('Staff').node.findChild('UserPool'));

  it('runs Cognito threat protection in full-function mode (the Plus feature plan)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('blocks a sign-in with a leaked password and a high-risk one, for every client of the pool', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      UserPoolId: { Ref: poolId },
      ClientId: 'ALL',
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' }, EventFilter: Match.arrayWith(['SIGN_IN']) },
      AccountTakeoverRiskConfiguration: { Actions: Match.objectLike({ HighAction: { EventAction: 'BLOCK', Notify: false } }) },
    });
  });

  it('logs every sign-in event threat protection sees to a log group of its own, kept a year', () => {
    const groups = template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/vendedlogs/cognito/') } });
    const [[groupId, group]] = Object.entries(groups) as [[string, { Properties: Record<string, unknown> }]];
    expect(group.Properties.RetentionInDays).toBe(365);
    // Cognito cannot write to a KMS-encrypted log group.
    expect(group.Properties.KmsKeyId).toBeUndefined();
    template.hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', {
      UserPoolId: { Ref: poolId },
      LogConfigurations: [{ EventSource: 'userAuthEvents', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [groupId, 'Arn'] } } }],
    });
  });
});
