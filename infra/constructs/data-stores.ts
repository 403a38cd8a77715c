/**
 * Data: the DynamoDB tables (from shared/data/tables.ts, the same definitions the sandbox creates) and the
 * S3 buckets (recordings, imports, evidence, access logs). Everything is encrypted with the center's
 * customer-managed KMS key, TLS-only, versioned where it holds records, and retained when the stack goes.
 */
import { type CfnElement, cx_api as cxapi, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import {
  BUCKETS,
  type BucketKey,
  evidenceRetentionDays,
  TABLE_KEYS,
  TABLES,
  type TableKey,
} from '#shared/data/tables.ts';
import { acknowledgeWildcards, nagRef } from './nag.ts';

export interface DataStoresProps {
  config: ContactCenterConfig;
  /** The center's customer-managed key (also used by Connect for recordings and the CTR stream). */
  key: kms.IKey;
}

/**
 * Narrow access kinds for a table, each exactly the DynamoDB actions it needs. Give a function the kinds its
 * code paths use, nothing more: e.g. an opt-out only appends (`append`), routing only updates (`update`).
 */
export const TABLE_ACTIONS = {
  /** Point reads by key (GetItem, BatchGetItem). */
  get: ['GetItem', 'BatchGetItem'],
  /** Queries on the table and its named indexes. */
  query: ['Query'],
  /** Point reads and queries. */
  read: ['GetItem', 'BatchGetItem', 'Query'],
  /**
   * Conditional inserts that read back what is there on a conflict: no update, no delete. A PutItem with a
   * ConditionExpression needs only dynamodb:PutItem; dynamodb:ConditionCheckItem is the action of a
   * TransactWriteItems ConditionCheck, which no function uses
   * ("Using IAM with DynamoDB transactions": https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
   */
  append: ['PutItem', 'GetItem'],
  /** Whole-item puts (overwrites allowed). */
  put: ['PutItem'],
  /** In-place updates of existing or new items (UpdateItem only). */
  update: ['UpdateItem'],
  /** Deletes of single items. */
  delete: ['DeleteItem'],
  /** Full scans (the erasure search, the ingest's one pass over the internal list). */
  scan: ['Scan'],
  /** Batched deletes (BatchWriteItem; IAM cannot tell its puts from its deletes). */
  batchDelete: ['BatchWriteItem'],
} as const satisfies Record<string, readonly string[]>;
export type TableAccess = keyof typeof TABLE_ACTIONS;
const INDEXED_ACCESS = new Set<TableAccess>(['query', 'read']);
const WRITE_ACCESS = new Set<TableAccess>(['append', 'put', 'update', 'delete', 'batchDelete']);

/**
 * Narrow access kinds for a bucket: `{ get: prefix }` reads objects under a prefix; `{ read: prefix }` also
 * lists the bucket, so a missing key is a 404 (NoSuchKey) rather than a 403; `{ put: prefix }` only writes
 * new objects (versioning keeps what was there); `'listAndDelete'` lists and deletes every version.
 */
export type BucketAccess = { get: string } | { read: string } | { put: string } | 'listAndDelete';

export class DataStores extends Construct {
  readonly key: kms.IKey;
  readonly tables: Record<TableKey, dynamodb.TableV2>;
  readonly buckets: Record<BucketKey, s3.Bucket>;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataStoresProps) {
    super(scope, id);
    // Access-log delivery by bucket policy (logging.s3.amazonaws.com with SourceArn + SourceAccount) instead
    // of the legacy log-delivery ACL (cfn-lint W3045): CDK's flag, set here so every stack building these
    // buckets gets it (context is read up the construct tree; this construct has no children yet).
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const { config, key } = props;
    this.key = key;
    const retention = config.retention;

    const tables = {} as Record<TableKey, dynamodb.TableV2>;
    for (const tableKey of TABLE_KEYS) {
      const def = TABLES[tableKey];
      tables[tableKey] = new dynamodb.TableV2(this, `${pascal(tableKey)}Table`, {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
        billing: dynamodb.Billing.onDemand(),
        encryption: dynamodb.TableEncryptionV2.customerManagedKey(key),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: config.production,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(def.ttlAttribute ? { timeToLiveAttribute: def.ttlAttribute } : {}),
        globalSecondaryIndexes: def.gsis.map((g) => ({
          indexName: g,
          partitionKey: { name: `${g}pk`, type: dynamodb.AttributeType.STRING },
          sortKey: { name: `${g}sk`, type: dynamodb.AttributeType.STRING },
        })),
      });
    }
    this.tables = tables;

    // Server access logs land in their own bucket (S3-managed encryption: log delivery cannot use KMS), written
    // by the logging service under a bucket policy (the app turns on CDK's serverAccessLogsUseBucketPolicy
    // flag, above); ACLs are disabled (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
    this.accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(retention.accessLogsDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
    });

    const bucket = (bucketKey: BucketKey, extra: Partial<s3.BucketProps>) =>
      new s3.Bucket(this, `${pascal(bucketKey)}Bucket`, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${bucketKey}/`,
        removalPolicy: RemovalPolicy.RETAIN,
        ...extra,
      });

    const recordingsLifecycle: s3.LifecycleRule = {
      id: 'recordings-retention',
      expiration: Duration.days(retention.recordingsDays),
      // Erasure deletes every version; expired versions are cleaned up a day later.
      noncurrentVersionExpiration: Duration.days(1),
      transitions:
        retention.recordingsInfrequentAccessDays > 0 &&
        retention.recordingsInfrequentAccessDays < retention.recordingsDays
          ? [
              {
                storageClass: s3.StorageClass.INFREQUENT_ACCESS,
                transitionAfter: Duration.days(Math.max(30, retention.recordingsInfrequentAccessDays)),
              },
            ]
          : [],
    };
    this.buckets = {
      recordings: bucket('recordings', { lifecycleRules: [recordingsLifecycle] }),
      imports: bucket('imports', {
        lifecycleRules: [
          {
            id: 'imports-retention',
            expiration: Duration.days(retention.importsDays),
            noncurrentVersionExpiration: Duration.days(7),
          },
        ],
      }),
      evidence: bucket('evidence', {
        // 16 CFR 310.5: telemarketing records are kept 5 years; object lock makes that tamper-proof.
        objectLockEnabled: retention.evidenceObjectLock,
        ...(retention.evidenceObjectLock
          ? {
              objectLockDefaultRetention: s3.ObjectLockRetention.compliance(
                Duration.days(365 * retention.evidenceYears),
              ),
            }
          : {}),
        // Current and old versions alike expire after evidenceYears + margin (the table's TTL is the same).
        lifecycleRules: [
          {
            id: 'evidence-retention',
            expiration: Duration.days(evidenceRetentionDays(retention.evidenceYears)),
            noncurrentVersionExpiration: Duration.days(evidenceRetentionDays(retention.evidenceYears)),
          },
        ],
      }),
      // Whole CTR batches Lambda could not apply (S3 on-failure destination): personal data, kept briefly.
      'ctr-failures': bucket('ctr-failures', {
        lifecycleRules: [
          {
            id: 'ctr-failures-retention',
            expiration: Duration.days(retention.ctrFailuresDays),
            noncurrentVersionExpiration: Duration.days(1),
          },
        ],
      }),
    };
  }

  /**
   * Grant a function exactly the DynamoDB actions of the access kinds its code uses on a table (see
   * TABLE_ACTIONS), name the table's indexes when it queries or scans, and tell it the table's name.
   */
  grantTable(tableKey: TableKey, fn: lambda.IFunction, ...access: TableAccess[]): void {
    if (access.length === 0)
      throw new Error(`DataStores.grantTable(${tableKey}): name at least one access kind`);
    const table = this.tables[tableKey];
    const actions = [...new Set(access.flatMap((a) => TABLE_ACTIONS[a]))].sort();
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
    );
    const indexes = TABLES[tableKey].gsis;
    if (access.some((a) => INDEXED_ACCESS.has(a)) && indexes.length > 0) {
      // Queries only, on named indexes (never index/*): the ones this table defines.
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexes.map((g) => `${table.tableArn}/index/${g}`),
        }),
      );
    }
    // DynamoDB decrypts the table key with the caller's kms:Decrypt; writes also need Encrypt/GenerateDataKey
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html). Named
    // actions only: ReEncrypt* and GenerateDataKey* (CDK's table grants) are never used by item operations.
    const writes = access.some((a) => WRITE_ACCESS.has(a));
    this.key.grant(
      fn,
      'kms:Decrypt',
      'kms:DescribeKey',
      ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []),
    );
    if (fn instanceof lambda.Function) fn.addEnvironment(TABLES[tableKey].envVar, table.tableName);
  }

  /**
   * Grant UpdateItem on a table restricted to the named top-level attributes (besides the key): IAM's
   * `dynamodb:Attributes` condition with `ForAllValues:StringEquals`, and no read-back of other attributes
   * (`dynamodb:ReturnValues` NONE / UPDATED_NEW when given) —
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html#FGAC_DDB.ConditionKeys.
   * For a write-once link on an otherwise append-only item (the evidence's contact id).
   */
  grantAttributeUpdate(tableKey: TableKey, fn: lambda.IFunction, attributes: readonly string[]): void {
    if (attributes.length === 0)
      throw new Error(`DataStores.grantAttributeUpdate(${tableKey}): name at least one attribute`);
    const table = this.tables[tableKey];
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', ...attributes] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE', 'UPDATED_NEW'] },
        },
      }),
    );
    this.key.grant(fn, 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey');
    if (fn instanceof lambda.Function) fn.addEnvironment(TABLES[tableKey].envVar, table.tableName);
  }

  /**
   * Grant a function exactly the S3 actions of the access kinds its code uses on a bucket, under the key
   * prefixes it uses, and tell it the bucket's name.
   */
  grantBucket(bucketKey: BucketKey, fn: lambda.IFunction, ...access: BucketAccess[]): void {
    if (access.length === 0)
      throw new Error(`DataStores.grantBucket(${bucketKey}): name at least one access kind`);
    const b = this.buckets[bucketKey];
    const objectFindings: string[] = [];
    const objects = (prefix: string) => {
      objectFindings.push(`Resource::${nagRef(b.node.defaultChild as CfnElement)}/${prefix}*`);
      return b.arnForObjects(`${prefix}*`);
    };
    let list = false;
    for (const a of access) {
      if (a === 'listAndDelete') {
        // Erasure: every version of matching objects, found by listing; never read, never written.
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['s3:ListBucket', 's3:ListBucketVersions'],
            resources: [b.bucketArn],
          }),
        );
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
            resources: [objects('')],
          }),
        );
      } else if ('get' in a || 'read' in a) {
        const prefix = 'get' in a ? a.get : a.read;
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(prefix)] }),
        );
        this.key.grant(fn, 'kms:Decrypt');
        // Without s3:ListBucket S3 answers a missing key with 403 instead of 404 NoSuchKey
        // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax);
        // readers that treat "absent" as a result (the registry manifest) need it.
        if ('read' in a) list = true;
      } else {
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(a.put)] }),
        );
        this.key.grant(fn, 'kms:GenerateDataKey');
      }
    }
    if (list)
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [b.bucketArn] }));
    // The finding sits on the role's default policy.
    acknowledgeWildcards(
      fn.role ?? fn,
      [...new Set(objectFindings)],
      `Objects under the named key prefix(es) of the ${bucketKey} bucket only; object keys are generated at run time.`,
    );
    if (fn instanceof lambda.Function) fn.addEnvironment(BUCKETS[bucketKey].envVar, b.bucketName);
  }

  /** ARN of every table, for policies that must name them (e.g. a Step Functions role). */
  tableArns(): string[] {
    return TABLE_KEYS.map((k) => this.tables[k].tableArn);
  }
}

export function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
