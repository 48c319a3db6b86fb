import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { HTTP_ROUTES } from '../../functions/catalog.ts';

/**
 * Requests one address may send to the public API's POST routes in 5 minutes. High on purpose: Indonesian mobile
 * carriers put many phones behind one address (carrier-grade NAT), so a low limit would shut out whole
 * neighbourhoods applying at once; the functions' own per-client limits judge each applicant finely.
 */
export const PUBLIC_POST_LIMIT_PER_5_MINUTES = 2_000;

/** The public routes that take a body: submit, status check, withdrawal. Each is one rate-limited path. */
export const RATE_LIMITED_PATHS = HTTP_ROUTES.filter((r) => r.access === 'public' && r.method === 'POST').map((r) => r.path);

const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

const managedRules = (priority: number, name: string, ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[]): CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
  visibilityConfig: visibility(name),
});

const pathIs = (path: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'EXACTLY', searchString: path, textTransformations: [{ priority: 0, type: 'NONE' }] },
});

export interface EdgeProtectionProps extends StackProps {
  readonly stage: string;
}

/**
 * The web ACL in front of CloudFront. CloudFront takes only a web ACL of scope CLOUDFRONT, which lives in us-east-1:
 * hence a stack of its own there, whose ARN reaches the site's stack as a cross-region reference.
 */
export class EdgeProtectionStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeProtectionProps) {
    super(scope, id, props);
    if (RATE_LIMITED_PATHS.length < 2) throw new Error('The rate-based rule matches two or more public POST paths (an OR statement)');
    const acl = new CfnWebACL(this, 'WebAcl', {
      name: `jaring-${props.stage}-edge`,
      description: 'Jaring: AWS managed rules and a per-address limit on the public API',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`jaring-${props.stage}-edge`),
      rules: [
        // Bank result files and registry imports are larger than the rule group's 8 KB body limit; each route
        // enforces its own size limit (413), so that one rule only counts.
        managedRules(0, 'AWSManagedRulesCommonRuleSet', [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managedRules(1, 'AWSManagedRulesKnownBadInputsRuleSet'),
        {
          name: 'PublicApiRate',
          priority: 2,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: PUBLIC_POST_LIMIT_PER_5_MINUTES,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: 'POST', textTransformations: [{ priority: 0, type: 'NONE' }] } },
                    { orStatement: { statements: RATE_LIMITED_PATHS.map(pathIs) } },
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility('PublicApiRate'),
        },
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}
