/**
 * Least privilege, asserted exactly: every Lambda function and state machine in the synthesized stack has a
 * row here with the IAM actions its role allows, per resource (logical ids without CDK's hash; see
 * permissions.ts). A function added without a row fails the first test — add its row, with only what its
 * code paths call. Access kinds: DataStores.grantTable / grantBucket.
 */
import { describe, expect, it } from 'vitest';
import { type Permissions, permissionsByPrincipal } from './permissions.ts';
import { exampleConfig, synth } from './support.ts';

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const KMS_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KMS_TABLE_WRITE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

/** GetCurrentMetricData on each configured queue, by name (the route function and the supervisor's live view). */
const METRICS_ON_EACH_QUEUE = Object.fromEntries(
  ['Billing', 'General', 'Orders', 'Outbound', 'Returns', 'Support', 'SupportTR'].map((q) => [
    `RoutingQueue${q}`,
    ['connect:GetCurrentMetricData'],
  ]),
);

/** Function (POWERTOOLS_SERVICE_NAME; `cdk:` = created by aws-cdk-lib; `states:` = state machine) → resource → actions. */
const EXPECTED: Record<string, Permissions> = {
  'ivr-lookup': {
    DataCustomersTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
    DataDncTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
    InboundivrlookupLogs: LOGS,
    Key: KMS_READ,
  },
  route: {
    ConnectInstance: ['connect:GetCurrentMetricData'],
    DataCustomersTable: ['dynamodb:UpdateItem'],
    InboundrouteLogs: LOGS,
    Key: KMS_TABLE_WRITE,
    ...METRICS_ON_EACH_QUEUE,
  },
  transfer: {
    DataInteractionsTable: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    InboundtransferLogs: LOGS,
    Key: KMS_TABLE_WRITE,
  },
  callback: {
    DataDncTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
    DataInteractionsTable: ['dynamodb:PutItem'],
    InboundcallbackLogs: LOGS,
    Key: KMS_TABLE_WRITE,
  },
  survey: {
    DataInteractionsTable: ['dynamodb:UpdateItem'],
    InboundsurveyLogs: LOGS,
    Key: KMS_TABLE_WRITE,
  },
  'opt-out': {
    DataDncTable: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    InboundoptoutLogs: LOGS,
    Key: KMS_TABLE_WRITE,
  },
  'ctr-processor': {
    ConnectContactTraceRecords: [
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamConsumer',
      'kinesis:DescribeStreamSummary',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:ListShards',
      'kinesis:ListStreams',
      'kinesis:SubscribeToShard',
    ],
    DataCtrFailuresBucket: ['s3:ListBucket'],
    'DataCtrFailuresBucket/*': ['s3:PutObject'],
    DataCustomersTable: ['dynamodb:UpdateItem'],
    DataInteractionsTable: ['dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    // The customer's recent contacts (history by number) for the dashboard's trailing FCR.
    'DataInteractionsTable/index/gsi1': ['dynamodb:Query'],
    'DataInteractionsTable/index/gsi2': ['dynamodb:Query'],
    'DataInteractionsTable/index/gsi3': ['dynamodb:Query'],
    InteractionsCtrProcessorLogs: LOGS,
    Key: KMS_TABLE_WRITE,
  },
  // Agent events (Kinesis) → agents table, failed batches to its SQS queue (CDK's grant on the queue key).
  'agent-event-processor': {
    ConnectAgentEvents: [
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamConsumer',
      'kinesis:DescribeStreamSummary',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:ListShards',
      'kinesis:ListStreams',
      'kinesis:SubscribeToShard',
    ],
    DataAgentsTable: ['dynamodb:UpdateItem'],
    InteractionsAgentEventFailures: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    InteractionsAgentEventProcessorLogs: LOGS,
    Key: [...KMS_TABLE_WRITE, 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
  },
  'recording-indexer': {
    DataInteractionsTable: ['dynamodb:UpdateItem'],
    InteractionsRecordingIndexerLogs: LOGS,
    InteractionsRecordingIndexFailures: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    Key: [
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:GenerateDataKey*',
      'kms:ReEncrypt*',
    ],
  },
  'agent-api': {
    AgentApiFunctionLogs: LOGS,
    // The card: who was on the contact, its attributes; transfer context; the agent id → user name.
    'ConnectInstance/agent/*': ['connect:DescribeUser'],
    'ConnectInstance/contact/*': [
      'connect:DescribeContact',
      'connect:GetContactAttributes',
      'connect:UpdateContactAttributes',
    ],
    DataCustomersTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
    // DNC: the caller lookup reads it, the DNC button appends (first write wins) — never updates or deletes.
    DataDncTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
    DataInteractionsTable: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
    'DataInteractionsTable/index/gsi1': ['dynamodb:Query'],
    'DataInteractionsTable/index/gsi2': ['dynamodb:Query'],
    'DataInteractionsTable/index/gsi3': ['dynamodb:Query'],
    Key: KMS_TABLE_WRITE,
  },
  // The supervisor console's API (infra/constructs/supervisor-api.ts): campaign control, evidence and report
  // reads, DNC admin, erasure requests, the live view. Audits every call into interactions (PutItem).
  'supervisor-api': {
    // The live view: the instance and each configured queue, by name (no wildcard).
    ConnectInstance: ['connect:GetCurrentMetricData'],
    // Current states (Scan) and the report's quarter hours by day (gsi1).
    DataAgentsTable: ['dynamodb:Query', 'dynamodb:Scan'],
    'DataAgentsTable/index/gsi1': ['dynamodb:Query'],
    // Status, counts and control history; pause/resume/stop (UpdateItem) and the control record (PutItem).
    DataCampaignsTable: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
    'DataCampaignsTable/index/gsi1': ['dynamodb:Query'],
    'DataCampaignsTable/index/gsi2': ['dynamodb:Query'],
    // DNC admin: add (first write wins) and its audit, list (Scan), the removal's audit (PutItem) …
    DataDncTable: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan'],
    // … and the removal itself, on DNC# keys only (never a consent).
    'DataDncTable if ForAllValues:StringLike dynamodb:LeadingKeys=DNC#*': ['dynamodb:DeleteItem'],
    DataEvidenceTable: ['dynamodb:Query'],
    'DataEvidenceTable/index/gsi1': ['dynamodb:Query'],
    // The audit (PutItem) and the KPI contacts by day (gsi3).
    DataInteractionsTable: ['dynamodb:PutItem', 'dynamodb:Query'],
    'DataInteractionsTable/index/gsi1': ['dynamodb:Query'],
    'DataInteractionsTable/index/gsi2': ['dynamodb:Query'],
    'DataInteractionsTable/index/gsi3': ['dynamodb:Query'],
    // Erasure requests: the erasure function only (unqualified: no `:*`).
    InteractionsErasureFunction: ['lambda:InvokeFunction'],
    Key: KMS_TABLE_WRITE,
    ...METRICS_ON_EACH_QUEUE,
    SupervisorApiFunctionLogs: LOGS,
  },
  erasure: {
    'ConnectInstance/contact/*': ['connect:UpdateContactAttributes'],
    DataCampaignsTable: ['dynamodb:BatchWriteItem', 'dynamodb:Query'],
    'DataCampaignsTable/index/gsi1': ['dynamodb:Query'],
    'DataCampaignsTable/index/gsi2': ['dynamodb:Query'],
    DataCtrFailuresBucket: ['s3:ListBucket', 's3:ListBucketVersions'],
    'DataCtrFailuresBucket/*': [
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:GetObject',
      's3:GetObjectVersion',
      's3:PutObject',
    ],
    DataCustomersTable: ['dynamodb:BatchWriteItem', 'dynamodb:Scan'],
    DataDncTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
    'DataDncTable if ForAllValues:StringLike dynamodb:LeadingKeys=CONSENT#*': ['dynamodb:BatchWriteItem'],
    DataEvidenceTable: ['dynamodb:Query'],
    'DataEvidenceTable/index/gsi1': ['dynamodb:Query'],
    DataInteractionsTable: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    'DataInteractionsTable/index/gsi1': ['dynamodb:Query'],
    'DataInteractionsTable/index/gsi2': ['dynamodb:Query'],
    'DataInteractionsTable/index/gsi3': ['dynamodb:Query'],
    DataRecordingsBucket: ['s3:ListBucket', 's3:ListBucketVersions'],
    'DataRecordingsBucket/*': ['s3:DeleteObject', 's3:DeleteObjectVersion'],
    InteractionsErasureHmacKey: ['kms:GenerateMac'],
    InteractionsErasureLogs: LOGS,
    Key: KMS_TABLE_WRITE,
  },
  'cdk:BucketNotificationsHandler050a0587b7544547bf325f094a3db834': {
    DataImportsBucket: ['s3:PutBucketNotification'],
    DataRecordingsBucket: ['s3:PutBucketNotification'],
    'managed:arn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': ['*'],
  },
  'cdk:AWS679f53fac002430cb0da5b7982bd2287': {
    ConnectInstance: ['connect:SearchPrompts'],
    'ConnectInstance/prompt/*': ['connect:SearchPrompts'],
    'managed:arn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': ['*'],
  },
  'campaign-dialer': {
    ConnectInstance: ['connect:GetCurrentMetricData'],
    'ConnectInstance/contact/*': ['connect:DescribeContact', 'connect:StartOutboundVoiceContact'],
    'ConnectInstance/queue/*': ['connect:GetCurrentMetricData'],
    DataCampaignsTable: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
    'DataCampaignsTable/index/gsi1': ['dynamodb:Query'],
    'DataCampaignsTable/index/gsi2': ['dynamodb:Query'],
    DataDncTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
    DataEvidenceBucket: ['s3:ListBucket'],
    'DataEvidenceBucket/registry/*': ['s3:GetObject'],
    // Evidence: appended before each call, read back by key when a crashed reservation is resolved …
    DataEvidenceTable: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    // … and linked once to its contact: the one attribute the dialer may update.
    'DataEvidenceTable if ForAllValues:StringEquals dynamodb:Attributes=pk,sk,contactId & StringEqualsIfExists dynamodb:ReturnValues=NONE,UPDATED_NEW':
      ['dynamodb:UpdateItem'],
    DataInteractionsTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
    Key: KMS_TABLE_WRITE,
    OutboundDialerLogs: LOGS,
  },
  'campaign-ingest': {
    DataCampaignsTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
    DataDncTable: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Scan'],
    DataEvidenceBucket: ['s3:ListBucket'],
    'DataEvidenceBucket/registry/*': ['s3:GetObject'],
    'DataImportsBucket/campaigns/*': ['s3:GetObject'],
    // Its on-failure queue (CDK's SQS destination grant on the queue key).
    Key: [...KMS_TABLE_WRITE, 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
    OutboundIngestFailures: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    OutboundIngestLogs: LOGS,
  },
  'dnc-import': {
    DataEvidenceBucket: ['s3:ListBucket'],
    'DataEvidenceBucket/registry/*': ['s3:GetObject', 's3:PutObject'],
    'DataImportsBucket/registry-downloads/*': ['s3:GetObject'],
    'DataImportsBucket/registry-files/*': ['s3:GetObject'],
    Key: ['kms:Decrypt', 'kms:GenerateDataKey'],
    OutboundDncImportLogs: LOGS,
  },
  'connect-associations': {
    AssociationsHandlerLogs: LOGS,
    'ConnectInstance/contact-flow/*': [
      'connect:AssociatePhoneNumberContactFlow',
      'connect:DisassociatePhoneNumberContactFlow',
    ],
    'ConnectInstance/queue/*': [
      'connect:AssociateQueueQuickConnects',
      'connect:DisassociateQueueQuickConnects',
    ],
    'ConnectInstance/transfer-destination/*': [
      'connect:AssociateQueueQuickConnects',
      'connect:DisassociateQueueQuickConnects',
    ],
    TelephonyNumberMainLine: [
      'connect:AssociatePhoneNumberContactFlow',
      'connect:DisassociatePhoneNumberContactFlow',
    ],
  },
  'cdk:AssociationsProviderframeworkonEvent': {
    AssociationsHandlerFunction: ['lambda:GetFunction', 'lambda:InvokeFunction'],
    'AssociationsHandlerFunction:*': ['lambda:InvokeFunction'],
    AssociationsProviderLogs: LOGS,
  },
  'states:OutboundRegistryImport': {
    '*': [
      'logs:CreateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:DescribeLogGroups',
      'logs:DescribeResourcePolicies',
      'logs:GetLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:UpdateLogDelivery',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ],
    'arn:states:us-east-1:<AWS::AccountId>:execution:<expr>:*': [
      'states:DescribeExecution',
      'states:StopExecution',
    ],
    'arn:states:us-east-1:<AWS::AccountId>:execution:<expr>/*:*': ['states:RedriveExecution'],
    DataImportsBucket: ['s3:ListBucket'],
    OutboundDncImportFunction: ['lambda:InvokeFunction'],
    'OutboundDncImportFunction:*': ['lambda:InvokeFunction'],
    OutboundRegistryImport: ['states:StartExecution'],
  },
};

describe('least privilege (dev stack)', () => {
  const { template } = synth(exampleConfig('dev'));
  const actual = permissionsByPrincipal(template);

  it('has a row for every Lambda function and state machine in the template, and no stale rows', () => {
    const missing = Object.keys(actual).filter((k) => !(k in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((k) => !(k in actual));
    expect(missing, `add a row to EXPECTED for: ${missing.join(', ')}`).toEqual([]);
    expect(stale, `remove the rows of functions no longer in the stack: ${stale.join(', ')}`).toEqual([]);
  });

  for (const name of Object.keys(EXPECTED)) {
    it(`${name} may do exactly what its row says`, () => {
      expect(actual[name]).toEqual(EXPECTED[name]);
    });
  }

  it('nobody may update or delete an evidence decision: the dialer may only set its contact link', () => {
    for (const [name, perms] of Object.entries(actual)) {
      for (const [resource, actions] of Object.entries(perms)) {
        if (!resource.startsWith('DataEvidenceTable')) continue;
        const writes = actions.filter((a) => /^dynamodb:(UpdateItem|DeleteItem|BatchWriteItem)$/.test(a));
        if (name === 'campaign-dialer' && resource.includes('dynamodb:Attributes=pk,sk,contactId '))
          expect(writes, `${name} on ${resource}`).toEqual(['dynamodb:UpdateItem']);
        else expect(writes, `${name} on ${resource}`).toEqual([]);
      }
    }
  });

  // A DNC entry is deleted only when a supervisor removes a number: through supervisor-api (the `supervisor`
  // group only, a reason required, the audit record written before the delete), on DNC# keys only. Erasure
  // deletes İYS consents (CONSENT# keys only) and never a DNC entry. Nobody else deletes or updates anything
  // on the dnc table.
  const DNC_WRITES = /^dynamodb:(DeleteItem|UpdateItem|BatchWriteItem)$/;
  const DNC_DELETES_ALLOWED: Record<string, Record<string, string[]>> = {
    'supervisor-api': {
      'DataDncTable if ForAllValues:StringLike dynamodb:LeadingKeys=DNC#*': ['dynamodb:DeleteItem'],
    },
    erasure: {
      'DataDncTable if ForAllValues:StringLike dynamodb:LeadingKeys=CONSENT#*': ['dynamodb:BatchWriteItem'],
    },
  };

  it('no function may delete or update a DNC entry, except supervisor-api’s audited removal (DNC# keys)', () => {
    for (const [name, perms] of Object.entries(actual)) {
      const writes = Object.fromEntries(
        Object.entries(perms)
          .filter(([resource]) => resource.startsWith('DataDncTable'))
          .map(([resource, actions]) => [resource, actions.filter((a) => DNC_WRITES.test(a))] as const)
          .filter(([, actions]) => actions.length > 0),
      );
      expect(writes, `${name} on the dnc table`).toEqual(DNC_DELETES_ALLOWED[name] ?? {});
    }
  });

  it('no principal may read every uploaded list: the state machine lists keys, ingest reads campaigns/ only', () => {
    for (const [name, perms] of Object.entries(actual)) {
      expect(perms['DataImportsBucket/*'], name).toBeUndefined();
    }
    expect(Object.values(actual['states:OutboundRegistryImport']!).flat()).not.toContain('s3:GetObject');
  });
});

describe('least privilege (prod stack: evidence archived with object lock)', () => {
  const { template } = synth(exampleConfig('prod'));
  const actual = permissionsByPrincipal(template);

  it('the dialer adds archives under evidence/ as new objects; nobody may delete evidence or place holds', () => {
    expect(actual['campaign-dialer']?.['DataEvidenceBucket/evidence/*']).toEqual(['s3:PutObject']);
    for (const [name, perms] of Object.entries(actual)) {
      for (const [resource, actions] of Object.entries(perms)) {
        if (!resource.startsWith('DataEvidenceBucket')) continue;
        const forbidden = actions.filter((a) =>
          /^s3:(Delete|PutObjectLegalHold|PutObjectRetention|BypassGovernance)/.test(a),
        );
        expect(forbidden, `${name} on ${resource}`).toEqual([]);
      }
    }
  });

  it('every principal in prod has a row too (the same functions as dev)', () => {
    expect(Object.keys(actual).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
});
