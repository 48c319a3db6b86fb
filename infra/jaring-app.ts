import type { App } from 'aws-cdk-lib';
import { EdgeProtectionStack } from './stacks/edge-protection.ts';
import { JaringStack, type JaringStackProps } from './stacks/jaring-stack.ts';

export interface JaringStageOptions extends Pick<JaringStackProps, 'stage' | 'alarmEmail'> {
  /** Where the office's data lives: Jakarta (ap-southeast-3) unless the deployment says otherwise. */
  readonly region: string;
  /** The account; unset, the CLI's credentials decide at deployment. */
  readonly account?: string;
}

/**
 * One stage of Jaring: its web ACL in us-east-1 (where CloudFront's must be) and everything else in the office's
 * region, the ACL's ARN passed across regions (crossRegionReferences needs both regions known at synth).
 */
export function addJaringStage(app: App, options: JaringStageOptions) {
  const edge = new EdgeProtectionStack(app, `Jaring-${options.stage}-edge`, {
    stage: options.stage,
    description: `Jaring web ACL for CloudFront (${options.stage})`,
    env: { account: options.account, region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const main = new JaringStack(app, `Jaring-${options.stage}`, {
    stage: options.stage,
    alarmEmail: options.alarmEmail,
    webAclArn: edge.webAclArn,
    description: `Jaring social-aid applications (${options.stage})`,
    env: { account: options.account, region: options.region },
    crossRegionReferences: true,
  });
  return { edge, main };
}
