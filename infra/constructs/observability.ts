/**
 * Dashboard and alarms for the interactions capability: CTR stream iterator age, CTR records sent to the
 * on-failure bucket (and any Lambda could not deliver there), the recording indexer's failure queue depth,
 * function errors and throttles, and the contact center's abandonment rate and service level from the
 * CTR processor's embedded metrics (namespace Santral, service ctr-processor; definitions as the KPI
 * engine: abandonment = ContactsAbandoned ÷ ContactsQueued × 100, service level =
 * ContactsWithinServiceLevel ÷ ContactsQueued × 100). With `alarmEmail` in the config, alarms notify it
 * through a KMS-encrypted, TLS-only SNS topic.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';

export interface InteractionsObservabilityProps {
  config: ContactCenterConfig;
  ctrProcessor: lambda.IFunction;
  functions: lambda.IFunction[];
  /** On-failure queues of asynchronous invocations (alarm on depth > 0). */
  failureQueues: sqs.IQueue[];
  /**
   * The CTR event source mapping (with metricsConfig EventCount): alarm when it sends records to its
   * on-failure destination (OnFailureDestinationDeliveredEventCount > 0).
   */
  ctrEventSourceMappingId?: string;
  key: kms.IKey;
  /** Alarm when the CTR stream's iterator age exceeds this (default 5 minutes). */
  maxIteratorAge?: Duration;
  /** Alarm when abandonment exceeds this percentage (default 10). */
  abandonmentThreshold?: number;
  /** Alarm when service level falls below this percentage (default 80). */
  serviceLevelTarget?: number;
}

export class InteractionsObservability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: InteractionsObservabilityProps) {
    super(scope, id);
    const { config } = props;
    const abandonmentThreshold = props.abandonmentThreshold ?? 10;
    const serviceLevelTarget = props.serviceLevelTarget ?? 80;
    if (abandonmentThreshold <= 0 || abandonmentThreshold >= 100)
      throw new Error(
        'InteractionsObservability: abandonmentThreshold must be a percentage between 0 and 100',
      );
    if (serviceLevelTarget <= 0 || serviceLevelTarget >= 100)
      throw new Error('InteractionsObservability: serviceLevelTarget must be a percentage between 0 and 100');

    if (config.alarmEmail) {
      this.topic = new sns.Topic(this, 'Alarms', { masterKey: props.key, enforceSSL: true });
      this.topic.addSubscription(new subs.EmailSubscription(config.alarmEmail));
    }
    const alarm = (name: string, a: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, name, a);
      if (this.topic) created.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    const iteratorAge = props.ctrProcessor.metric('IteratorAge', {
      statistic: 'Maximum',
      period: Duration.minutes(1),
    });
    alarm('CtrIteratorAge', {
      alarmDescription: 'CTRs are waiting on the stream: the processor is behind or blocked',
      metric: iteratorAge,
      threshold: (props.maxIteratorAge ?? Duration.minutes(5)).toMilliseconds(),
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const depths = props.failureQueues.map((q) =>
      q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    );
    for (const [i, q] of props.failureQueues.entries()) {
      alarm(`FailureQueueDepth${i}`, {
        alarmDescription: `Records are in the on-failure queue ${q.node.id}: inspect and replay`,
        metric: depths[i]!,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    // CTR batches given up on: Lambda wrote them to the ctr-failures bucket → fix the cause, `santral ctr replay`.
    const ctrFailed = props.ctrEventSourceMappingId
      ? new cloudwatch.Metric({
          namespace: 'AWS/Lambda',
          metricName: 'OnFailureDestinationDeliveredEventCount',
          dimensionsMap: { EventSourceMappingUUID: props.ctrEventSourceMappingId },
          statistic: 'Sum',
          period: Duration.minutes(5),
        })
      : undefined;
    if (ctrFailed) {
      alarm('CtrOnFailureDelivered', {
        alarmDescription:
          'CTR records were sent to the ctr-failures bucket: fix the cause, then run `santral ctr replay`',
        metric: ctrFailed,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    // Records Lambda could not even write to the on-failure destination are lost from the pipeline.
    const deliveryFailures = props.ctrProcessor.metric('DestinationDeliveryFailures', {
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    alarm('CtrDestinationDeliveryFailures', {
      alarmDescription:
        'Lambda could not write failed CTR batches to the on-failure bucket (permissions, KMS, bucket): records are only on the stream now',
      metric: deliveryFailures,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const [i, fn] of props.functions.entries()) {
      alarm(`Errors${i}`, {
        alarmDescription: `Function errors: ${fn.node.scope?.node.id ?? fn.node.id}`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm(`Throttles${i}`, {
        alarmDescription: `Function throttles: ${fn.node.scope?.node.id ?? fn.node.id}`,
        metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    const emf = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'Santral',
        metricName,
        dimensionsMap: { service: 'ctr-processor' },
        statistic: 'Sum',
        period: Duration.minutes(15),
      });
    const queued = emf('ContactsQueued');
    const abandonment = new cloudwatch.MathExpression({
      label: 'Abandonment rate (%)',
      expression: 'IF(queued > 0, 100 * abandoned / queued)',
      usingMetrics: { queued, abandoned: emf('ContactsAbandoned') },
      period: Duration.minutes(15),
    });
    const serviceLevel = new cloudwatch.MathExpression({
      label: `Service level ${config.kpi.serviceLevelSeconds} s (%)`,
      expression: 'IF(queued > 0, 100 * within / queued)',
      usingMetrics: { queued, within: emf('ContactsWithinServiceLevel') },
      period: Duration.minutes(15),
    });
    alarm('AbandonmentRate', {
      alarmDescription: `Abandonment above ${abandonmentThreshold} % for 30 minutes`,
      metric: abandonment,
      threshold: abandonmentThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('ServiceLevel', {
      alarmDescription: `Service level below ${serviceLevelTarget} % for 30 minutes`,
      metric: serviceLevel,
      threshold: serviceLevelTarget,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `santral-${config.stage}-interactions`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Abandonment rate (%)', left: [abandonment], width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Service level (%)', left: [serviceLevel], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Contacts',
        left: [queued, emf('ContactsHandled'), emf('ContactsAbandoned')],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'CTR iterator age (ms)', left: [iteratorAge], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Failures kept (CTR bucket / recording queue)',
        left: [
          ...(ctrFailed ? [ctrFailed.with({ label: 'CTRs sent to the on-failure bucket' })] : []),
          deliveryFailures,
        ],
        right: depths,
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'CTR outcomes',
        left: ['CtrApplied', 'CtrDuplicate', 'CtrStale'].map((m) =>
          emf(m).with({ period: Duration.minutes(5) }),
        ),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: props.functions.map((f) => f.metricErrors({ period: Duration.minutes(5) })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function throttles',
        left: props.functions.map((f) => f.metricThrottles({ period: Duration.minutes(5) })),
        width: 12,
      }),
    );
  }
}
