/**
 * Inbound capability: the six Lambdas the flows call while a caller waits (ivr-lookup, route, transfer,
 * callback, survey, opt-out), each a ConnectFunction associated with the instance, with only the access
 * it needs and only its own slice of the config in its environment (Lambda environments are ≤ 4 KB).
 *
 * | function   | tables (access kinds, see DataStores.grantTable)  | other                                 |
 * |------------|---------------------------------------------------|---------------------------------------|
 * | ivr-lookup | customers (get), dnc (get)                        |                                       |
 * | route      | customers (update: notes the contact)             | connect:GetCurrentMetricData (instance, its queues) |
 * | transfer   | interactions (append)                             | QUEUE_ARNS                            |
 * | callback   | interactions (put), dnc (get)                     |                                       |
 * | survey     | interactions (update)                             |                                       |
 * | opt-out    | dnc (append)                                      |                                       |
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import type { TableKey } from '#shared/data/tables.ts';
import {
  INBOUND_FUNCTIONS,
  type InboundFunctionName,
  inboundEnvironment,
  QUEUE_ARNS_ENV,
} from '#shared/middleware/inbound-settings.ts';
import { assertEnvironmentFits, ConnectFunction } from './connect-function.ts';
import type { ConnectInstance } from './connect-instance.ts';
import type { DataStores, TableAccess } from './data-stores.ts';
import type { Routing } from './routing.ts';

export interface InboundFunctionsProps {
  config: ContactCenterConfig;
  data: DataStores;
  instance: ConnectInstance;
  routing: Routing;
}

interface FunctionSpec {
  description: string;
  tables: Partial<Record<TableKey, TableAccess[]>>;
  queueArns?: boolean;
}

const SPECS: Record<InboundFunctionName, FunctionSpec> = {
  'ivr-lookup': {
    description: 'IVR: caller number → customer profile, repeat caller, last agent, internal DNC status',
    // One BatchGetItem over the caller's item and their DNC entry.
    tables: { customers: ['get'], dnc: ['get'] },
  },
  route: {
    description:
      'IVR: intent, language, tier and live queue metrics → target queue, priority, callback offer',
    // Notes the contact on the caller's activity (UpdateItem) while Connect's metrics API answers.
    tables: { customers: ['update'] },
    queueArns: true,
  },
  transfer: {
    description:
      'Transfer flows: record transfer context, whisper text, toll-fraud guard for external numbers',
    // A conditional put of the transfer key, read back on a retry, then the record itself.
    tables: { interactions: ['append'] },
    queueArns: true,
  },
  callback: {
    description: 'IVR: validate a keyed callback number and keep one pending callback per number and queue',
    // Conditional puts of the pending marker and the request record; a GetItem of the DNC entry.
    tables: { interactions: ['put'], dnc: ['get'] },
  },
  survey: {
    description: 'Post-call survey: store CSAT (1–5) and NPS (0–10)',
    tables: { interactions: ['update'] },
  },
  'opt-out': {
    description: 'IVR opt-out: put the caller on the internal DNC list at once',
    // Adds only (conditional put + audit record, read back on a conflict): never updates or deletes an entry.
    tables: { dnc: ['append'] },
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
        'InboundFunctions',
        name,
        inboundEnvironment(config, name),
        spec.queueArns ? config.queues.length : 0,
        'Shorten hours/holidays or routing rules in the config.',
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
      const grants = Object.entries(spec.tables) as [TableKey, TableAccess[]][];
      for (const [table, access] of grants) data.grantTable(table, fn.fn, ...access);
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
