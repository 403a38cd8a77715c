import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleConfig, synth } from './support.ts';

describe('foundation stack (example config, dev)', () => {
  let template: Template;
  beforeAll(() => {
    template = synth(exampleConfig('dev')).template;
  });

  it('creates the Connect instance from config and retains it on stack deletion', () => {
    template.hasResource('AWS::Connect::Instance', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        InstanceAlias: 'acme-online-store-dev',
        IdentityManagementType: 'CONNECT_MANAGED',
        Attributes: Match.objectLike({ InboundCalls: true, OutboundCalls: true, ContactLens: true }),
      }),
    });
  });

  it('stores call recordings in the KMS-encrypted recordings bucket with the customer-managed key', () => {
    template.hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      ResourceType: 'CALL_RECORDINGS',
      StorageType: 'S3',
      S3Config: Match.objectLike({
        BucketName: { Ref: Match.stringLikeRegexp('DataRecordingsBucket') },
        EncryptionConfig: {
          EncryptionType: 'KMS',
          KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
        },
      }),
    });
  });

  it('streams CTRs and agent events to two Kinesis streams encrypted with the same key, chained one after another', () => {
    const streams = Object.keys(template.findResources('AWS::Kinesis::Stream'));
    const ctrStream = streams.find((id) => id.includes('ContactTraceRecords'));
    const agentStream = streams.find((id) => id.includes('AgentEvents'));
    for (const id of [ctrStream, agentStream])
      expect(template.findResources('AWS::Kinesis::Stream')[id!]!['Properties'].StreamEncryption).toEqual({
        EncryptionType: 'KMS',
        KeyId: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
      });
    const configs = template.findResources('AWS::Connect::InstanceStorageConfig');
    const byType = Object.fromEntries(
      Object.entries(configs).map(([id, r]) => [r['Properties'].ResourceType, { id, r }]),
    );
    // Agent events never reach the CTR consumer (issue 11: every HEART_BEAT was a CTR failure record).
    expect(byType['CONTACT_TRACE_RECORDS']?.r['Properties'].KinesisStreamConfig.StreamArn).toEqual({
      'Fn::GetAtt': [ctrStream, 'Arn'],
    });
    expect(byType['AGENT_EVENTS']?.r['Properties'].KinesisStreamConfig.StreamArn).toEqual({
      'Fn::GetAtt': [agentStream, 'Arn'],
    });
    expect(ctrStream).not.toEqual(agentStream);
    expect(byType['CONTACT_TRACE_RECORDS']?.r['DependsOn']).toContain(byType['CALL_RECORDINGS']?.id);
    expect(byType['AGENT_EVENTS']?.r['DependsOn']).toContain(byType['CONTACT_TRACE_RECORDS']?.id);
  });

  it('turns holidays into closed overrides on the hours of operation, in the hours time zone', () => {
    template.hasResourceProperties('AWS::Connect::HoursOfOperation', {
      Name: 'Main',
      TimeZone: 'America/New_York',
      Config: Match.arrayWith([
        { Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 18, Minutes: 0 } },
        { Day: 'SATURDAY', StartTime: { Hours: 10, Minutes: 0 }, EndTime: { Hours: 14, Minutes: 0 } },
      ]),
      HoursOfOperationOverrides: [
        Match.objectLike({
          OverrideName: 'Christmas Day',
          OverrideType: 'CLOSED',
          EffectiveFrom: '2026-12-25',
          EffectiveTill: '2026-12-25',
        }),
        Match.objectLike({
          OverrideName: "New Year's Day",
          OverrideType: 'CLOSED',
          EffectiveFrom: '2027-01-01',
          EffectiveTill: '2027-01-01',
        }),
      ],
    });
  });

  it('deploys split shifts as two windows a day and yearly holidays as RecurrenceConfig overrides', () => {
    const returns = Object.values(template.findResources('AWS::Connect::HoursOfOperation')).find(
      (r) => r['Properties'].Name === 'Returns',
    )!['Properties'];
    expect(returns.TimeZone).toBe('America/Los_Angeles');
    expect(returns.Config.filter((c: { Day: string }) => c.Day === 'MONDAY')).toEqual([
      { Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 12, Minutes: 0 } },
      { Day: 'MONDAY', StartTime: { Hours: 13, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } },
    ]);
    const byName = new Map(
      returns.HoursOfOperationOverrides.map((o: { OverrideName: string }) => [o.OverrideName, o]),
    );
    expect(byName.get('Memorial Day')).toEqual({
      OverrideName: 'Memorial Day',
      OverrideDescription: 'Memorial Day (every year last MONDAY of MAY): closed',
      OverrideType: 'CLOSED',
      EffectiveFrom: '2026-01-01',
      EffectiveTill: '2035-12-31',
      OverrideConfig: [
        { Day: 'MONDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } },
      ],
      RecurrenceConfig: {
        RecurrencePattern: { Frequency: 'YEARLY', Interval: 1, ByMonth: [5], ByWeekdayOccurrence: [-1] },
      },
    });
    const christmas = byName.get('Christmas Day') as Record<string, { Day: string }[] | unknown>;
    expect(christmas['RecurrenceConfig']).toEqual({
      RecurrencePattern: { Frequency: 'YEARLY', Interval: 1, ByMonth: [12], ByMonthDay: [25] },
    });
    // A yearly date falls on any weekday: the closed slice is listed for all seven.
    expect((christmas['OverrideConfig'] as { Day: string }[]).map((c) => c.Day)).toHaveLength(7);
    expect(byName.get('Christmas Eve')).toMatchObject({
      OverrideType: 'OPEN',
      EffectiveFrom: '2026-12-24',
      EffectiveTill: '2026-12-24',
      OverrideConfig: [
        { Day: 'THURSDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 12, Minutes: 0 } },
      ],
    });
    expect(byName.get('Year-end stocktake')).toMatchObject({
      OverrideType: 'CLOSED',
      EffectiveFrom: '2026-12-28',
      EffectiveTill: '2026-12-31',
      OverrideConfig: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY'].map((Day) => ({
        Day,
        StartTime: { Hours: 0, Minutes: 0 },
        EndTime: { Hours: 0, Minutes: 0 },
      })),
    });
  });

  it('creates the configured queues on their hours with outbound caller id, routing profiles and quick connects', () => {
    for (const name of ['Support', 'Orders', 'Billing']) {
      template.hasResourceProperties('AWS::Connect::Queue', {
        Name: name,
        HoursOfOperationArn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('RoutingHoursMain'), 'HoursOfOperationArn'],
        },
        OutboundCallerConfig: Match.objectLike({
          OutboundCallerIdNumberArn: { 'Fn::GetAtt': [Match.anyValue(), 'PhoneNumberArn'] },
        }),
      });
    }
    template.hasResourceProperties('AWS::Connect::RoutingProfile', {
      Name: 'Customer Care',
      MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
      QueueConfigs: Match.arrayWith([
        Match.objectLike({ Priority: 1, QueueReference: Match.objectLike({ Channel: 'VOICE' }) }),
      ]),
    });
    template.hasResourceProperties('AWS::Connect::QuickConnect', {
      Name: 'To Support',
      QuickConnectConfig: Match.objectLike({
        QuickConnectType: 'QUEUE',
        QueueConfig: Match.objectLike({ ContactFlowArn: Match.anyValue() }),
      }),
    });
    const qcs = Object.values(template.findResources('Custom::QueueQuickConnects'));
    // One association per configured queue: quick connects are attached to every queue.
    expect(qcs).toHaveLength(exampleConfig('dev').queues.length);
    for (const r of qcs)
      expect(r['Properties'].QuickConnectArns).toHaveLength(exampleConfig('dev').quickConnects.length);
  });

  it('claims the phone number with RETAIN and associates it with its flow through the custom resource', () => {
    template.hasResource('AWS::Connect::PhoneNumber', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ CountryCode: 'US', Type: 'DID', Prefix: '+1206' }),
    });
    const flows = template.findResources('AWS::Connect::ContactFlow', {
      Properties: { Name: 'inbound-main' },
    });
    const flowId = Object.keys(flows)[0]!;
    expect(flows[flowId]!['Properties'].Type).toBe('CONTACT_FLOW');
    template.hasResourceProperties('Custom::PhoneNumberContactFlow', {
      PhoneNumberArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('TelephonyNumberMainLine'), 'PhoneNumberArn'] },
      ContactFlowArn: { 'Fn::GetAtt': [flowId, 'ContactFlowArn'] },
    });
  });

  it('keeps every table on demand, with point-in-time recovery and the customer-managed key, retained', () => {
    const tables = template.findResources('AWS::DynamoDB::GlobalTable');
    expect(Object.keys(tables).length).toBeGreaterThanOrEqual(5);
    for (const t of Object.values(tables)) {
      expect(t['DeletionPolicy']).toBe('Retain');
      expect(t['Properties'].BillingMode).toBe('PAY_PER_REQUEST');
      expect(t['Properties'].SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      for (const r of t['Properties'].Replicas) {
        expect(r.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
        expect(r.DeletionProtectionEnabled).toBe(false);
      }
    }
  });

  it('encrypts data buckets with KMS, blocks public access, versions them, logs access and denies non-TLS requests', () => {
    const buckets = template.findResources('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
            }),
          ],
        },
      },
    });
    // recordings, imports, evidence, ctr-failures (access logs use S3-managed keys: log delivery cannot use KMS).
    expect(Object.keys(buckets)).toHaveLength(4);
    for (const b of Object.values(buckets)) {
      expect(b['Properties'].PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b['Properties'].VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b['Properties'].LoggingConfiguration.DestinationBucketName).toBeDefined();
    }
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies.length).toBeGreaterThanOrEqual(4);
    for (const p of policies) {
      expect(p['Properties'].PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('expires recordings after the configured retention and moves them to infrequent access first', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Id: 'recordings-retention',
            ExpirationInDays: 365,
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          }),
        ]),
      },
    });
  });

  it('lets the key be used by Connect only for this instance and account', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'connect.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });
});

describe('stage variants', () => {
  it('prod turns on deletion protection and object lock for evidence', () => {
    const { template } = synth(exampleConfig('prod'));
    for (const t of Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))) {
      for (const r of t['Properties'].Replicas) expect(r.DeletionProtectionEnabled).toBe(true);
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1825 } },
      },
    });
  });

  it('imports an existing instance by ARN instead of creating one', () => {
    const config = exampleConfig('dev');
    const arn = 'arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    // The agent workspace frames the app only from that instance's domain: an import names its alias.
    config.instance = { import: { arn, alias: 'acme-existing' } };
    const { template } = synth(config);
    template.resourceCountIs('AWS::Connect::Instance', 0);
    // AssociateInstanceStorageConfig is a first-time association: an existing instance keeps its storage.
    template.resourceCountIs('AWS::Connect::InstanceStorageConfig', 0);
    template.hasResourceProperties('AWS::Connect::Queue', { InstanceArn: arn, Name: 'Support' });
  });

  it('creates on an imported instance only the storage configs instance.import.manageStorage lists', () => {
    const config = exampleConfig('dev');
    const arn = 'arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    config.instance = { import: { arn, alias: 'acme-existing', manageStorage: ['CONTACT_TRACE_RECORDS'] } };
    const { template } = synth(config);
    const storage = Object.values(template.findResources('AWS::Connect::InstanceStorageConfig'));
    expect(storage.map((r) => r['Properties'].ResourceType)).toEqual(['CONTACT_TRACE_RECORDS']);
    expect(storage[0]?.['Properties'].InstanceArn).toBe(arn);
  });
});
