/**
 * Alerts that reach a person: the center's alarm topic (KMS-encrypted with the center key, TLS-only) with
 * the config's e-mail subscriptions, and/or an existing SNS topic from the config (`alerts.topicArn`, e.g.
 * the on-call pager's). Every CloudWatch alarm in the stack — the ones here and any a construct adds later —
 * notifies them: an aspect adds the actions, so no alarm can be created that notifies nobody.
 *
 * CloudWatch publishes to a topic encrypted with a customer-managed key only when the key policy lets the
 * `cloudwatch.amazonaws.com` principal use it (kms:Decrypt + kms:GenerateDataKey*: "Enable compatibility
 * between event sources from AWS services and encrypted topics",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services). The
 * statement is scoped to this account and to this stack's alarms (aws:SourceAccount, aws:SourceArn on the
 * alarm names, which all begin with the stack name). An existing topic's key is its owner's to configure
 * (README › Operations says what to add).
 */
import { Annotations, Aspects, type IAspect, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';
import {
  type AlertThresholds,
  type ContactCenterConfig,
  DEFAULT_ALERT_THRESHOLDS,
} from '#shared/config/schema.ts';

export interface AlertsProps {
  /** Only `stage`, `production` and `alerts` are read. */
  readonly config: Pick<ContactCenterConfig, 'stage' | 'production' | 'alerts'>;
  /** The center's customer-managed key (the topic is encrypted with it; CloudWatch is admitted to it). */
  readonly key: kms.IKey;
}

export class Alerts extends Construct {
  /** The center's own topic (when `alerts.emails` is set). */
  readonly topic?: sns.Topic;
  /** Every topic the alarms notify. */
  readonly topics: sns.ITopic[] = [];
  readonly thresholds: AlertThresholds;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const { config, key } = props;
    const alerts = config.alerts;
    if (config.production && !alerts)
      throw new Error(
        `Alerts: stage ${config.stage} is production but its config has no alerts (alerts.emails and/or alerts.topicArn): alarms would notify nobody`,
      );
    this.thresholds = alerts?.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
    const stack = Stack.of(this);
    const alarmArns = `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${stack.stackName}-*`;

    if (alerts && alerts.emails.length > 0) {
      const topic = new sns.Topic(this, 'Topic', {
        displayName: `Santral ${config.stage} alarms`,
        masterKey: key,
        enforceSSL: true,
      });
      for (const email of alerts.emails) topic.addSubscription(new subs.EmailSubscription(email));
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchAlarmsPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': alarmArns },
          },
        }),
      );
      const added = key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchAlarmsUseKeyForAlarmTopic',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': alarmArns },
          },
        }),
      );
      if (!added.statementAdded)
        throw new Error(
          'Alerts: the center key is imported; its policy cannot admit CloudWatch to the alarm topic',
        );
      this.topic = topic;
      this.topics.push(topic);
    }
    if (alerts?.topicArn) this.topics.push(sns.Topic.fromTopicArn(this, 'ExistingTopic', alerts.topicArn));
    if (this.topics.length === 0)
      Annotations.of(this).addInfo(
        'Alerts: no alerts in the config: alarms exist but notify nobody (allowed outside production)',
      );
    Aspects.of(stack).add(new AlarmActions(this.topics, stack.stackName));
  }
}

/** Adds the alarm topics to every alarm, and names each alarm after the stack (the key policy's SourceArn). */
class AlarmActions implements IAspect {
  constructor(
    private readonly topics: readonly sns.ITopic[],
    private readonly prefix: string,
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.Alarm)) return;
    for (const topic of this.topics) node.addAlarmAction(new actions.SnsAction(topic));
    const cfn = node.node.defaultChild as cloudwatch.CfnAlarm;
    const stack = Stack.of(node);
    // The L2 leaves the name to CloudFormation (a token resolving to nothing) unless one was given.
    if (stack.resolve(cfn.alarmName) === undefined) {
      const logicalId = stack.resolve(cfn.logicalId) as string;
      cfn.alarmName = `${this.prefix}-${logicalId}`.slice(0, 255);
    }
  }
}
