/**
 * Issue #12, stages: the web ACL CloudFront uses (managed rules, a per-address limit on the public POST routes) in its
 * us-east-1 stack, reaching the distribution across regions, for dev and prod alike.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { addJaringStage } from '../../infra/jaring-app.ts';
import { PUBLIC_POST_LIMIT_PER_5_MINUTES, RATE_LIMITED_PATHS } from '../../infra/stacks/edge-protection.ts';

function stage(name: string, account?: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const { edge, main } = addJaringStage(app, { stage: name, region: 'ap-southeast-3', account });
  return { edge, main, edgeTemplate: Template.fromStack(edge), mainTemplate: Template.fromStack(main) };
}

describe.each(['dev', 'prod'])('the %s stage', (name) => {
  const { edge, main, edgeTemplate, mainTemplate } = stage(name, '123456789012');

  it('keeps its web ACL in us-east-1, of CloudFront scope, and its data in the office\'s region', () => {
    expect(edge.region).toBe('us-east-1');
    expect(main.region).toBe('ap-southeast-3');
    edgeTemplate.resourceCountIs('AWS::WAFv2::WebACL', 1);
    edgeTemplate.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', Name: `jaring-${name}-edge`, DefaultAction: { Allow: {} } });
  });

  it('runs the AWS common and known-bad-input rules, counting only the body size rule', () => {
    edgeTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'AWSManagedRulesCommonRuleSet',
          OverrideAction: { None: {} },
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }] } },
        }),
        Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet', Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } } }),
      ]),
    });
  });

  it('blocks an address past its limit on the public POST routes only', () => {
    expect(RATE_LIMITED_PATHS.sort()).toEqual(['/api/applications', '/api/applications/withdraw', '/api/status-check']);
    const acl = Object.values(edgeTemplate.findResources('AWS::WAFv2::WebACL'))[0] as { Properties: { Rules: { Name: string; Action?: unknown; Statement: { RateBasedStatement?: Record<string, unknown> } }[] } };
    const rate = acl.Properties.Rules.find((r) => r.Name === 'PublicApiRate');
    expect(rate?.Action).toEqual({ Block: {} });
    expect(rate?.Statement.RateBasedStatement).toMatchObject({ Limit: PUBLIC_POST_LIMIT_PER_5_MINUTES, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    const scope = JSON.stringify(rate?.Statement.RateBasedStatement?.ScopeDownStatement);
    expect(scope).toContain('"SearchString":"POST"');
    for (const path of RATE_LIMITED_PATHS) expect(scope).toContain(`"SearchString":"${path}"`);
  });

  it('puts the ACL in front of the distribution', () => {
    const distribution = Object.values(mainTemplate.findResources('AWS::CloudFront::Distribution'))[0] as { Properties: { DistributionConfig: { WebACLId?: unknown } } };
    // Read across regions at deployment (CDK's cross-region reference), never left empty.
    expect(JSON.stringify(distribution.Properties.DistributionConfig.WebACLId)).toMatch(/ExportsReader|WebAcl/);
  });
});
