import { Duration, NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm, AlarmStatusWidget, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, TextWidget, TreatMissingData, type IAlarm, type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BUSINESS_METRICS, EXCEPTION_OVERDUE_HOURS, METRICS_NAMESPACE, SERVICE_NAME, type BusinessMetricName, type MetricDefinition } from '../../shared/domain/business-metrics.ts';

export interface OfficeMonitoringProps extends NestedStackProps {
  readonly stage: string;
  /** Every handler, by its catalog name: each gets an alarm on its errors and throttles. */
  readonly handlers: ReadonlyMap<string, IFunction>;
  readonly stateMachines: readonly StateMachine[];
  readonly httpApi: HttpApi;
  /** Where events go that no retry could hand to their handler. */
  readonly deadLetters: IQueue;
  /** Who is told of every alarm by e-mail (`-c alarmEmail=...`); others may subscribe to the topic. */
  readonly alarmEmail?: string;
}

/** An API answering more than this share of requests with a 5xx, over 5 minutes, alarms. */
export const API_5XX_PERCENT = 1;
const FIVE_MINUTES = Duration.minutes(5);

/**
 * The office's alarms and dashboard (docs/OBSERVABILITY.md), in a nested stack of their own: one alarm per function
 * would take the main stack past CloudFormation's 500 resources. Every alarm tells one SNS topic.
 */
export class OfficeMonitoring extends NestedStack {
  readonly topic: Topic;
  readonly alarms: readonly IAlarm[];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OfficeMonitoringProps) {
    super(scope, id, props);
    // CloudWatch can publish to an encrypted topic only through a key it may use (an AWS-managed key does not allow it).
    const key = new Key(this, 'AlarmTopicKey', { description: 'Jaring: alarms topic', enableKeyRotation: true });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Alarms', { displayName: `Jaring ${props.stage} alarms`, masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarms: Alarm[] = [];
    const alarm = (alarmId: string, description: string, metric: IMetric, when = { threshold: 0, evaluationPeriods: 1, datapointsToAlarm: 1 }) => {
      const created = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        ...when,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      alarms.push(created);
      return created;
    };

    for (const machine of props.stateMachines) {
      const ended = new MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: { failed: machine.metricFailed(), timedOut: machine.metricTimedOut(), aborted: machine.metricAborted() },
        period: FIVE_MINUTES,
        label: 'executions ended early',
      });
      alarm(`${machine.node.scope?.node.id ?? machine.node.id}EndedEarly`, 'A workflow execution failed, timed out or was stopped; it is resumed automatically a few times (docs/DEPLOY.md#a-failed-execution).', ended);
    }

    for (const [name, fn] of props.handlers) {
      const failing = new MathExpression({
        expression: 'errors + throttles',
        usingMetrics: { errors: fn.metricErrors({ period: FIVE_MINUTES }), throttles: fn.metricThrottles({ period: FIVE_MINUTES }) },
        period: FIVE_MINUTES,
        label: `${name} errors and throttles`,
      });
      alarm(`Function-${name}`, `The function ${name} failed or was throttled.`, failing);
    }

    alarm('DeadLetters', 'Events no retry could hand to their handler wait in the dead-letter queue (docs/DEPLOY.md#dead-lettered-messages).',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }));
    alarm('SmsDead', 'Messages to applicants were given up on after every attempt (the SMS screen lists them).', this.business('NotificationsDead', FIVE_MINUTES));
    alarm('ReconciliationOverdue', `Exceptions in a bank's results have waited for finance over ${EXCEPTION_OVERDUE_HOURS} hours.`,
      this.business('ReconciliationExceptionsOverdue', Duration.hours(1), 'Maximum'));

    const api5xx = new MathExpression({
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: { errors: props.httpApi.metricServerError({ period: FIVE_MINUTES }), requests: props.httpApi.metricCount({ period: FIVE_MINUTES }) },
      period: FIVE_MINUTES,
      label: 'API 5xx (% of requests)',
    });
    alarm('Api5xxRate', `More than ${API_5XX_PERCENT}% of API requests failed on our side (5xx) in two of three 5-minute periods.`, api5xx, { threshold: API_5XX_PERCENT, evaluationPeriods: 3, datapointsToAlarm: 2 });
    this.alarms = alarms;

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `Jaring-${props.stage}`, defaultInterval: Duration.days(7) });
    const graph = (names: readonly BusinessMetricName[], statistic = 'Sum') => new GraphWidget({
      title: names.map((n) => BUSINESS_METRICS[n].words.id).join(' · '),
      left: names.map((n) => this.business(n, Duration.hours(1), statistic)),
      width: 12,
    });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# Jaring ${props.stage}\nPermohonan, pembayaran dan SMS dalam angka; alarm di bawah. / Applications, payments and SMS in figures; alarms below.`, width: 24, height: 2 }),
    );
    this.dashboard.addWidgets(graph(['ApplicationsSubmitted', 'ApplicationsWithdrawn']), graph(['ApplicationsScreened', 'ApplicationsDecided']));
    this.dashboard.addWidgets(graph(['StageWait'], 'p50'), graph(['PayoutAmountBuilt', 'PayoutAmountApproved', 'PayoutAmountPaid']));
    this.dashboard.addWidgets(graph(['ReconciliationExceptions', 'ReconciliationExceptionsOverdue']), graph(['NotificationsSent', 'NotificationsFailed', 'NotificationsDead']));
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'API: permintaan dan 5xx / requests and 5xx', left: [props.httpApi.metricCount()], right: [props.httpApi.metricServerError()], width: 12 }),
      new GraphWidget({ title: 'API: waktu jawab p90 / latency p90', left: [props.httpApi.metricLatency({ statistic: 'p90' })], width: 12 }),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarm', alarms, width: 24, height: 8 }));
  }

  /**
   * A business metric as Powertools writes it: the service dimension, and for a split metric every value of its
   * dimension summed (SEARCH), so one line shows the whole office.
   */
  private business(name: BusinessMetricName, period: Duration, statistic = 'Sum'): IMetric {
    const definition: MetricDefinition = BUSINESS_METRICS[name];
    if (definition.dimension) {
      return new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},${definition.dimension},service} MetricName="${name}"', '${statistic}', ${period.toSeconds()})`,
        period,
        label: BUSINESS_METRICS[name].words.en,
      });
    }
    return new Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service: SERVICE_NAME }, statistic, period, label: BUSINESS_METRICS[name].words.en });
  }
}
