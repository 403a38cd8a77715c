/**
 * The resources of one stage that the operator services work on (tables, buckets, functions, the registry
 * import state machine, the Connect instance), and the stack outputs that name them. One manifest for both
 * sides: infra/stack.ts writes a `CfnOutput` for every entry (asserted in test/infra/operator-outputs.test.ts)
 * and `--deployed` reads them back from `DescribeStacks` (shared/operator/stage.ts).
 */
import {
  BUCKET_KEYS,
  BUCKETS,
  type BucketKey,
  localBucketName,
  localTableName,
  TABLE_KEYS,
  TABLES,
  type TableKey,
} from '#shared/data/tables.ts';

/** Functions an operator command invokes or names (the erasure Lambda, the outbound and CTR pipelines). */
export const OPERATOR_FUNCTIONS = [
  'erasure',
  'campaign-dialer',
  'campaign-ingest',
  'dnc-import',
  'ctr-processor',
] as const;
export type OperatorFunction = (typeof OPERATOR_FUNCTIONS)[number];

export const OPERATOR_STATE_MACHINES = ['registry-import'] as const;
export type OperatorStateMachine = (typeof OPERATOR_STATE_MACHINES)[number];

const pascal = (key: string) =>
  key
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');

/** Stack output ids (CloudFormation logical ids of the outputs): `<Key>Table`, `<Key>Bucket`, … */
export const OUTPUT_IDS = {
  table: (key: TableKey) => `${pascal(key)}Table`,
  bucket: (key: BucketKey) => `${pascal(key)}Bucket`,
  fn: (name: OperatorFunction) => `${pascal(name)}Function`,
  stateMachine: (name: OperatorStateMachine) => `${pascal(name)}StateMachine`,
  instanceArn: 'InstanceArn',
  instanceId: 'InstanceId',
} as const;

/** Every output id `--deployed` needs (the infra test asserts the template has each one). */
export function requiredOutputIds(): string[] {
  return [
    ...TABLE_KEYS.map(OUTPUT_IDS.table),
    ...BUCKET_KEYS.map(OUTPUT_IDS.bucket),
    ...OPERATOR_FUNCTIONS.map(OUTPUT_IDS.fn),
    ...OPERATOR_STATE_MACHINES.map(OUTPUT_IDS.stateMachine),
    OUTPUT_IDS.instanceArn,
    OUTPUT_IDS.instanceId,
  ];
}

/** The CloudFormation stack of a stage (infra/app.ts names it so). */
export const stackNameForStage = (stage: string) => `Santral-${stage}`;

export interface StageResources {
  stage: string;
  region: string;
  /** `sandbox`: the embedded emulators' names; `stack`: read from the deployed stack's outputs. */
  source: 'sandbox' | 'stack';
  stackName?: string;
  tables: Record<TableKey, string>;
  buckets: Record<BucketKey, string>;
  /** Deployed function names (on the sandbox: the handler folder names, run in-process). */
  functions: Record<OperatorFunction, string>;
  /** State machine ARNs (none on the sandbox: the CLI imports registry files itself). */
  stateMachines: Partial<Record<OperatorStateMachine, string>>;
  /** The Connect instance (none on the sandbox: it has no Connect). */
  instance?: { arn: string; id: string };
}

/** The sandbox's names (shared/data/tables.ts local defaults; shared/local/embedded.ts creates them). */
export function sandboxResources(stage: string, region: string): StageResources {
  return {
    stage,
    region,
    source: 'sandbox',
    tables: Object.fromEntries(TABLE_KEYS.map((k) => [k, localTableName(k)])) as Record<TableKey, string>,
    buckets: Object.fromEntries(BUCKET_KEYS.map((k) => [k, localBucketName(k)])) as Record<BucketKey, string>,
    functions: Object.fromEntries(OPERATOR_FUNCTIONS.map((f) => [f, f])) as Record<OperatorFunction, string>,
    stateMachines: {},
  };
}

export class StageResourcesIncompleteError extends Error {
  override readonly name = 'StageResourcesIncompleteError';
  constructor(
    readonly stackName: string,
    readonly missing: readonly string[],
  ) {
    super(
      `stack ${stackName} has no output${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: it was deployed by an older Santral; deploy this version first (npx cdk deploy -c stage=…)`,
    );
  }
}

/** Stack outputs (OutputKey → OutputValue) → the stage's resources; every output of the manifest is required. */
export function resourcesFromOutputs(
  stage: string,
  region: string,
  stackName: string,
  outputs: Readonly<Record<string, string>>,
): StageResources {
  const missing = requiredOutputIds().filter((id) => !outputs[id]);
  if (missing.length > 0) throw new StageResourcesIncompleteError(stackName, missing);
  const get = (id: string) => outputs[id]!;
  return {
    stage,
    region,
    source: 'stack',
    stackName,
    tables: Object.fromEntries(TABLE_KEYS.map((k) => [k, get(OUTPUT_IDS.table(k))])) as Record<
      TableKey,
      string
    >,
    buckets: Object.fromEntries(BUCKET_KEYS.map((k) => [k, get(OUTPUT_IDS.bucket(k))])) as Record<
      BucketKey,
      string
    >,
    functions: Object.fromEntries(OPERATOR_FUNCTIONS.map((f) => [f, get(OUTPUT_IDS.fn(f))])) as Record<
      OperatorFunction,
      string
    >,
    stateMachines: Object.fromEntries(
      OPERATOR_STATE_MACHINES.map((s) => [s, get(OUTPUT_IDS.stateMachine(s))]),
    ) as Record<OperatorStateMachine, string>,
    instance: { arn: get(OUTPUT_IDS.instanceArn), id: get(OUTPUT_IDS.instanceId) },
  };
}

/**
 * The environment the Lambdas get from infra (TABLES[k].envVar, BUCKETS[k].envVar), for these resources.
 * The operator process sets it so that every adapter resolves exactly the names the deployed functions use.
 */
export function resourceEnvironment(resources: StageResources): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of TABLE_KEYS) env[TABLES[k].envVar] = resources.tables[k];
  for (const k of BUCKET_KEYS) env[BUCKETS[k].envVar] = resources.buckets[k];
  if (resources.instance) env['CONNECT_INSTANCE_ID'] = resources.instance.id;
  return env;
}

export class ResourceEnvironmentError extends Error {
  override readonly name = 'ResourceEnvironmentError';
}

/**
 * The other way round, inside a deployed function: the names infra bound with DataStores.grantTable
 * (TABLES[k].envVar), for the tables the function was granted. A missing variable names itself and the table.
 */
export function tablesFromEnvironment<K extends TableKey>(
  keys: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
): Record<K, string> {
  const missing = keys.filter((k) => !env[TABLES[k].envVar]);
  if (missing.length > 0)
    throw new ResourceEnvironmentError(
      `${missing.map((k) => `${TABLES[k].envVar} (the ${k} table)`).join(', ')} not set: infra sets it with the table's grant`,
    );
  return Object.fromEntries(keys.map((k) => [k, env[TABLES[k].envVar]!])) as Record<K, string>;
}
