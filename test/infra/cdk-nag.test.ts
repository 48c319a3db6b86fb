import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildJaring, synthJaring } from './synth.ts';

// cdk-nag 3 is a policy validation plugin: findings land in the validation report, not in annotations.
describe('cdk-nag AwsSolutions', () => {
  // `cdk synth` resolves the region (and the account, with credentials) from the machine's AWS configuration, as CI's
  // does: an acknowledgement must match the finding whether the ARN holds a token or a concrete region.
  it.each([
    ['dev', undefined],
    ['prod', undefined],
    ['dev', { region: 'us-east-1' }],
    ['prod', { account: '123456789012', region: 'ap-southeast-3' }],
  ])('finds nothing unacknowledged in the %s stack (environment %j)', (stage, env) => {
    const { app } = synthJaring(stage, env);
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('lets the app synthesize with the pack registered as infra/app.ts registers it', () => {
    const { app } = buildJaring('dev');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Under vitest (NODE_ENV=test) CDK throws, with the report, when a plugin reports a violation.
    expect(() => app.synth()).not.toThrow();
  });
});
