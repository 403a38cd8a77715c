/**
 * Outbound campaigns with DNC compliance (issue 7):
 * - campaign-dialer: a Lambda on an EventBridge schedule (every minute), reserved concurrency 1 so ticks never
 *   overlap (the token bucket is then the account-wide dial rate). Reads/writes the campaigns, dnc and
 *   evidence tables, reads the registry bitsets; may start outbound contacts and read queue metrics on this
 *   instance only.
 * - campaign-ingest: S3 object-created under `campaigns/` in the imports bucket → scrub + dial queue.
 * - dnc-import: registry import; a Step Functions distributed map runs it once per area-code file of a full
 *   registry download (`stage`), then once more to switch the manifest (`commit`).
 * Everything is on the center's KMS key; buckets are TLS-only (DataStores); grants are least privilege.
 */
import { type CfnElement, Duration, Fn, Lazy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { evidenceRetentionDays, REGISTRY_IMPORT_PREFIXES } from '#shared/data/tables.ts';
import { ConnectFunction } from './connect-function.ts';
import type { ConnectInstance } from './connect-instance.ts';
import type { DataStores } from './data-stores.ts';
import { acknowledgeWildcards, nagRef } from './nag.ts';
import type { Routing } from './routing.ts';

export interface OutboundProps {
  config: ContactCenterConfig;
  data: DataStores;
  instance: ConnectInstance;
  routing: Routing;
  /** ARN of a contact flow by file name (resolved lazily: flows are created after this construct). */
  flowArn: (name: string) => string;
  /** Flows campaigns may use (default: outbound-whisper). */
  campaignFlows?: string[];
  /** Dialer schedule (default every minute). */
  schedule?: events.Schedule;
  /**
   * Also archive every evidence record to the evidence bucket (default: when the config turns on object
   * lock for it, so the 5-year records are tamper-proof).
   */
  archiveEvidence?: boolean;
}

/** Where the dialer archives evidence records in the evidence bucket (DynamoEvidenceStore's key layout). */
const EVIDENCE_ARCHIVE_PREFIX = 'evidence/';

/** `arn:…:instance/<id>/queue/<queueId>` → `<queueId>` (a CloudFormation-side split of the ARN). */
const lastId = (arn: string) => Fn.select(3, Fn.split('/', arn));

export class Outbound extends Construct {
  readonly dialer: ConnectFunction;
  readonly ingest: ConnectFunction;
  readonly dncImport: ConnectFunction;
  readonly registryImport: sfn.StateMachine;
  /** Campaign-list S3 events the ingest gave up on (after Lambda's two retries). */
  readonly ingestFailures: sqs.Queue;
  readonly ingestFailuresAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OutboundProps) {
    super(scope, id);
    const { config, data, instance, routing } = props;
    const flows = props.campaignFlows ?? ['outbound-whisper'];
    if (flows.length === 0) throw new Error('Outbound: campaignFlows must name at least one flow');
    const settings = JSON.stringify(config.outbound);
    const archive = props.archiveEvidence ?? config.retention.evidenceObjectLock;
    const queueIds = () =>
      Stack.of(this).toJsonString(
        Object.fromEntries(config.queues.map((q) => [q.name, lastId(routing.queueArn(q.name))])),
      );
    const flowIds = () =>
      Stack.of(this).toJsonString(Object.fromEntries(flows.map((f) => [f, lastId(props.flowArn(f))])));

    // ---- dialer
    this.dialer = new ConnectFunction(this, 'Dialer', {
      name: 'campaign-dialer',
      description: 'Outbound campaign dialer tick: dial-time DNC/window/cap gate, attempt ledger, evidence',
      timeout: Duration.seconds(60),
      memorySize: 1024,
      reservedConcurrentExecutions: 1,
      environment: {
        OUTBOUND_SETTINGS: settings,
        CONNECT_INSTANCE_ID: instance.instanceId,
        ARCHIVE_EVIDENCE: String(archive),
        // The evidence table's TTL (expiresAt) = decision + evidenceYears × 365 + margin days.
        EVIDENCE_RETENTION_DAYS: String(evidenceRetentionDays(config.retention.evidenceYears)),
      },
    });
    // Lazy: the flows are created after this construct in the stack.
    this.dialer.fn.addEnvironment('QUEUE_IDS', Lazy.string({ produce: queueIds }));
    this.dialer.fn.addEnvironment('CONTACT_FLOW_IDS', Lazy.string({ produce: flowIds }));
    // Campaign, due/in-flight queries (gsi1, gsi2), targets and ledger entries put, caps and attempts updated.
    data.grantTable('campaigns', this.dialer.fn, 'read', 'put', 'update');
    // The internal list and İYS consents: strongly consistent GetItem per dial.
    data.grantTable('dnc', this.dialer.fn, 'get');
    // Evidence is only ever added (conditional put, before the call) and read back by key on a restart (did the
    // decision of a crashed reservation reach the table?); the one later write is the contact link, which IAM
    // limits to the contactId attribute: the dialer can neither change a decision nor delete a record.
    data.grantTable('evidence', this.dialer.fn, 'append');
    data.grantAttributeUpdate('evidence', this.dialer.fn, ['contactId']);
    // Agents' dispositions of campaign calls (GetItem) → attempt outcome and conversion.
    data.grantTable('interactions', this.dialer.fn, 'get');
    // Registry bitsets and manifests (read); evidence archives are new objects under evidence/ only (object
    // lock keeps them): no delete, no overwrite of registry data, no legal holds.
    data.grantBucket(
      'evidence',
      this.dialer.fn,
      { read: 'registry/' },
      ...(archive ? [{ put: `${EVIDENCE_ARCHIVE_PREFIX}` }] : []),
    );
    this.dialer.fn.addToRolePolicy(
      new iam.PolicyStatement({
        // Start the call; DescribeContact settles it (end, AMD status) on the next tick.
        actions: ['connect:StartOutboundVoiceContact', 'connect:DescribeContact'],
        resources: [`${instance.instanceArn}/contact/*`],
      }),
    );
    this.dialer.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:GetCurrentMetricData'],
        resources: [instance.instanceArn, `${instance.instanceArn}/queue/*`],
      }),
    );
    // A tick is only worth running now: no retries, and an event older than a minute is dropped (the next tick
    // comes anyway) — stale ticks never queue up behind a slow one.
    this.dialer.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.seconds(60) });
    new events.Rule(this, 'DialerSchedule', {
      description: 'Santral campaign dialer tick',
      schedule: props.schedule ?? events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.dialer.fn, { retryAttempts: 0 })],
    });

    // ---- list ingest
    this.ingest = new ConnectFunction(this, 'Ingest', {
      name: 'campaign-ingest',
      description: 'Campaign list ingest: streaming CSV scrub into the dial queue',
      timeout: Duration.minutes(15),
      memorySize: 2048,
      environment: { OUTBOUND_SETTINGS: settings },
      // A burst of uploads cannot flood the campaigns table or starve the dialer's concurrency.
      reservedConcurrentExecutions: 2,
    });
    // S3 invokes asynchronously: a list that still fails after Lambda's retries lands in this queue (its S3
    // event: bucket + key), never silently dropped; the alarm says so.
    this.ingestFailures = new sqs.Queue(this, 'IngestFailures', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: data.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.ingestFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination (dead-letter) of the campaign-ingest Lambda; operators drain it, nothing consumes it.',
    });
    this.ingest.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.ingestFailures),
    });
    acknowledgeWildcards(
      this.ingest,
      ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      'CDK’s SQS on-failure destination grants SendMessage with the data-key actions of the queue’s key (the center key), on that one key only.',
    );
    this.ingestFailuresAlarm = new cloudwatch.Alarm(this, 'IngestFailuresAlarm', {
      alarmDescription:
        'A campaign list could not be ingested (its S3 event is in the IngestFailures queue): fix the list or the cause, re-upload',
      metric: this.ingestFailures.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Notifies the center's alert topic(s) like every alarm in the stack (the stack's alarm aspect).
    // The campaign (GetItem) and its targets (conditional puts).
    data.grantTable('campaigns', this.ingest.fn, 'get', 'put');
    // One scan of the internal list per list, İYS consents by key.
    data.grantTable('dnc', this.ingest.fn, 'scan', 'get');
    data.grantBucket('imports', this.ingest.fn, { get: 'campaigns/' });
    data.grantBucket('evidence', this.ingest.fn, { read: 'registry/' });
    data.buckets.imports.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(this.ingest.fn),
      { prefix: 'campaigns/', suffix: '.csv' },
    );

    // ---- registry import
    this.dncImport = new ConnectFunction(this, 'DncImport', {
      name: 'dnc-import',
      description: 'DNC registry import: tolerant parse, per-area bitsets, manifest switch',
      timeout: Duration.minutes(15),
      memorySize: 3008,
      // A full list may drop at most this fraction of an area's numbers (more needs an audited override).
      environment: { REGISTRY_MAX_SHRINK_FRACTION: String(config.outbound.registryMaxShrinkFraction) },
    });
    // Registry files only (a full download per area code, or one file); new registry objects only.
    data.grantBucket(
      'imports',
      this.dncImport.fn,
      ...REGISTRY_IMPORT_PREFIXES.map((prefix) => ({ get: prefix })),
    );
    data.grantBucket('evidence', this.dncImport.fn, { read: 'registry/' }, { put: 'registry/' });

    const stage = new tasks.LambdaInvoke(this, 'StageAreaFile', {
      lambdaFunction: this.dncImport.fn,
      payload: sfn.TaskInput.fromObject({
        action: 'stage',
        bucket: data.buckets.imports.bucketName,
        'key.$': '$.Key',
        'source.$': '$.source',
        'versionDate.$': '$.versionDate',
        // The function's log correlation id (shared/middleware/logging.ts › correlationIdOf).
        'execution.$': '$$.Execution.Id',
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });
    const map = new sfn.DistributedMap(this, 'EachAreaCodeFile', {
      itemReader: new sfn.S3ObjectsItemReader({
        bucket: data.buckets.imports,
        prefix: 'registry-downloads/',
      }),
      itemSelector: {
        'Key.$': '$$.Map.Item.Value.Key',
        'source.$': '$.source',
        'versionDate.$': '$.versionDate',
      },
      maxConcurrency: 20,
      resultPath: '$.staged',
    });
    map.itemProcessor(stage);
    // The input may carry an audited override for the commit: {"override":{"rollback"?,"allowShrink"?,"reason","by"}}.
    // A JSONPath reference to a missing field fails the execution, so `override: null` is merged under the
    // input first (States.JsonMerge, shallow: the input's own `override` wins —
    // https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html).
    const overrideDefault = new sfn.Pass(this, 'OverrideDefault', {
      result: sfn.Result.fromObject({ override: null }),
      resultPath: '$.defaults',
    });
    const withDefaults = new sfn.Pass(this, 'InputWithDefaults', {
      parameters: { 'merged.$': 'States.JsonMerge($.defaults, $, false)' },
      outputPath: '$.merged',
    });
    const commit = new tasks.LambdaInvoke(this, 'CommitManifest', {
      lambdaFunction: this.dncImport.fn,
      payload: sfn.TaskInput.fromObject({
        action: 'commit',
        'source.$': '$.source',
        'staged.$': '$.staged',
        'execution.$': '$$.Execution.Id',
        'override.$': '$.override',
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });
    const logGroup = new logs.LogGroup(this, 'RegistryImportLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
    });
    this.registryImport = new sfn.StateMachine(this, 'RegistryImport', {
      comment:
        'Full registry import: input {"source":"federal","versionDate":"YYYY-MM-DD","override"?:{"rollback"?,"allowShrink"?,"reason","by"}} over imports/registry-downloads/ (one file per area code)',
      definitionBody: sfn.DefinitionBody.fromChainable(
        overrideDefault.next(withDefaults).next(map).next(commit),
      ),
      tracingEnabled: true,
      // ALL events, no execution data: the run is auditable without copying file names' payloads into logs.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    // No bucket grant: the distributed map's item reader adds s3:ListBucket on the imports bucket itself (it
    // lists the download keys; each file is read by the function), no GetObject, no key.
    this.acknowledge(instance);
  }

  private acknowledge(instance: ConnectInstance): void {
    // Table and bucket grants name their resources (DataStores acknowledges its own object prefixes).
    // cdk-nag prints a created instance's ARN as <LogicalId.Arn>, an imported one literally.
    const instanceArn = instance.cfnInstance ? nagRef(instance.cfnInstance) : instance.instanceArn;
    const instanceRef = (suffix: string) => `Resource::${instanceArn}/${suffix}`;
    Validations.of(this.dialer).acknowledge({
      id: `AwsSolutions-IAM5[${instanceRef('contact/*')}]`,
      reason:
        'StartOutboundVoiceContact creates a contact whose id does not exist before the call; scoped to this instance.',
    });
    Validations.of(this.dialer).acknowledge({
      id: `AwsSolutions-IAM5[${instanceRef('queue/*')}]`,
      reason:
        'GetCurrentMetricData for the campaign queues of this instance (queue ids are resolved at run time).',
    });
    acknowledgeWildcards(
      this.registryImport,
      [
        `Resource::<${Stack.of(this).resolve(Stack.of(this).getLogicalId(this.dncImport.fn.node.defaultChild as CfnElement))}.Arn>:*`,
      ],
      'The distributed map invokes the dnc-import function (any of its versions); scoped to that one function.',
    );
    acknowledgeWildcards(
      this.registryImport,
      ['Resource::*'],
      'X-Ray tracing (PutTraceSegments/PutTelemetryRecords) and CloudWatch Logs delivery (CreateLogDelivery, …) do not support resource-level permissions.',
    );
    const machine = Stack.of(this).resolve(
      Stack.of(this).getLogicalId(this.registryImport.node.defaultChild as CfnElement),
    );
    const execution = `arn:<AWS::Partition>:states:${Stack.of(this).region}:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machine}"}]}]}`;
    acknowledgeWildcards(
      this.registryImport,
      [`Resource::${execution}:*`, `Resource::${execution}/*:*`],
      'A distributed map manages its own child executions: only executions of this state machine.',
    );
  }
}
