/**
 * The Amazon Connect instance — created (and retained forever: instance create/delete is throttled over
 * 30 days) or imported by ARN — with its storage: call recordings to the KMS-encrypted recordings bucket,
 * contact trace records to one Kinesis stream and agent events to another, both encrypted with the same
 * customer-managed key (Connect can publish to an SSE stream only with a key it already uses). Agent events
 * have their own stream so the CTR consumer never sees them: every logged-in agent emits a HEART_BEAT each
 * 120 s, which the CTR parser would reject and send, batch after batch, to the CTR failure bucket. Storage configs are chained one
 * after another so Connect's ~2 RPS API limit is not hit by parallel creation.
 */
import {
  Annotations,
  Arn,
  ArnFormat,
  type CfnResource,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type ContactCenterConfig, flowLogGroupOf, instanceAlias } from '#shared/config/schema.ts';
import { callRecordingsPrefix } from '#shared/interactions/recording-layout.ts';

/** The storage configs Santral can own (AWS::Connect::InstanceStorageConfig ResourceType). */
export const STORAGE_RESOURCE_TYPES = ['CALL_RECORDINGS', 'CONTACT_TRACE_RECORDS', 'AGENT_EVENTS'] as const;
export type StorageResourceType = (typeof STORAGE_RESOURCE_TYPES)[number];

export interface ConnectInstanceProps {
  config: ContactCenterConfig;
  key: kms.IKey;
  recordingsBucket: s3.IBucket;
}

export class ConnectInstance extends Construct {
  /** The instance ARN (a token for a created instance). */
  readonly instanceArn: string;
  /** The instance id (the ARN's last segment). */
  readonly instanceId: string;
  readonly key: kms.IKey;
  /** Connect's flow-log group, when the instance alias is known (created, retained by the stack). */
  readonly flowLogs?: logs.LogGroup;
  /** CTRs only. Retention outlives the processor's max record age so failures can be replayed. */
  readonly ctrStream: kinesis.Stream;
  /** Agent events only (LOGIN, LOGOUT, STATE_CHANGE, HEART_BEAT), read by the agent-event processor. */
  readonly agentEventStream: kinesis.Stream;
  /** Set when the instance is created here (undefined for an imported instance). */
  readonly cfnInstance?: connect.CfnInstance;
  /** The last storage config; later Connect resources depend on it to stay under the API rate. */
  readonly lastStorageConfig: CfnResource;

  constructor(scope: Construct, id: string, props: ConnectInstanceProps) {
    super(scope, id);
    const { config, key, recordingsBucket } = props;
    this.key = key;

    if (config.instance.create) {
      const c = config.instance.create;
      const instance = new connect.CfnInstance(this, 'Instance', {
        instanceAlias: c.alias,
        identityManagementType: c.identityManagement,
        ...(c.directoryId ? { directoryId: c.directoryId } : {}),
        attributes: {
          inboundCalls: c.inboundCalls,
          outboundCalls: c.outboundCalls,
          contactLens: c.contactLens,
          contactflowLogs: c.contactFlowLogs,
          autoResolveBestVoices: true,
          earlyMedia: true,
        },
      });
      // Never churn the instance: deleting it would release numbers and history with it.
      instance.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.cfnInstance = instance;
      this.instanceArn = instance.attrArn;
    } else {
      this.instanceArn = config.instance.import!.arn;
    }
    this.instanceId = Arn.split(this.instanceArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;

    // cdk-nag KDS3 prefers the AWS-managed aws/kinesis key; Connect can only publish to an encrypted stream
    // with a customer-managed key it already uses (the recordings key), so the stream uses ours.
    const stream = (id: string, what: string) => {
      const s = new kinesis.Stream(this, id, {
        encryption: kinesis.StreamEncryption.KMS,
        encryptionKey: key,
        streamMode: kinesis.StreamMode.ON_DEMAND,
        // 7 days: longer than the processors' max record age (1 day) plus time to react and replay.
        retentionPeriod: Duration.days(7),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(s).acknowledge({
        id: 'AwsSolutions-KDS3',
        reason: `Connect can publish ${what} only to a stream encrypted with the customer-managed key it uses for recordings; the AWS-managed aws/kinesis key cannot be used.`,
      });
      return s;
    };
    this.ctrStream = stream('ContactTraceRecords', 'contact trace records');
    this.agentEventStream = stream('AgentEvents', 'agent events');

    // Connect writes recordings and CTRs with the key: allow the service, scoped to this instance.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowConnectForThisInstance',
        principals: [new iam.ServicePrincipal('connect.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': this.instanceArn },
        },
      }),
    );

    // Connect writes flow logs (caller numbers, names, contact attributes) to `/aws/connect/<instance alias>`
    // and creates that group itself, without retention, when it does not exist
    // (https://docs.aws.amazon.com/connect/latest/adminguide/contact-flow-logs-stored-in-cloudwatch.html).
    // The stack creates it first: retained per `retention.flowLogsDays`, encrypted with the center key.
    const flowLogGroup = flowLogGroupOf(config);
    if (flowLogGroup?.mode === 'existing') {
      Annotations.of(this).addWarningV2(
        'santral:flowLogsExisting',
        `instance.import.flowLogGroup is "existing": the stack leaves ${flowLogGroup.name} as it is, so its retention is yours to set (aws logs put-retention-policy --log-group-name ${flowLogGroup.name} --retention-in-days ${flowLogGroup.retentionDays}); santral preflight --deployed checks it`,
      );
    } else if (flowLogGroup) {
      const name = flowLogGroup.name;
      this.flowLogs = new logs.LogGroup(this, 'FlowLogs', {
        logGroupName: name,
        retention: config.retention.flowLogsDays as logs.RetentionDays,
        encryptionKey: key,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // CloudWatch Logs encrypts with the key only for this log group (encryption context condition).
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowLogsForConnectFlowLogs',
          principals: [new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`)],
          actions: [
            'kms:Encrypt',
            'kms:Decrypt',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:DescribeKey',
          ],
          resources: ['*'],
          conditions: {
            ArnEquals: {
              'kms:EncryptionContext:aws:logs:arn': Stack.of(this).formatArn({
                service: 'logs',
                resource: 'log-group',
                resourceName: name,
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            },
          },
        }),
      );
    } else {
      Annotations.of(this).addWarningV2(
        'santral:flowLogsUnmanaged',
        'instance.import has no alias: the stack cannot create /aws/connect/<alias>, so Connect’s flow logs keep no retention; add instance.import.alias.',
      );
    }

    // A created instance gets all three; an imported one only what `instance.import.manageStorage` lists
    // (default none: its existing storage stays as the console set it up).
    const managed = new Set<StorageResourceType>(
      config.instance.create ? STORAGE_RESOURCE_TYPES : (config.instance.import?.manageStorage ?? []),
    );
    const storage: connect.CfnInstanceStorageConfig[] = [];
    if (managed.has('CALL_RECORDINGS'))
      storage.push(
        new connect.CfnInstanceStorageConfig(this, 'CallRecordingsStorage', {
          instanceArn: this.instanceArn,
          resourceType: 'CALL_RECORDINGS',
          storageType: 'S3',
          s3Config: {
            bucketName: recordingsBucket.bucketName,
            // One layout with the indexer, erasure, demo data and tests (recording-layout.ts): Connect writes
            // <BucketPrefix>/YYYY/MM/DD/<ContactId>_<stamp>_UTC.wav, Contact Lens <root>/Analysis/Voice/….
            bucketPrefix: callRecordingsPrefix(instanceAlias(config) ?? `santral-${config.stage}`),
            encryptionConfig: { encryptionType: 'KMS', keyId: key.keyArn },
          },
        }),
      );
    if (managed.has('CONTACT_TRACE_RECORDS'))
      storage.push(
        new connect.CfnInstanceStorageConfig(this, 'ContactTraceRecordsStorage', {
          instanceArn: this.instanceArn,
          resourceType: 'CONTACT_TRACE_RECORDS',
          storageType: 'KINESIS_STREAM',
          kinesisStreamConfig: { streamArn: this.ctrStream.streamArn },
        }),
      );
    if (managed.has('AGENT_EVENTS'))
      storage.push(
        new connect.CfnInstanceStorageConfig(this, 'AgentEventsStorage', {
          instanceArn: this.instanceArn,
          resourceType: 'AGENT_EVENTS',
          storageType: 'KINESIS_STREAM',
          kinesisStreamConfig: { streamArn: this.agentEventStream.streamArn },
        }),
      );
    const unmanaged = STORAGE_RESOURCE_TYPES.filter((t) => !managed.has(t));
    if (unmanaged.length > 0)
      Annotations.of(this).addWarningV2(
        'santral:storageUnmanaged',
        `instance.import: Santral does not manage ${unmanaged.join(', ')} storage on this instance (instance.import.manageStorage); recordings, CTRs and agent events reach Santral's bucket and streams only for the types listed there — run \`santral preflight --deployed\` to see what the instance has.`,
      );
    // Chained: parallel creation of Connect resources hits TooManyRequestsException (~2 RPS per API).
    for (let i = 1; i < storage.length; i++) storage[i]!.addResourceDependency(storage[i - 1]!);
    // Without any storage config of ours, later resources wait for the CTR stream (always ours) instead.
    this.lastStorageConfig = storage.at(-1) ?? (this.ctrStream.node.defaultChild as CfnResource);
    const agentEvents = this.lastStorageConfig;
    // The flow-log group exists before anything that lets a call in (numbers, flows and functions wait for the
    // last storage config), so Connect never creates its own unmanaged group first. (Not the instance itself:
    // the key policy names the instance, the group uses the key.)
    if (this.flowLogs) agentEvents.node.addDependency(this.flowLogs);
  }
}
