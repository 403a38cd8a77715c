/**
 * Interactions capability: the CTR pipeline (Kinesis → ctr-processor), the recording indexer (S3
 * object-created on the recordings bucket) and the erasure function. (The agent workspace's API is its own
 * capability: infra/constructs/agent-api.ts.) No business logic here: the functions call shared/interactions.
 *
 * CTR event source mapping — Kinesis retries forever by default and one poison record would block its shard:
 * partial batch responses (reportBatchItemFailures) + bisectBatchOnError isolate the bad record, retries are
 * bounded (retryAttempts 3) and records expire after maxRecordAge (1 day); what still fails goes to the
 * S3 on-failure destination (the `ctr-failures` bucket of DataStores). Unlike SQS/SNS destinations, which
 * receive only pointers (shard id, sequence-number range) and need the stream to still hold the records, an
 * S3 destination stores the whole invocation (the original Kinesis event, in the object's `payload`), so a
 * fixed poison record can be replayed any time within retention.ctrFailuresDays with `santral ctr replay`
 * (shared/interactions/replay.ts). Alarms: records delivered to the destination (event source mapping
 * metric OnFailureDestinationDeliveredEventCount) and records Lambda could not even deliver there
 * (DestinationDeliveryFailures).
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { BUCKETS } from '#shared/data/tables.ts';
import { ConnectFunction } from './connect-function.ts';
import type { ConnectInstance } from './connect-instance.ts';
import type { DataStores } from './data-stores.ts';
import { acknowledgeWildcards, nagRef } from './nag.ts';
import { InteractionsObservability } from './observability.ts';

export interface InteractionsProps {
  config: ContactCenterConfig;
  data: DataStores;
  instance: ConnectInstance;
  /** CTR records per batch (1–10,000); smaller batches shorten a poison record's bisect. */
  ctrBatchSize?: number;
  /** Retries of a failing CTR batch before its records go to the on-failure bucket (0–10,000). */
  ctrRetryAttempts?: number;
  /** Records older than this are not retried but sent to the on-failure bucket (1 min – 7 days). */
  ctrMaxRecordAge?: Duration;
}

export class Interactions extends Construct {
  readonly ctrProcessor: ConnectFunction;
  readonly recordingIndexer: ConnectFunction;
  readonly erasure: ConnectFunction;
  /**
   * The erasure secret: an HMAC key in KMS (key material never leaves KMS). The erasure record's subject hash
   * and the anonymised contacts' ids are HMACs under it, so nothing in the tables can be recomputed from a
   * phone number without it. Only the erasure function may use it, and only for kms:GenerateMac.
   */
  readonly erasureHmacKey: kms.Key;
  /** Where Lambda writes CTR batches it gave up on (whole records; `santral ctr replay` reads them). */
  readonly ctrFailures: s3.IBucket;
  readonly ctrEventSource: KinesisEventSource;
  readonly recordingFailures: sqs.Queue;
  /** Agent events (their own stream) → agents' current state and time per quarter hour. */
  readonly agentEventProcessor: ConnectFunction;
  readonly agentEventSource: KinesisEventSource;
  /** Pointers (shard, sequence range) to agent-event records the processor gave up on; the stream keeps them 7 days. */
  readonly agentEventFailures: sqs.Queue;
  readonly observability: InteractionsObservability;

  constructor(scope: Construct, id: string, props: InteractionsProps) {
    super(scope, id);
    const { config, data, instance } = props;
    const retryAttempts = props.ctrRetryAttempts ?? 3;
    const maxRecordAge = props.ctrMaxRecordAge ?? Duration.days(1);
    if (maxRecordAge.toSeconds() >= Duration.days(7).toSeconds()) {
      throw new Error(
        `Interactions: ctrMaxRecordAge (${maxRecordAge.toHumanString()}) must be shorter than the CTR stream's 7-day retention, or records expire from the stream before they reach the on-failure bucket`,
      );
    }

    const failureQueue = (name: string) =>
      new sqs.Queue(this, name, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: data.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
    this.recordingFailures = failureQueue('RecordingIndexFailures');
    this.agentEventFailures = failureQueue('AgentEventFailures');
    for (const q of [this.recordingFailures, this.agentEventFailures]) {
      Validations.of(q).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the on-failure destination (dead-letter) of a Lambda; it is drained by operators, not consumed.',
      });
    }
    this.ctrFailures = data.buckets['ctr-failures'];

    // CTR pipeline.
    this.ctrProcessor = new ConnectFunction(this, 'CtrProcessor', {
      name: 'ctr-processor',
      description: 'Connect contact trace records (Kinesis) → interactions table',
      timeout: Duration.seconds(60),
      environment: {
        SERVICE_LEVEL_SECONDS: String(config.kpi.serviceLevelSeconds),
        // Trailing FCR on the dashboard (shared/kpi/dashboard-metrics.ts): a repeat within this many days.
        FCR_DAYS: String(config.kpi.fcrDays),
        // retainUntil (the interactions table's TTL) = contact initiation + this many days.
        INTERACTIONS_RETENTION_DAYS: String(config.retention.interactionsDays),
      },
    });
    // Conditional upserts of the contact and its recording link; a connected callback deletes its pending marker;
    // the customer's recent contacts (gsi2 query) for the dashboard's trailing FCR (shared/kpi/dashboard-metrics.ts).
    data.grantTable('interactions', this.ctrProcessor.fn, 'update', 'delete', 'query');
    // Sticky routing: the processor notes the last agent per customer number in the customers table.
    data.grantTable('customers', this.ctrProcessor.fn, 'update');
    // Both Connect streams are read the same way: in shard order, failed records bisected and reported one by one,
    // retried a bounded number of times; only where a batch goes after the last retry differs.
    const streamReading = {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.ctrBatchSize ?? 100,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts,
      maxRecordAge,
      parallelizationFactor: 1,
    };
    this.ctrEventSource = new KinesisEventSource(instance.ctrStream, {
      ...streamReading,
      onFailure: new S3FailureDestination(this.ctrFailures, data.key),
      // Publishes OnFailureDestinationDeliveredEventCount (the "records went to the bucket" alarm).
      metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
    });
    this.ctrProcessor.fn.addEventSource(this.ctrEventSource);
    acknowledgeWildcards(
      this.ctrProcessor,
      [`Resource::${nagRef(this.ctrFailures.node.defaultChild as CfnElement)}/*`],
      'Lambda writes failed CTR batches as new objects under keys it generates (aws/lambda/<mapping>/<shard>/<date>/…) in the dedicated ctr-failures bucket; put-only, scoped to that bucket.',
    );

    // Agent events: their own stream (ConnectInstance), their own processor and failure queue.
    this.agentEventProcessor = new ConnectFunction(this, 'AgentEventProcessor', {
      name: 'agent-event-processor',
      description: "Connect agent events (Kinesis) → agents' current state and time per quarter hour",
      timeout: Duration.seconds(60),
    });
    // Conditional updates of the agent's state and its quarter-hour segments; nothing read, nothing deleted.
    data.grantTable('agents', this.agentEventProcessor.fn, 'update');
    this.agentEventSource = new KinesisEventSource(instance.agentEventStream, {
      ...streamReading,
      onFailure: new SqsDlq(this.agentEventFailures),
    });
    this.agentEventProcessor.fn.addEventSource(this.agentEventSource);
    acknowledgeWildcards(
      this.agentEventProcessor,
      ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      'CDK’s SQS on-failure destination grants SendMessage with the data-key actions of the queue’s key (the center key), on that one key only.',
    );

    // Recording indexer: asynchronous S3 notifications, bounded retries, failures kept in a queue.
    this.recordingIndexer = new ConnectFunction(this, 'RecordingIndexer', {
      name: 'recording-indexer',
      description: 'S3 object-created on the recordings bucket → link the recording to its interaction',
      timeout: Duration.seconds(30),
    });
    // Links the recording to its contact (conditional updates only).
    data.grantTable('interactions', this.recordingIndexer.fn, 'update');
    this.recordingIndexer.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.recordingFailures),
    });
    acknowledgeWildcards(
      this.recordingIndexer,
      ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      'CDK’s SQS on-failure destination grants SendMessage with the data-key actions of the queue’s key (the center key), on that one key only.',
    );
    data.buckets.recordings.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(this.recordingIndexer.fn),
      { suffix: '.wav' },
    );
    acknowledgeBucketNotificationsHandler(Stack.of(this));

    // Erasure (GDPR / KVKK): invoked by operators with IAM; long-running scans and deletes.
    this.erasure = new ConnectFunction(this, 'Erasure', {
      name: 'erasure',
      description:
        'Erase a person’s data by phone number (profile, interactions, notes, surveys, recordings)',
      timeout: Duration.minutes(10),
      memorySize: 1024,
      environment: {
        QUEUE_NAMES: JSON.stringify(config.queues.map((q) => q.name)),
        // An anonymised contact keeps its TTL (retainUntil), or gets initiation + this many days.
        INTERACTIONS_RETENTION_DAYS: String(config.retention.interactionsDays),
      },
      reservedConcurrentExecutions: 2,
    });
    this.erasureHmacKey = new kms.Key(this, 'ErasureHmacKey', {
      description:
        'Santral erasure secret: HMAC of erased subjects (erasure records, anonymised contact ids)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      // Losing it would make past erasure records unverifiable; it protects no data at rest.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.erasureHmacKey).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason:
        'An HMAC key (HMAC_256, GENERATE_VERIFY_MAC): KMS automatic key rotation applies to symmetric encryption keys only, and rotating it would break verification of past erasure records.',
    });
    this.erasure.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [this.erasureHmacKey.keyArn] }),
    );
    this.erasure.fn.addEnvironment('ERASURE_HMAC_KEY_ID', this.erasureHmacKey.keyArn);
    // Profiles are found by a scan (numbers live inside the profile) and deleted in batches.
    data.grantTable('customers', this.erasure.fn, 'scan', 'batchDelete');
    // Contacts, notes, callbacks by query; deleted in batches; the erasure record is put.
    data.grantTable('interactions', this.erasure.fn, 'query', 'put', 'batchDelete');
    // Campaign targets and attempt-ledger entries of the person are erased; evidence is only counted (kept).
    data.grantTable('campaigns', this.erasure.fn, 'query', 'batchDelete');
    data.grantTable('evidence', this.erasure.fn, 'query');
    // The DNC entry is read (kept); consents are queried (deleted below, CONSENT# keys only).
    data.grantTable('dnc', this.erasure.fn, 'get', 'query');
    // İYS approvals (pk CONSENT#…) are erased; DNC entries (pk DNC#…) can never be: deletes are limited to
    // CONSENT# partition keys.
    this.erasure.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:BatchWriteItem'],
        resources: [data.tables.dnc.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CONSENT#*'] } },
      }),
    );
    // Recordings: every version of the person's recordings is listed and deleted; never read or written.
    data.grantBucket('recordings', this.erasure.fn, 'listAndDelete');
    // Failed CTR batches hold raw CTRs with the person's number: erasure rewrites or deletes those objects and
    // deletes every older version (the bucket is versioned). Exactly these actions, on this bucket only.
    this.erasure.fn.addEnvironment(BUCKETS['ctr-failures'].envVar, this.ctrFailures.bucketName);
    this.erasure.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: [this.ctrFailures.bucketArn],
      }),
    );
    this.erasure.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:PutObject',
          's3:DeleteObject',
          's3:DeleteObjectVersion',
        ],
        resources: [this.ctrFailures.arnForObjects('*')],
      }),
    );
    data.key.grant(this.erasure.fn, 'kms:Decrypt', 'kms:GenerateDataKey');
    acknowledgeWildcards(
      this.erasure,
      [`Resource::${nagRef(this.ctrFailures.node.defaultChild as CfnElement)}/*`],
      'Erasure reads every failed CTR batch in the dedicated ctr-failures bucket (object keys are generated by Lambda) and rewrites or deletes, with all their versions, those holding the erased person’s records; named object actions only, scoped to that bucket.',
    );
    // Connect keeps its own contact records 24 months: erasure blanks the person's contact attributes there.
    this.erasure.fn.addEnvironment('CONNECT_INSTANCE_ID', instance.instanceId);
    this.erasure.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:UpdateContactAttributes'],
        resources: [`${instance.instanceArn}/contact/*`],
      }),
    );
    const instanceRef = instance.cfnInstance ? nagRef(instance.cfnInstance) : instance.instanceArn;
    acknowledgeWildcards(
      this.erasure,
      [`Resource::${instanceRef}/contact/*`],
      'Erasure updates attributes of the erased person’s contacts, whose ids are only known at run time; scoped to this instance’s contacts.',
    );

    this.observability = new InteractionsObservability(this, 'Observability', {
      config,
      ctrProcessor: this.ctrProcessor.fn,
      functions: [
        this.ctrProcessor.fn,
        this.agentEventProcessor.fn,
        this.recordingIndexer.fn,
        this.erasure.fn,
      ],
      failureQueues: [this.recordingFailures, this.agentEventFailures],
      ctrEventSourceMappingId: this.ctrEventSource.eventSourceMappingId,
      key: data.key,
    });
  }
}

/**
 * Event source mapping on-failure destination in an S3 bucket, with only what Lambda needs to write there:
 * s3:PutObject (+ kms:GenerateDataKey on the bucket key, via grantPut) and s3:ListBucket
 * (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html). CDK's
 * S3OnFailureDestination grants read/write on the whole bucket instead, and the CTR processor never reads
 * or deletes failure objects.
 */
class S3FailureDestination implements lambda.IEventSourceDlq {
  constructor(
    private readonly bucket: s3.IBucket,
    private readonly key: kms.IKey,
  ) {}

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    targetHandler.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    this.key.grant(targetHandler, 'kms:GenerateDataKey');
    targetHandler.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    return { destination: this.bucket.bucketArn };
  }
}

/**
 * S3 event notifications are configured by CDK's own singleton custom resource (BucketNotificationsHandler);
 * its role, managed policy and runtime are defined by aws-cdk-lib, not by us.
 */
function acknowledgeBucketNotificationsHandler(stack: Stack): void {
  const handler = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
  if (!handler) return;
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'aws-cdk-lib’s BucketNotificationsHandler singleton: the managed basic execution role only lets it write its own logs.',
    },
    {
      id: 'AwsSolutions-L1',
      reason:
        'The BucketNotificationsHandler singleton’s runtime is pinned by aws-cdk-lib; it runs only at deployment.',
    },
  );
}
