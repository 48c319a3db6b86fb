/**
 * Issue #12, observability: the alarms (each telling the one encrypted topic), the dashboard built from the business
 * metrics table, the dead-letter queue behind EventBridge's handlers, and what every function is given to trace.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EVENT_HANDLERS, HTTP_ROUTES, WORKFLOW_TASKS } from '../../functions/catalog.ts';
import { BUSINESS_METRICS, METRICS_NAMESPACE } from '../../shared/domain/business-metrics.ts';
import { logicalId, synthJaring } from './synth.ts';

const { stack, template } = synthJaring('prod');
const monitoring = Template.fromStack(stack.monitoring);
const alarms = Object.values(monitoring.findResources('AWS::CloudWatch::Alarm')) as { Properties: Record<string, unknown> }[];
const text = (value: unknown) => JSON.stringify(value) ?? '';
const alarmOn = (expression: string) => alarms.filter((a) => text(a.Properties.Metrics).includes(expression));

describe('alarms', () => {
  it('tell one KMS-encrypted topic, which CloudWatch may use', () => {
    monitoring.resourceCountIs('AWS::SNS::Topic', 1);
    monitoring.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    monitoring.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    const topic = Object.keys(monitoring.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
  });

  it('watch every function for errors and throttles, one alarm each', () => {
    const perFunction = alarmOn('errors + throttles');
    expect(perFunction).toHaveLength([...HTTP_ROUTES, ...WORKFLOW_TASKS, ...EVENT_HANDLERS].length);
    for (const alarm of perFunction) {
      const metrics = text(alarm.Properties.Metrics);
      expect(metrics).toContain('"MetricName":"Errors"');
      expect(metrics).toContain('"MetricName":"Throttles"');
      expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    }
  });

  it('watch both workflows for executions that failed, timed out or were stopped', () => {
    const ended = alarmOn('failed + timedOut + aborted');
    expect(ended).toHaveLength(2);
    for (const alarm of ended) for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) expect(text(alarm.Properties.Metrics)).toContain(metric);
  });

  it('watch the API\'s 5xx share, dead letters, SMS given up on and overdue reconciliation exceptions', () => {
    const api = alarmOn('100 * errors / MAX([requests, 1])');
    expect(api).toHaveLength(1);
    expect(api[0]!.Properties).toMatchObject({ Threshold: 1, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    expect(text(api[0]!.Properties.Metrics)).toContain('"MetricName":"5xx"');
    expect(alarms.filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Properties.Namespace === 'AWS/SQS')).toHaveLength(1);
    for (const metric of ['NotificationsDead', 'ReconciliationExceptionsOverdue']) {
      const found = alarms.filter((a) => text(a.Properties.Metrics).includes(`"MetricName":"${metric}"`));
      expect(found, metric).toHaveLength(1);
      expect(found[0]!.Properties).toMatchObject({
        Threshold: 0,
        Metrics: [{ MetricStat: { Metric: { Namespace: METRICS_NAMESPACE, MetricName: metric, Dimensions: [{ Name: 'service', Value: 'jaring' }] } } }],
      });
    }
  });

  it('e-mail whoever the deployment names, and no one otherwise', () => {
    monitoring.resourceCountIs('AWS::SNS::Subscription', 0);
    const { stack: withEmail } = synthJaring('dev', undefined, { alarmEmail: 'dinsos-ops@example.go.id' });
    Template.fromStack(withEmail.monitoring).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'dinsos-ops@example.go.id' });
  });
});

describe('the dashboard', () => {
  it('shows every business metric, the API and the alarms', () => {
    const body = text(Object.values(monitoring.findResources('AWS::CloudWatch::Dashboard'))[0]);
    for (const name of Object.keys(BUSINESS_METRICS)) expect(body, name).toContain(name);
    expect(body).toContain('5xx');
    expect(body).toContain('alarm');
    monitoring.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Jaring-prod' });
  });
});

describe('dead letters', () => {
  it('catch what EventBridge could not deliver and what an event handler failed on every attempt', () => {
    template.resourceCountIs('AWS::SQS::Queue', 1);
    const queue = logicalId(stack, stack.node.findChild('DeadLetters'));
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as { Properties: { Targets: { DeadLetterConfig?: unknown }[] } }[];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) for (const target of rule.Properties.Targets) expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queue, 'Arn'] } });
    for (const entry of EVENT_HANDLERS.filter((e) => e.source === 'schedule')) {
      const fn = stack.handlers.get(entry.name)!.function;
      expect(template.toJSON().Resources[logicalId(stack, fn)].Properties.DeadLetterConfig, entry.name).toEqual({ TargetArn: { 'Fn::GetAtt': [queue, 'Arn'] } });
    }
  });
});

it('traces every function and both workflows with X-Ray', () => {
  const functions = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('^Jaring ') } }));
  expect(functions.length).toBe([...HTTP_ROUTES, ...WORKFLOW_TASKS, ...EVENT_HANDLERS].length);
  for (const fn of functions) expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
  template.allResourcesProperties('AWS::StepFunctions::StateMachine', { TracingConfiguration: { Enabled: true } });
});
