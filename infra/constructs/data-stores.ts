/**
 * Data: the DynamoDB tables (from shared/data/tables.ts, the same definitions the sandbox creates) and the
 * S3 buckets (recordings, imports, evidence, access logs). Everything is encrypted with the center's
 * customer-managed KMS key, TLS-only, versioned where it holds records, and retained when the stack goes.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { BUCKETS, type BucketKey, TABLE_KEYS, TABLES, type TableKey } from '#shared/data/tables.ts';

export interface DataStoresProps {
  config: ContactCenterConfig;
  /** The center's customer-managed key (also used by Connect for recordings and the CTR stream). */
  key: kms.IKey;
}

export type TableAccess = 'read' | 'readWrite';
export type BucketAccess = 'read' | 'write' | 'readWrite' | 'readWriteDelete';

export class DataStores extends Construct {
  readonly key: kms.IKey;
  readonly tables: Record<TableKey, dynamodb.TableV2>;
  readonly buckets: Record<BucketKey, s3.Bucket>;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataStoresProps) {
    super(scope, id);
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

    // Server access logs land in their own bucket (S3-managed encryption: log delivery cannot use KMS).
    this.accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
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
        lifecycleRules: [
          { id: 'evidence-retention', expiration: Duration.days(365 * retention.evidenceYears + 30) },
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

  /** Grant a function least-privilege access to a table and tell it the table's name. */
  grantTable(tableKey: TableKey, fn: lambda.Function, access: TableAccess): void {
    const table = this.tables[tableKey];
    if (access === 'read') table.grantReadData(fn);
    else table.grantReadWriteData(fn);
    fn.addEnvironment(TABLES[tableKey].envVar, table.tableName);
  }

  /** Grant a function access to a bucket (and its key) and tell it the bucket's name. */
  grantBucket(bucketKey: BucketKey, fn: lambda.Function, access: BucketAccess): void {
    const b = this.buckets[bucketKey];
    if (access === 'read') b.grantRead(fn);
    else if (access === 'write') b.grantPut(fn);
    else if (access === 'readWrite') b.grantReadWrite(fn);
    else {
      b.grantReadWrite(fn);
      b.grantDelete(fn);
    }
    fn.addEnvironment(BUCKETS[bucketKey].envVar, b.bucketName);
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
