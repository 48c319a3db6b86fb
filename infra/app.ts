/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy --all`). Context: `-c stage=prod`, `-c region=...` (the office's
 * region, ap-southeast-3 unless set), `-c alarmEmail=...`. cdk-nag 3 runs as a policy validation plugin at synth;
 * findings are acknowledged where they arise, each by its exact id with a reason (Validations.of(construct).acknowledge).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addJaringStage } from './jaring-app.ts';
import { parseStage } from './stacks/jaring-stack.ts';

const app = new App();
addJaringStage(app, {
  stage: parseStage(app.node.tryGetContext('stage') ?? 'dev'),
  region: app.node.tryGetContext('region') ?? process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-3',
  account: process.env.CDK_DEFAULT_ACCOUNT,
  alarmEmail: app.node.tryGetContext('alarmEmail'),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
