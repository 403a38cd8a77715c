import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { Interactions } from '#infra/constructs/interactions.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { buildFoundation } from '../../support/foundation.ts';

/**
 * The capability on its own stack (data stores + Connect instance + Interactions) with cdk-nag AwsSolutions:
 * app.synth() throws while any finding is unacknowledged. (The full stack is covered by test/infra.)
 */
let synthesized: { template: Template } | undefined;
function synthInteractions() {
  synthesized ??= synthOnce();
  return synthesized;
}
function synthOnce() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = loadStageConfig('dev');
  const stack = new Stack(app, 'InteractionsOnly', { env: { region: config.region } });
  const { data, instance } = buildFoundation(stack, config);
  new Interactions(stack, 'Interactions', { config, data, instance });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return { template: Template.fromStack(stack) };
}

describe('interactions infrastructure', () => {
  // One synth for the file (cdk-nag runs inside it: synth throws on any unacknowledged finding).
  const { template } = synthInteractions();
  const bucketId = (prefix: string) => {
    const ids = Object.keys(template.findResources('AWS::S3::Bucket')).filter((id) => id.startsWith(prefix));
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };

  it('reads the CTR stream with partial batch responses, bisect, bounded retries, record age and an S3 on-failure bucket', () => {
    const failureBucket = bucketId('DataCtrFailuresBucket');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: Match.anyValue(),
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 86_400,
      StartingPosition: 'TRIM_HORIZON',
      MetricsConfig: { Metrics: ['EventCount'] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failureBucket, 'Arn'] } } },
    });
  });

  it('keeps failed CTR batches in a KMS-encrypted, TLS-only, versioned, access-logged bucket that expires them', () => {
    const config = loadStageConfig('dev');
    const failureBucket = bucketId('DataCtrFailuresBucket');
    const bucket = template.findResources('AWS::S3::Bucket')[failureBucket]!;
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      ServerSideEncryptionByDefault: {
        SSEAlgorithm: 'aws:kms',
        // The center key (the stack's Key), not an AWS-managed one.
        KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
      },
    });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LoggingConfiguration.LogFilePrefix).toBe('ctr-failures/');
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ ExpirationInDays: config.retention.ctrFailuresDays, Status: 'Enabled' }),
    ]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: failureBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets the CTR processor only put and list in the failure bucket (never read or delete)', () => {
    const failureBucket = bucketId('DataCtrFailuresBucket');
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('CtrProcessor'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[])
      .filter((st) => JSON.stringify(st.Resource).includes(failureBucket));
    const actions = statements.flatMap((st) => [st.Action].flat().map(String));
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:ListBucket']));
    expect(actions.filter((a) => /Get|Delete/.test(a))).toEqual([]);
  });

  it('encrypts the recording failure queue with the center key and refuses plain HTTP', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues).length).toBeGreaterThanOrEqual(1);
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

  it('has no Lambda Function URL: the agent workspace API is behind API Gateway with a JWT authorizer', () => {
    expect(Object.keys(template.findResources('AWS::Lambda::Url'))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::IAM::ManagedPolicy'))).not.toContainEqual(
      expect.stringMatching(/AgentActionsInvoke/),
    );
  });

  it('alarms on iterator age, CTR failures kept or lost, failure queue depth, errors, throttles, abandonment and service level', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const metricNames = alarms.map((a) => a.Properties.MetricName).filter(Boolean);
    expect(metricNames).toEqual(
      expect.arrayContaining([
        'IteratorAge',
        'OnFailureDestinationDeliveredEventCount',
        'DestinationDeliveryFailures',
        'ApproximateNumberOfMessagesVisible',
        'Errors',
        'Throttles',
      ]),
    );
    // The CTR depth alarm is gone: the recording indexer and the agent-event processor fail into queues.
    expect(metricNames.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(2);
    const delivered = alarms.find(
      (a) => a.Properties.MetricName === 'OnFailureDestinationDeliveredEventCount',
    );
    expect(delivered?.Properties.Dimensions).toEqual([
      { Name: 'EventSourceMappingUUID', Value: { Ref: expect.stringMatching(/KinesisEventSource/) } },
    ]);
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

  it('lets erasure list, read, rewrite and delete (every version of) objects in the failure bucket, nothing more', () => {
    const failureBucket = bucketId('DataCtrFailuresBucket');
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('Erasure'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[])
      .filter((st) => JSON.stringify(st.Resource).includes(failureBucket));
    expect(statements.flatMap((st) => [st.Action].flat().map(String)).sort()).toEqual(
      [
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:ListBucket',
        's3:ListBucketVersions',
        's3:PutObject',
      ].sort(),
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CTR_FAILURES_BUCKET: { Ref: failureBucket },
          QUEUE_NAMES: Match.anyValue(),
        }),
      },
    });
  });

  it('gives the erasure function delete rights on recordings versions, campaigns and İYS consents, never DNC entries', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) =>
      JSON.stringify(p.Properties.PolicyDocument),
    );
    // Exact actions (test/infra/permissions.test.ts has the whole row): every version of a recording.
    expect(policies.some((p) => p.includes('"s3:DeleteObjectVersion"'))).toBe(true);
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

describe('agent events infrastructure', () => {
  const { template } = synthInteractions();
  const streamOf = (prefix: string) => {
    const ids = Object.keys(template.findResources('AWS::Kinesis::Stream')).filter((id) =>
      id.startsWith(prefix),
    );
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };
  const functionId = (name: string) => {
    const fns = template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp(name) },
    });
    const ids = Object.keys(fns);
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };

  it('sends AGENT_EVENTS to their own KMS-encrypted stream, never to the CTR stream', () => {
    const ctr = streamOf('ConnectContactTraceRecords');
    const agents = streamOf('ConnectAgentEvents');
    template.hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      ResourceType: 'AGENT_EVENTS',
      KinesisStreamConfig: { StreamArn: { 'Fn::GetAtt': [agents, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      ResourceType: 'CONTACT_TRACE_RECORDS',
      KinesisStreamConfig: { StreamArn: { 'Fn::GetAtt': [ctr, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: {
        EncryptionType: 'KMS',
        KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      },
    });
    for (const id of [ctr, agents])
      expect(
        template.findResources('AWS::Kinesis::Stream')[id]!.Properties.StreamEncryption.EncryptionType,
      ).toBe('KMS');
  });

  it('reads the agent stream only with the agent-event processor, and the CTR stream only with the CTR processor', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => ({
      source: m.Properties.EventSourceArn['Fn::GetAtt'][0],
      fn: m.Properties.FunctionName.Ref,
    }));
    const kinesis = mappings.filter((m) => m.source.startsWith('Connect'));
    expect(kinesis).toEqual(
      expect.arrayContaining([
        {
          source: streamOf('ConnectContactTraceRecords'),
          fn: functionId('contact trace records \\(Kinesis\\)'),
        },
        { source: streamOf('ConnectAgentEvents'), fn: functionId('agent events \\(Kinesis\\)') },
      ]),
    );
    expect(kinesis).toHaveLength(2);
  });

  it('retries agent events boundedly with partial batch responses and a KMS-encrypted failure queue', () => {
    const agentsStream = streamOf('ConnectAgentEvents');
    const queues = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) =>
      id.includes('AgentEventFailures'),
    );
    expect(queues).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [agentsStream, 'Arn'] },
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 86_400,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queues[0]!, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  it('gives the agent-event processor the agents table and nothing of the interactions table', () => {
    const fn = template.findResources('AWS::Lambda::Function')[functionId('agent events \\(Kinesis\\)')]!;
    const env = fn.Properties.Environment.Variables;
    expect(env).toHaveProperty('AGENTS_TABLE');
    expect(env).not.toHaveProperty('INTERACTIONS_TABLE');
  });
});

describe('erasure secret', () => {
  const { template } = synthInteractions();
  it('is a KMS HMAC key that only the erasure function may use, only to generate MACs', () => {
    const keys = Object.entries(template.findResources('AWS::KMS::Key')).filter(
      ([, k]) => k.Properties.KeySpec === 'HMAC_256',
    );
    expect(keys).toHaveLength(1);
    const [id, key] = keys[0]!;
    expect(key.Properties.KeyUsage).toBe('GENERATE_VERIFY_MAC');
    const users = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes(`"${id}"`),
    );
    expect(users).toHaveLength(1);
    const statements = users[0]!.Properties.PolicyDocument.Statement.filter((s: { Resource: unknown }) =>
      JSON.stringify(s.Resource).includes(`"${id}"`),
    );
    expect(statements).toEqual([
      { Action: 'kms:GenerateMac', Effect: 'Allow', Resource: { 'Fn::GetAtt': [id, 'Arn'] } },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Erase'),
      Environment: { Variables: Match.objectLike({ ERASURE_HMAC_KEY_ID: { 'Fn::GetAtt': [id, 'Arn'] } }) },
    });
  });
});
