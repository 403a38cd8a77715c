/**
 * DynamoDB table definitions, shared by infra (CDK tables), the local sandbox and the tests, so the
 * embedded tables are exactly the deployed ones. Every table uses a generic `pk`/`sk` key and generic
 * GSIs (`gsi1pk`/`gsi1sk`, …); each table's item layouts are documented beside the code that writes
 * them (shared/adapters/dynamo/*).
 */
export interface TableDefinition {
  /** Logical id used by infra and by the environment variable the functions read. */
  key: TableKey;
  description: string;
  /** Lambda environment variable holding the deployed table's name. */
  envVar: string;
  /** Global secondary indexes, each keyed `<name>pk` (S) / `<name>sk` (S), projecting all attributes. */
  gsis: readonly string[];
  /** Attribute holding an epoch-seconds expiry (DynamoDB TTL; the embedded DynamoDB ignores it). */
  ttlAttribute?: string;
}

export type TableKey = 'customers' | 'interactions' | 'dnc' | 'evidence' | 'campaigns' | 'agents';

export const TABLES: Record<TableKey, TableDefinition> = {
  customers: {
    key: 'customers',
    description: 'Customer profiles and their phone numbers',
    envVar: 'CUSTOMERS_TABLE',
    gsis: ['gsi1'],
  },
  interactions: {
    key: 'interactions',
    description: 'One item per contact (CTR fields, survey, transfers, notes), callbacks, erasure records',
    envVar: 'INTERACTIONS_TABLE',
    gsis: ['gsi1', 'gsi2', 'gsi3'],
    // Epoch seconds = contact initiation + retention.interactionsDays (set by the CTR processor).
    ttlAttribute: 'retainUntil',
  },
  dnc: {
    key: 'dnc',
    description: 'The internal (company-specific) do-not-call list with its audit trail',
    envVar: 'DNC_TABLE',
    gsis: [],
  },
  evidence: {
    key: 'evidence',
    description: 'Compliance evidence: every outbound dial or skip decision with its inputs (kept 5 years)',
    envVar: 'EVIDENCE_TABLE',
    gsis: ['gsi1'],
    // Epoch seconds = decision time + retention.evidenceYears × 365 + EVIDENCE_MARGIN_DAYS (set by the store).
    ttlAttribute: 'expiresAt',
  },
  campaigns: {
    key: 'campaigns',
    description: 'Campaigns, their dial queue, the attempt ledger and cap counters',
    envVar: 'CAMPAIGNS_TABLE',
    gsis: ['gsi1', 'gsi2'],
    ttlAttribute: 'expiresAt',
  },
  agents: {
    key: 'agents',
    description: "Agents' current state and their time per quarter hour, from Connect's agent event stream",
    envVar: 'AGENTS_TABLE',
    gsis: ['gsi1'],
  },
};

/**
 * Days evidence is kept beyond `retention.evidenceYears` × 365 before the table's TTL and the bucket's lifecycle
 * remove it: leap days plus a month for an audit that starts on the last day.
 */
export const EVIDENCE_MARGIN_DAYS = 30;

/** Days an evidence record (item, archive object, old object version) is kept. */
export const evidenceRetentionDays = (evidenceYears: number) => evidenceYears * 365 + EVIDENCE_MARGIN_DAYS;

export const TABLE_KEYS = Object.keys(TABLES) as TableKey[];

/** Table name used outside AWS (sandbox, tests): `<prefix><key>`. */
export const localTableName = (key: TableKey, prefix = 'santral-') => `${prefix}${key}`;

/** The table name a function uses: its environment variable, else the local default. */
export function tableName(key: TableKey): string {
  return process.env[TABLES[key].envVar] ?? localTableName(key);
}

/** S3 buckets, by logical key; the functions read their names from these environment variables. */
export const BUCKETS = {
  recordings: { envVar: 'RECORDINGS_BUCKET', description: 'Call recordings (Connect writes here)' },
  imports: { envVar: 'IMPORTS_BUCKET', description: 'DNC registry files, consent files and campaign lists' },
  evidence: {
    envVar: 'EVIDENCE_BUCKET',
    description: 'Registry bitsets, registry originals, dial evidence archives',
  },
  'ctr-failures': {
    envVar: 'CTR_FAILURES_BUCKET',
    description:
      'CTR batches the processor could not apply (Lambda S3 on-failure destination, whole records); replayed by `santral ctr replay`',
  },
} as const;
export type BucketKey = keyof typeof BUCKETS;
/**
 * Key prefixes in the imports bucket the registry import reads (its role allows no other): a full download
 * (one file per area code) or one registry file (a change list, a state list).
 */
export const REGISTRY_IMPORT_PREFIXES = ['registry-downloads/', 'registry-files/'] as const;
export const BUCKET_KEYS = Object.keys(BUCKETS) as BucketKey[];
export const localBucketName = (key: BucketKey, prefix = 'santral-') => `${prefix}${key}`;
export function bucketName(key: BucketKey): string {
  return process.env[BUCKETS[key].envVar] ?? localBucketName(key);
}
