/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy`). The stage comes from context: `-c stage=prod`.
 * cdk-nag 3 runs as a policy validation plugin at synth; findings are acknowledged where they arise,
 * each by its exact id with a reason (Validations.of(construct).acknowledge).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { JaringStack, parseStage } from './stacks/jaring-stack.ts';

const app = new App();
const stage = parseStage(app.node.tryGetContext('stage') ?? 'dev');
const alarmEmail: string | undefined = app.node.tryGetContext('alarmEmail');

new JaringStack(app, `Jaring-${stage}`, {
  stage,
  alarmEmail,
  description: `Jaring social-aid applications (${stage})`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
