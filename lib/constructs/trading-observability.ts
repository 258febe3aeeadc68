import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  METRICS,
  METRICS_NAMESPACE,
  METRIC_DIMENSIONS,
  METRIC_EMITTERS,
  SERVICE_DIMENSION,
  type MetricName,
} from '../../layers/contracts/metrics';
import type { FunctionName } from '../../layers/contracts/wiring';

/** A handler alarms when more than this share of its invocations failed over the period. */
export const ERROR_RATE_ALARM_PERCENT = 5;
const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
const ONE_HOUR = Duration.hours(1);

export interface TradingObservabilityProps {
  readonly accountId: string;
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  /** Every dead-letter queue, by a readable name; each gets an alarm and a line on the DLQ graph. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** Optional e-mail subscribed to the alarm topic. */
  readonly alarmEmail?: string;
}

/**
 * The trading dashboard (equity and P&L, orders and fills, rejections by check, handler latency and
 * errors, DLQ depth) and the alarms that page the operator through one KMS-encrypted SNS topic:
 * a message in any DLQ, a handler's error rate, the daily loss limit, the kill switch and the book's
 * 99 % VaR over the policy's post-trade VaR limit (risk widgets: VaR/CVaR and stress losses).
 */
export class TradingObservability extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: readonly cloudwatch.Alarm[];

  private readonly accountId: string;

  constructor(scope: Construct, id: string, props: TradingObservabilityProps) {
    super(scope, id);
    this.accountId = props.accountId;

    const topicKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the tradeloop alarm topic',
      enableKeyRotation: true,
    });
    // CloudWatch alarms publish to the encrypted topic, so they must be able to use its key.
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'tradeloop alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (props.alarmEmail !== undefined) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    const alarms: cloudwatch.Alarm[] = [];
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarms.push(
        queue.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' }).createAlarm(this, `${name}-dlq-not-empty`, {
          alarmDescription: `Dead-letter queue ${name} holds messages: an order, event or invocation failed for good`,
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const [name, fn] of Object.entries(props.functions) as [FunctionName, lambda.IFunction][]) {
      alarms.push(
        this.errorRate(fn, name).createAlarm(this, `${name}-error-rate`, {
          alarmDescription: `More than ${ERROR_RATE_ALARM_PERCENT}% of ${name} invocations failed over 5 minutes`,
          threshold: ERROR_RATE_ALARM_PERCENT,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    alarms.push(
      this.custom(METRICS.dailyLossLimitBreached, 'Maximum', ONE_MINUTE).createAlarm(this, 'daily-loss-limit-breached', {
        alarmDescription: "Today's loss reached the daily loss limit of the risk policy",
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      this.custom(METRICS.killSwitchEngaged, 'Maximum', ONE_MINUTE).createAlarm(this, 'kill-switch-engaged', {
        alarmDescription: 'The kill switch is engaged: no new orders are sent',
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // Emitted twice a session (close, nightly): missing data keeps the last state instead of clearing a breach.
      this.custom(METRICS.portfolioVar99LimitUsage, 'Maximum', ONE_HOUR).createAlarm(this, 'portfolio-var99-over-limit', {
        alarmDescription: "The book's 1-day 99 % VaR is over the risk policy's post-trade VaR limit (maxPostTradeVarPct of equity)",
        threshold: 100,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      }),
    );
    const action = new cwActions.SnsAction(this.alarmTopic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    this.alarms = alarms;

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: this.widgets(props, alarms),
    });
  }

  /** A custom metric with the dimensions its emitter publishes (see METRIC_EMITTERS). */
  private custom(name: MetricName, statistic: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { [SERVICE_DIMENSION]: METRIC_EMITTERS[name], [METRIC_DIMENSIONS.account]: this.accountId },
      statistic,
      period,
    });
  }

  private errorRate(fn: lambda.IFunction, name: FunctionName): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      label: `${name} error %`,
      expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
      usingMetrics: {
        errors: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        invocations: fn.metricInvocations({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      period: FIVE_MINUTES,
    });
  }

  private widgets(props: TradingObservabilityProps, alarms: readonly cloudwatch.Alarm[]): cloudwatch.IWidget[][] {
    const functions = Object.entries(props.functions) as [FunctionName, lambda.IFunction][];
    const rejectionsByCheck = new cloudwatch.MathExpression({
      label: '',
      expression: `SEARCH('{${METRICS_NAMESPACE},${SERVICE_DIMENSION},${METRIC_DIMENSIONS.account},${METRIC_DIMENSIONS.checkId}} MetricName="${METRICS.ordersRejected}" ${METRIC_DIMENSIONS.account}="${this.accountId}"', 'Sum', 300)`,
      period: FIVE_MINUTES,
    });
    return [
      [
        new cloudwatch.GraphWidget({
          title: 'Equity and daily P&L (USD)',
          left: [this.custom(METRICS.equity, 'Average', FIVE_MINUTES)],
          right: [this.custom(METRICS.dailyPnl, 'Average', FIVE_MINUTES)],
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: 'Orders and fills',
          left: [
            this.custom(METRICS.ordersSubmitted, 'Sum', FIVE_MINUTES),
            this.custom(METRICS.ordersFilled, 'Sum', FIVE_MINUTES),
            this.custom(METRICS.brokerErrors, 'Sum', FIVE_MINUTES),
            this.custom(METRICS.signalsGenerated, 'Sum', FIVE_MINUTES),
          ],
          width: 12,
        }),
      ],
      [
        new cloudwatch.GraphWidget({ title: 'Rejections by check', left: [rejectionsByCheck], stacked: true, width: 12 }),
        new cloudwatch.GraphWidget({
          title: 'Kill switch and daily loss limit',
          left: [
            this.custom(METRICS.killSwitchEngaged, 'Maximum', ONE_MINUTE),
            this.custom(METRICS.dailyLossLimitBreached, 'Maximum', ONE_MINUTE),
          ],
          width: 12,
        }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'Portfolio risk, 1 day (USD, positive = loss)',
          left: [
            this.custom(METRICS.portfolioVar95, 'Maximum', ONE_HOUR),
            this.custom(METRICS.portfolioVar99, 'Maximum', ONE_HOUR),
            this.custom(METRICS.portfolioCvar99, 'Maximum', ONE_HOUR),
            this.custom(METRICS.portfolioVar99Gaussian, 'Maximum', ONE_HOUR),
            this.custom(METRICS.stressEquityDown20, 'Maximum', ONE_HOUR),
            this.custom(METRICS.stressCombined, 'Maximum', ONE_HOUR),
          ],
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: 'VaR99 as % of the post-trade VaR limit',
          left: [this.custom(METRICS.portfolioVar99LimitUsage, 'Maximum', ONE_HOUR)],
          leftAnnotations: [{ value: 100, label: 'limit', color: '#d62728' }],
          width: 12,
        }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'Handler latency p99 (ms)',
          left: functions.map(([name, fn]) => fn.metricDuration({ statistic: 'p99', period: FIVE_MINUTES, label: name })),
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: 'Handler errors and throttles',
          left: functions.map(([name, fn]) => fn.metricErrors({ period: FIVE_MINUTES, label: `${name} errors` })),
          right: functions.map(([name, fn]) => fn.metricThrottles({ period: FIVE_MINUTES, label: `${name} throttles` })),
          width: 12,
        }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'Dead-letter queue depth',
          left: Object.entries(props.deadLetterQueues).map(([name, queue]) =>
            queue.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum', label: name }),
          ),
          width: 12,
        }),
        new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...alarms], width: 12 }),
      ],
    ];
  }
}
