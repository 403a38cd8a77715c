/**
 * Dashboard and alarms for the interactions capability: CTR stream iterator age, CTR records sent to the
 * on-failure bucket (and any Lambda could not deliver there), the recording indexer's failure queue depth,
 * function errors and throttles, and the contact center's abandonment rate and service level from the
 * CTR processor's embedded metrics (namespace Santral, service ctr-processor; definitions as the KPI
 * engine: abandonment = ContactsAbandoned ÷ ContactsQueued × 100, service level =
 * ContactsWithinServiceLevel ÷ ContactsQueued × 100, ASA = QueueSecondsHandled ÷ ContactsHandled), and per
 * queue the supervisor's figures (abandonment, service level, ASA, AHT, CSAT, trailing FCR:
 * shared/kpi/dashboard-metrics.ts). Thresholds come from the config's `alerts.thresholds`; who the alarms
 * notify is the Alerts construct's job (infra/constructs/alerts.ts adds an action to every alarm).
 *
 * OperationsObservability (below): alarms for the IVR functions' safe defaults and faults (the EMF metrics
 * shared/middleware/connect-handler.ts emits), dialer / list ingest / registry import errors, the import state
 * machine's ExecutionsFailed, and the age of the registry copy in force (published by the dialer).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  type AlertThresholds,
  type ContactCenterConfig,
  DEFAULT_ALERT_THRESHOLDS,
} from '#shared/config/schema.ts';

/** The dashboard's FCR covers this many times `kpi.fcrDays` (28 days for the default 7). */
export const FCR_WINDOW_FACTOR = 4;

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
  /** Default: the config's alerts.thresholds (or the defaults when it has no alerts). */
  thresholds?: AlertThresholds;
}

export class InteractionsObservability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: InteractionsObservabilityProps) {
    super(scope, id);
    const { config } = props;
    const t = props.thresholds ?? config.alerts?.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
    const abandonmentThreshold = t.abandonmentPercent;
    const serviceLevelTarget = t.serviceLevelPercent;
    if (abandonmentThreshold <= 0 || abandonmentThreshold >= 100)
      throw new Error('InteractionsObservability: abandonmentPercent must be a percentage between 0 and 100');
    if (serviceLevelTarget <= 0 || serviceLevelTarget >= 100)
      throw new Error(
        'InteractionsObservability: serviceLevelPercent must be a percentage between 0 and 100',
      );

    const alarm = (name: string, a: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, name, a);
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
        alarmDescription: `More than ${t.ctrFailures} CTR records were sent to the ctr-failures bucket in 5 minutes: fix the cause, then run \`santral ctr replay --deployed\``,
        metric: ctrFailed,
        threshold: t.ctrFailures,
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

    const emf = (metricName: string, queue?: string) =>
      new cloudwatch.Metric({
        namespace: 'Santral',
        metricName,
        dimensionsMap: { service: 'ctr-processor', ...(queue ? { Queue: queue } : {}) },
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
    const asa = new cloudwatch.MathExpression({
      label: 'ASA (s)',
      expression: 'IF(handled > 0, waited / handled)',
      usingMetrics: { handled: emf('ContactsHandled'), waited: emf('QueueSecondsHandled') },
      period: Duration.minutes(15),
    });
    alarm('AverageSpeedOfAnswer', {
      alarmDescription: `Average speed of answer above ${t.asaSeconds} s for 30 minutes`,
      metric: asa,
      threshold: t.asaSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
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

    const fcrWindowDays = FCR_WINDOW_FACTOR * config.kpi.fcrDays;
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
    // Per queue, as a supervisor reads them (metric math over the processor's per-queue sums, 1 hour).
    const perQueueMetrics = (expression: string, names: Record<string, string>, period: Duration) =>
      // Metric ids must be unique within a widget: suffix them with the queue's index.
      config.queues.map(
        (q, i) =>
          new cloudwatch.MathExpression({
            label: q.name,
            expression: expression.replace(/\b([a-z]+)\b/g, (w) => (w in names ? `${w}${i}` : w)),
            usingMetrics: Object.fromEntries(
              Object.entries(names).map(([k, m]) => [`${k}${i}`, emf(m, q.name).with({ period })]),
            ),
            period,
          }),
      );
    const perQueue = (title: string, unit: string, expression: string, names: Record<string, string>) =>
      new cloudwatch.GraphWidget({
        title: `${title} by queue${unit}`,
        width: 8,
        left: perQueueMetrics(expression, names, Duration.hours(1)),
      });
    this.dashboard.addWidgets(
      perQueue('Abandonment', ' (%)', 'IF(queued > 0, 100 * abandoned / queued)', {
        queued: 'ContactsQueued',
        abandoned: 'ContactsAbandoned',
      }),
      perQueue(
        `Service level ${config.kpi.serviceLevelSeconds} s`,
        ' (%)',
        'IF(queued > 0, 100 * within / queued)',
        {
          queued: 'ContactsQueued',
          within: 'ContactsWithinServiceLevel',
        },
      ),
      perQueue('ASA', ' (s)', 'IF(handled > 0, waited / handled)', {
        handled: 'ContactsHandled',
        waited: 'QueueSecondsHandled',
      }),
    );
    this.dashboard.addWidgets(
      perQueue('AHT', ' (s)', 'IF(handled > 0, seconds / handled)', {
        handled: 'ContactsHandled',
        seconds: 'HandleSeconds',
      }),
      perQueue('CSAT', ' (% answers 4–5)', 'IF(answers > 0, 100 * satisfied / answers)', {
        answers: 'CsatAnswers',
        satisfied: 'CsatSatisfied',
      }),
      // FCR is trailing: a repeat is counted when the customer calls again (up to fcrDays later), against
      // the earlier conversation's queue, so repeats ÷ conversations over one hour compares unrelated
      // contacts (and can go below 0 %). The figure is the ratio over one window of FCR_WINDOW_FACTOR ×
      // fcrDays ending now (setPeriodToTimeRange: one period for the whole range), where only the first
      // fcrDays' repeats belong to conversations before the window (shared/kpi/dashboard-metrics.ts).
      new cloudwatch.SingleValueWidget({
        title: `FCR by queue, trailing ${fcrWindowDays} d (%)`,
        width: 8,
        height: 6,
        start: `-P${fcrWindowDays}D`,
        setPeriodToTimeRange: true,
        metrics: perQueueMetrics(
          'IF(conversations > 0, IF(repeats < conversations, 100 * (1 - repeats / conversations), 0))',
          { conversations: 'FcrConversations', repeats: 'FcrRepeats' },
          Duration.days(fcrWindowDays),
        ),
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

export interface OperationsObservabilityProps {
  readonly config: ContactCenterConfig;
  /** The flow Lambdas (connect-handler middleware: EMF `SafeDefault` and `Fault`, dimension service=santral-<name>). */
  readonly ivrFunctions: readonly { name: string; fn: lambda.IFunction }[];
  /** Outbound functions whose every error matters: the dialer, list ingest, registry import. */
  readonly outboundFunctions: readonly { name: string; fn: lambda.IFunction }[];
  /** The registry import state machine (ExecutionsFailed). */
  readonly registryImport: sfn.IStateMachine;
  /** Default: the config's alerts.thresholds (or the defaults). */
  readonly thresholds?: AlertThresholds;
}

/** Alarms for the IVR functions and the outbound pipeline (who they notify: infra/constructs/alerts.ts). */
export class OperationsObservability extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsObservabilityProps) {
    super(scope, id);
    const { config } = props;
    const t = props.thresholds ?? config.alerts?.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
    if (t.registryCopyAgeDays >= config.outbound.registryMaxAgeDays)
      throw new Error(
        `OperationsObservability: registryCopyAgeDays (${t.registryCopyAgeDays}) must be below outbound.registryMaxAgeDays (${config.outbound.registryMaxAgeDays})`,
      );
    const alarm = (name: string, a: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, name, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...a,
      });
      this.alarms.push(created);
      return created;
    };
    const handlerMetric = (name: string, metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'Santral',
        metricName,
        dimensionsMap: { service: `santral-${name}` },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    const pascal = (n: string) =>
      n
        .split('-')
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join('');

    const safeDefaultRates: cloudwatch.IMetric[] = [];
    for (const [i, { name, fn }] of props.ivrFunctions.entries()) {
      // Callers still get an answer (the safe default), but a routing decision or a lookup was lost.
      // Ids unique per function: the dashboard graphs every rate in one widget.
      const rate = new cloudwatch.MathExpression({
        label: `${name} safe defaults (%)`,
        expression: `IF(invocations${i} > 0, 100 * safe${i} / invocations${i}, 0)`,
        usingMetrics: {
          [`safe${i}`]: handlerMetric(name, 'SafeDefault'),
          [`invocations${i}`]: fn.metricInvocations({ period: Duration.minutes(5), statistic: 'Sum' }),
        },
        period: Duration.minutes(5),
      });
      safeDefaultRates.push(rate);
      alarm(`SafeDefaultRate${pascal(name)}`, {
        alarmDescription: `${name}: more than ${t.safeDefaultPercent} % of invocations answered with the safe default for 15 minutes (callers routed to the fallback)`,
        metric: rate,
        threshold: t.safeDefaultPercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      });
      alarm(`Faults${pascal(name)}`, {
        alarmDescription: `${name}: a dependency fault (store unreachable, exception) turned into a safe default; see the function's log`,
        metric: handlerMetric(name, 'Fault'),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
    for (const { name, fn } of props.outboundFunctions) {
      alarm(`Errors${pascal(name)}`, {
        alarmDescription: `${name} failed: ${name === 'campaign-dialer' ? 'campaigns are not being dialled' : name === 'campaign-ingest' ? 'an uploaded list was not queued' : 'a registry file was not imported (dialing stops once the copy is stale)'}`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
    alarm('RegistryImportExecutionsFailed', {
      alarmDescription:
        'A registry import run failed (ExecutionsFailed): the previous copy stays in force until it is older than the rule allows',
      metric: props.registryImport.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    // TSR 310.4(b)(3)(iv): a copy older than 31 days blocks every dial it governs; warn days before.
    const copyAge = new cloudwatch.Metric({
      namespace: 'Santral',
      metricName: 'RegistryCopyAgeDays',
      dimensionsMap: { service: 'campaign-dialer' },
      statistic: 'Maximum',
      period: Duration.hours(1),
    });
    alarm('RegistryCopyAge', {
      alarmDescription: `The oldest registry copy in force is older than ${t.registryCopyAgeDays} days: import a fresh download before it passes ${config.outbound.registryMaxAgeDays} days and dialing stops`,
      metric: copyAge,
      threshold: t.registryCopyAgeDays,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `santral-${config.stage}-operations`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'IVR safe defaults (%)', left: safeDefaultRates, width: 12 }),
      new cloudwatch.GraphWidget({
        title: 'Registry copy age (days)',
        left: [copyAge],
        leftAnnotations: [{ value: config.outbound.registryMaxAgeDays, label: 'dialing stops' }],
        width: 12,
      }),
    );
  }
}
