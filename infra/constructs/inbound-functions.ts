/**
 * Inbound capability: the six Lambdas the flows call while a caller waits (ivr-lookup, route, transfer,
 * callback, survey, opt-out), each a ConnectFunction associated with the instance, with only the access
 * it needs and only its own slice of the config in its environment (Lambda environments are ≤ 4 KB).
 *
 * | function   | tables (access)                                   | other                                 |
 * |------------|---------------------------------------------------|---------------------------------------|
 * | ivr-lookup | customers (read), dnc (read)                      |                                       |
 * | route      | customers (readWrite: notes the contact)          | connect:GetCurrentMetricData (instance, its queues) |
 * | transfer   | interactions (readWrite)                          | QUEUE_ARNS                            |
 * | callback   | interactions (readWrite), dnc (read)              |                                       |
 * | survey     | interactions (readWrite)                          |                                       |
 * | opt-out    | dnc (readWrite)                                   |                                       |
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { TABLES, type TableKey } from '#shared/data/tables.ts';
import {
  INBOUND_FUNCTIONS,
  type InboundFunctionName,
  inboundEnvironment,
  QUEUE_ARNS_ENV,
} from '#shared/middleware/inbound-settings.ts';
import { ConnectFunction } from './connect-function.ts';
import type { ConnectInstance } from './connect-instance.ts';
import type { DataStores } from './data-stores.ts';
import { acknowledgeWildcards, nagRef } from './nag.ts';
import type { Routing } from './routing.ts';

export interface InboundFunctionsProps {
  config: ContactCenterConfig;
  data: DataStores;
  instance: ConnectInstance;
  routing: Routing;
}

interface FunctionSpec {
  description: string;
  tables: Partial<Record<TableKey, 'read' | 'readWrite'>>;
  queueArns?: boolean;
}

const SPECS: Record<InboundFunctionName, FunctionSpec> = {
  'ivr-lookup': {
    description: 'IVR: caller number → customer profile, repeat caller, last agent, internal DNC status',
    tables: { customers: 'read', dnc: 'read' },
  },
  route: {
    description:
      'IVR: intent, language, tier and live queue metrics → target queue, priority, callback offer',
    // readWrite: notes the contact on the caller's activity while Connect's metrics API answers.
    tables: { customers: 'readWrite' },
    queueArns: true,
  },
  transfer: {
    description:
      'Transfer flows: record transfer context, whisper text, toll-fraud guard for external numbers',
    tables: { interactions: 'readWrite' },
    queueArns: true,
  },
  callback: {
    description: 'IVR: validate a keyed callback number and keep one pending callback per number and queue',
    tables: { interactions: 'readWrite', dnc: 'read' },
  },
  survey: {
    description: 'Post-call survey: store CSAT (1–5) and NPS (0–10)',
    tables: { interactions: 'readWrite' },
  },
  'opt-out': {
    description: 'IVR opt-out: put the caller on the internal DNC list at once',
    tables: { dnc: 'readWrite' },
  },
};

export class InboundFunctions extends Construct {
  readonly functions: Record<InboundFunctionName, ConnectFunction>;

  constructor(scope: Construct, id: string, props: InboundFunctionsProps) {
    super(scope, id);
    const { config, data, instance, routing } = props;
    const queueArns = Stack.of(this).toJsonString(
      Object.fromEntries(config.queues.map((q) => [q.name, routing.queueArn(q.name)])),
    );

    const functions = {} as Record<InboundFunctionName, ConnectFunction>;
    for (const name of INBOUND_FUNCTIONS) {
      const spec = SPECS[name];
      assertEnvironmentFits(
        name,
        inboundEnvironment(config, name),
        spec.queueArns ? config.queues.length : 0,
      );
      const fn = new ConnectFunction(this, name, {
        name,
        description: spec.description,
        instance,
        environment: {
          ...inboundEnvironment(config, name),
          ...(spec.queueArns ? { [QUEUE_ARNS_ENV]: queueArns } : {}),
        },
      });
      const grants = Object.entries(spec.tables) as [TableKey, 'read' | 'readWrite'][];
      for (const [table, access] of grants) data.grantTable(table, fn.fn, access);
      acknowledgeGrantWildcards(fn, data, grants);
      functions[name] = fn;
    }

    // GetCurrentMetricData authorizes on the instance and on each queue asked about: name them, no wildcard.
    functions.route.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:GetCurrentMetricData'],
        resources: [instance.instanceArn, ...config.queues.map((q) => routing.queueArn(q.name))],
      }),
    );
    this.functions = functions;
  }
}

/** Lambda rejects environments over 4 KB at deploy time; say so at synth, naming what to trim. */
const LAMBDA_ENV_LIMIT = 4096;
/** Room for everything else: table names, Powertools settings, NODE_OPTIONS (generous). */
const OTHER_ENV_BYTES = 600;
/** A queue ARN plus its JSON key and quotes, at most. */
const QUEUE_ARN_ENTRY_BYTES = 200;

function assertEnvironmentFits(name: string, env: Record<string, string>, queues: number): void {
  const own = Object.entries(env).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v), 0);
  const total = own + queues * QUEUE_ARN_ENTRY_BYTES + OTHER_ENV_BYTES;
  if (total > LAMBDA_ENV_LIMIT) {
    throw new Error(
      `InboundFunctions: the ${name} function's environment would be about ${total} bytes (its config slice ${own}, ` +
        `${queues} queue ARNs); Lambda allows ${LAMBDA_ENV_LIMIT}. Shorten hours/holidays or routing rules in the config.`,
    );
  }
}

/** The wildcards CDK's table grants add, acknowledged precisely on the function that received them. */
function acknowledgeGrantWildcards(
  fn: ConnectFunction,
  data: DataStores,
  grants: [TableKey, 'read' | 'readWrite'][],
): void {
  if (grants.some(([, access]) => access === 'readWrite')) {
    acknowledgeWildcards(
      fn,
      ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      'KMS data-key actions CDK grants for writing a table encrypted with the center’s customer-managed key; on that one key only.',
    );
  }
  const indexed = grants.filter(([table]) => TABLES[table].gsis.length > 0);
  if (indexed.length > 0) {
    acknowledgeWildcards(
      fn,
      indexed.map(
        ([table]) => `Resource::${nagRef(data.tables[table].node.defaultChild as CfnElement)}/index/*`,
      ),
      'CDK table grants include the table’s own global secondary indexes; only this table’s indexes, no other table.',
    );
  }
}
