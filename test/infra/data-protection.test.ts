/**
 * Personal data that cannot leak or linger: Connect's flow logs in a group the stack owns (retention, center
 * key), evidence that expires after its 5 years + margin (items and every object version), access logs by
 * bucket policy, and asynchronous invocations that neither drop a campaign list nor queue stale dialer ticks.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { evidenceRetentionDays } from '#shared/data/tables.ts';
import { exampleConfig, synth } from './support.ts';

const logicalId = (resources: Record<string, unknown>, prefix: string) => {
  const id = Object.keys(resources).find((k) => k.startsWith(prefix));
  if (!id) throw new Error(`no resource ${prefix}… in the template`);
  return id;
};

describe('data protection (dev stack)', () => {
  const config = exampleConfig('dev');
  const { template } = synth(config);
  const alias = config.instance.create!.alias;

  it('creates Connect’s flow-log group itself: its name, the configured retention, the center key, retained', () => {
    const groups = template.findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: `/aws/connect/${alias}` },
    });
    const [id, group] = Object.entries(groups)[0]!;
    expect(Object.keys(groups)).toHaveLength(1);
    expect(group['Properties'].RetentionInDays).toBe(config.retention.flowLogsDays);
    expect(group['Properties'].KmsKeyId).toEqual({
      'Fn::GetAtt': [logicalId(template.findResources('AWS::KMS::Key'), 'Key'), 'Arn'],
    });
    expect(group['DeletionPolicy']).toBe('Retain');
    // Calls can only arrive after the last storage config (numbers and flows wait for it), which waits for the
    // group: Connect never creates its own unmanaged one first.
    const storage = template.findResources('AWS::Connect::InstanceStorageConfig', {
      Properties: { ResourceType: 'AGENT_EVENTS' },
    });
    expect(Object.values(storage)[0]!['DependsOn']).toContain(id);
  });

  it('lets CloudWatch Logs use the center key for that one log group only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowLogsForConnectFlowLogs',
            Principal: { Service: `logs.${config.region}.amazonaws.com` },
            Condition: {
              ArnEquals: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', Match.arrayWith([`:log-group:/aws/connect/${alias}`])],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  it('expires evidence objects and their old versions after evidenceYears × 365 + margin, like the table TTL', () => {
    const days = evidenceRetentionDays(config.retention.evidenceYears);
    expect(days).toBe(5 * 365 + 30);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Id: 'evidence-retention',
            ExpirationInDays: days,
            NoncurrentVersionExpiration: { NoncurrentDays: days },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: Match.objectLike({ SSEEnabled: true }),
      Replicas: Match.anyValue(),
    });
    const evidenceTable = template.findResources('AWS::DynamoDB::GlobalTable');
    const evidence = Object.entries(evidenceTable).find(([k]) => k.startsWith('DataEvidenceTable'))![1];
    expect(evidence['Properties'].TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'campaign-dialer',
          EVIDENCE_RETENTION_DAYS: String(days),
        }),
      },
    });
  });

  it('delivers access logs by bucket policy (logging service, SourceAccount) with ACLs disabled', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    const logsId = logicalId(buckets, 'DataAccessLogsBucket');
    const logs = buckets[logsId]!;
    expect(logs['Properties'].AccessControl).toBeUndefined();
    expect(logs['Properties'].OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
    for (const [id, b] of Object.entries(buckets)) expect(b['Properties'].AccessControl, id).toBeUndefined();
  });

  it('campaign-ingest: reserved concurrency, failed S3 events to a KMS queue, an alarm on that queue', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'campaign-ingest' }) },
      },
    });
    const [fnId, fn] = Object.entries(functions)[0]!;
    expect(fn['Properties'].ReservedConcurrentExecutions).toBe(2);
    const queues = template.findResources('AWS::SQS::Queue');
    const queueId = logicalId(queues, 'OutboundIngestFailures');
    expect(queues[queueId]!['Properties'].KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [logicalId(template.findResources('AWS::KMS::Key'), 'Key'), 'Arn'],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('the dialer’s scheduled ticks are never retried and expire after 60 s (no stale ticks queue up)', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'campaign-dialer' }) },
      },
    });
    const [fnId] = Object.keys(functions);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
  });
});

const warningsOf = (stack: ReturnType<typeof synth>['stack']) =>
  stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === 'aws:cdk:warning')
    .map((m) => String(m.data));

describe('flow logs of an imported instance', () => {
  const arn = 'arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

  it('are managed when the import names the alias', () => {
    const config = exampleConfig('dev');
    config.instance = { import: { arn, alias: 'acme-existing' } };
    const { template } = synth(config);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/connect/acme-existing',
      RetentionInDays: config.retention.flowLogsDays,
    });
  });

  it('without an alias synth warns that the stack cannot manage them', () => {
    const config = exampleConfig('dev');
    // The workspace (when configured) needs the alias for an imported instance; this case is about flow logs.
    delete (config as { workspace?: unknown }).workspace;
    config.instance = { import: { arn } };
    const { stack, template } = synth(config);
    template.resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      { LogGroupName: Match.stringLikeRegexp('^/aws/connect/') },
      0,
    );
    const warnings = warningsOf(stack);
    expect(warnings.some((w) => w.includes('instance.import has no alias'))).toBe(true);
  });

  it('are left alone when the import says the group exists (flowLogGroup: existing), and synth says how to retain them', () => {
    const config = exampleConfig('dev');
    config.instance = { import: { arn, alias: 'acme-existing', flowLogGroup: 'existing' } };
    const { stack, template } = synth(config);
    template.resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      { LogGroupName: Match.stringLikeRegexp('^/aws/connect/') },
      0,
    );
    const warnings = warningsOf(stack);
    expect(
      warnings.some((w) =>
        w.includes(
          `aws logs put-retention-policy --log-group-name /aws/connect/acme-existing --retention-in-days ${config.retention.flowLogsDays}`,
        ),
      ),
    ).toBe(true);
  });

  it('are managed, like the workspace, when only the deprecated workspace.instanceAlias names the alias', () => {
    const config = exampleConfig('dev');
    config.instance = { import: { arn } };
    config.workspace = { ...config.workspace!, instanceAlias: 'acme-legacy' };
    const { template } = synth(config);
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/connect/acme-legacy' });
    expect(Object.keys(template.findResources('AWS::CloudFront::Distribution'))).toHaveLength(1);
  });
});

describe('retention config', () => {
  it('refuses a flow-log retention CloudWatch Logs does not offer', async () => {
    const { contactCenterConfigSchema } = await import('#shared/config/schema.ts');
    const config = exampleConfig('dev');
    config.retention.flowLogsDays = 10;
    const result = contactCenterConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['retention', 'flowLogsDays']);
    expect(result.error?.issues[0]?.message).toMatch(/one of CloudWatch Logs' retention values/);
  });
});
