import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ConnectInstance } from '#infra/constructs/connect-instance.ts';
import { DataStores } from '#infra/constructs/data-stores.ts';
import { Interactions } from '#infra/constructs/interactions.ts';
import { loadStageConfig } from '#shared/config/load.ts';

/**
 * The capability on its own stack (data stores + Connect instance + Interactions) with cdk-nag AwsSolutions:
 * app.synth() throws while any finding is unacknowledged. (The full stack is covered by test/infra.)
 */
function synthInteractions() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = loadStageConfig('dev');
  const stack = new Stack(app, 'InteractionsOnly', { env: { region: config.region } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const data = new DataStores(stack, 'Data', { config, key });
  const instance = new ConnectInstance(stack, 'Connect', {
    config,
    key,
    recordingsBucket: data.buckets.recordings,
  });
  new Interactions(stack, 'Interactions', { config, data, instance });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return { template: Template.fromStack(stack) };
}

describe('interactions infrastructure', () => {
  // One synth for the file (cdk-nag runs inside it: synth throws on any unacknowledged finding).
  const { template } = synthInteractions();

  it('reads the CTR stream with partial batch responses, bisect, bounded retries, record age and an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: Match.anyValue(),
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 86_400,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('encrypts the failure queues with the center key and refuses plain HTTP', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues).length).toBeGreaterThanOrEqual(2);
    for (const q of Object.values(queues)) expect(q.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('indexes recordings on object-created (.wav) and keeps async failures', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.wav' }] } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('exposes agent actions only through an IAM-authorised Function URL', () => {
    const urls = template.findResources('AWS::Lambda::Url');
    expect(Object.values(urls).map((u) => u.Properties.AuthType)).toEqual(['AWS_IAM']);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'lambda:InvokeFunctionUrl',
            Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
          }),
        ],
      },
    });
  });

  it('alarms on iterator age, failure queue depth, errors, throttles, abandonment and service level', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const metricNames = alarms.map((a) => a.Properties.MetricName).filter(Boolean);
    expect(metricNames).toEqual(
      expect.arrayContaining(['IteratorAge', 'ApproximateNumberOfMessagesVisible', 'Errors', 'Throttles']),
    );
    const expressions = alarms
      .flatMap((a) => (a.Properties.Metrics ?? []).map((m: { Expression?: string }) => m.Expression))
      .filter(Boolean);
    expect(expressions).toEqual(
      expect.arrayContaining([
        'IF(queued > 0, 100 * abandoned / queued)',
        'IF(queued > 0, 100 * within / queued)',
      ]),
    );
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('expires interaction items by TTL (retainUntil) and tells the CTR processor the retention', () => {
    const config = loadStageConfig('dev');
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: Match.arrayWith([Match.objectLike({ AttributeName: 'pk' })]),
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'gsi3' })]),
      TimeToLiveSpecification: { AttributeName: 'retainUntil', Enabled: true },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('contact trace records'),
      Environment: {
        Variables: Match.objectLike({
          INTERACTIONS_RETENTION_DAYS: String(config.retention.interactionsDays),
        }),
      },
    });
  });

  it('gives the erasure function delete rights on recordings versions, campaigns and İYS consents, never DNC entries', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) =>
      JSON.stringify(p.Properties.PolicyDocument),
    );
    expect(policies.some((p) => p.includes('s3:DeleteObject*'))).toBe(true);
    // On the dnc table the erasure role may delete only CONSENT# partition keys (İYS approvals), never DNC#.
    const dncTable = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable')).find((id) =>
      id.startsWith('DataDncTable'),
    );
    expect(dncTable).toBeDefined();
    const erasureStatements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('Erasure'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
    expect(erasureStatements.length).toBeGreaterThan(0);
    const erasureWrites = erasureStatements.filter(
      (st) =>
        JSON.stringify(st.Resource).includes(dncTable!) &&
        [st.Action].flat().some((a) => /Delete|BatchWrite|PutItem|UpdateItem/.test(String(a))),
    );
    expect(erasureWrites).toHaveLength(1);
    expect(erasureWrites[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CONSENT#*'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          QUEUE_NAMES: Match.stringLikeRegexp('Support'),
          CONNECT_INSTANCE_ID: Match.anyValue(),
        }),
      },
    });
    expect(
      policies.some((p) => p.includes('connect:UpdateContactAttributes') && p.includes('/contact/*')),
    ).toBe(true);
  });
});
