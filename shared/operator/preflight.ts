/**
 * `santral preflight --deployed`: check an existing Connect instance (`instance.import`) before the first
 * deploy onto it, and say what to do about each finding.
 *
 * - storage: ListInstanceStorageConfigs per resource type vs `instance.import.manageStorage`. AWS documents
 *   AssociateInstanceStorageConfig as a first-time association
 *   (https://docs.aws.amazon.com/connect/latest/APIReference/API_AssociateInstanceStorageConfig.html), so a
 *   type Santral would create that the instance already has is blocking;
 * - names: the List* APIs (paginated) vs the names the stack creates — Connect refuses a second queue,
 *   hours, quick connect, routing profile, flow, module, prompt or user of the same name
 *   (DuplicateResourceException), and Santral does not adopt existing resources;
 * - prompts looked up in the instance's library (config `prompts` without `s3Uri`) must exist;
 * - attributes (DescribeInstanceAttribute): Santral changes no attribute of an imported instance, so an
 *   attribute its flows rely on must already be on;
 * - flow logs (CloudWatch Logs DescribeLogGroups): Connect creates `/aws/connect/<alias>` itself, without
 *   retention, the first time a flow logs and the group is missing
 *   (https://docs.aws.amazon.com/connect/latest/adminguide/contact-flow-logs-stored-in-cloudwatch.html); a stack
 *   that creates a group which already exists fails (CloudFormation: "already exists"), so an existing group
 *   with `instance.import.flowLogGroup: create` is blocking, and an `existing` one is checked for retention;
 * - quotas (Service Quotas GetServiceQuota, per instance): what exists plus what the stack adds vs the
 *   applied quota. Quota codes from the Amazon Connect Administrator Guide, "Amazon Connect service quotas"
 *   (https://docs.aws.amazon.com/connect/latest/adminguide/amazon-connect-service-limits.html): phone
 *   numbers per instance L-8F812903 (default 5), queues per instance L-19A87C94 (50), contact flows per
 *   instance L-22922690 (100). When a quota cannot be read the finding says so and uses that default.
 *
 * Credential and permission problems become AwsCredentialsError / AwsAccessDeniedError (aws-errors.ts).
 */

import { type CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  type ConnectClient,
  DescribeInstanceAttributeCommand,
  type InstanceAttributeType,
  type InstanceStorageConfig,
  type InstanceStorageResourceType,
  ListContactFlowModulesCommand,
  ListContactFlowsCommand,
  ListHoursOfOperationsCommand,
  ListInstanceStorageConfigsCommand,
  ListPhoneNumbersV2Command,
  ListPromptsCommand,
  ListQueuesCommand,
  ListQuickConnectsCommand,
  ListRoutingProfilesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-connect';
import { GetServiceQuotaCommand, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { type CfnTemplate, connectResourceNames, libraryPromptLookups } from '#shared/admin/template-diff.ts';
import { type ContactCenterConfig, flowLogGroupOf } from '#shared/config/schema.ts';
import { classifyAwsError } from './aws-errors.ts';

export type Severity = 'blocking' | 'warning' | 'ok';

export interface Finding {
  check: 'storage' | 'names' | 'prompts' | 'attributes' | 'flowLogs' | 'quotas';
  severity: Severity;
  /** What the finding is about: `CALL_RECORDINGS`, `queue "Support"`, `OUTBOUND_CALLS`, `queues per instance`. */
  subject: string;
  message: string;
  /** What to do about it (empty for ok). */
  action: string;
}

export interface PreflightReport {
  instanceArn: string;
  findings: Finding[];
  blocking: number;
  warnings: number;
}

export const STORAGE_TYPES = ['CALL_RECORDINGS', 'CONTACT_TRACE_RECORDS', 'AGENT_EVENTS'] as const;
export type ManagedStorageType = (typeof STORAGE_TYPES)[number];

/** What the deploy would do to the instance (from the config and the template it synthesizes). */
export interface PreflightPlan {
  instanceArn: string;
  manageStorage: readonly ManagedStorageType[];
  /** Names the stack creates, per kind. */
  names: {
    queues: string[];
    hours: string[];
    quickConnects: string[];
    routingProfiles: string[];
    flows: string[];
    modules: string[];
    prompts: string[];
    users: string[];
  };
  /** Prompts the flows take from the instance's library (must exist). */
  libraryPrompts: string[];
  /** Phone numbers the stack claims. */
  phoneNumbers: number;
  /** The flow-log group (`/aws/connect/<alias>`) and whether the stack creates it; absent without an alias. */
  flowLogs?: { name: string; mode: 'create' | 'existing'; retentionDays: number };
  /** Attributes the config relies on, and why. */
  requiredAttributes: { attribute: InstanceAttributeType; severity: 'blocking' | 'warning'; why: string }[];
}

/** Service Quotas codes (Amazon Connect Administrator Guide, service quotas) with the documented defaults. */
export const CONNECT_QUOTAS = {
  phoneNumbers: { code: 'L-8F812903', name: 'phone numbers per instance', default: 5 },
  queues: { code: 'L-19A87C94', name: 'queues per instance', default: 50 },
  flows: { code: 'L-22922690', name: 'contact flows per instance', default: 100 },
} as const;

/** Above this share of a quota after the deploy: a warning (room for the next change). */
const QUOTA_WARN_SHARE = 0.8;

export class InstanceNotFoundError extends Error {
  override readonly name = 'InstanceNotFoundError';
  constructor(
    readonly instanceArn: string,
    options?: { cause?: unknown },
  ) {
    super(
      `instance.import.arn ${instanceArn} does not exist in this account and region (or is not active): check the ARN in the config and AWS_PROFILE (the account)`,
      options,
    );
  }
}

export interface PreflightDeps {
  connect: ConnectClient;
  quotas: ServiceQuotasClient;
  logs: CloudWatchLogsClient;
  stage: string;
}

const instanceId = (arn: string) => arn.split('/').pop()!;

/** Every page of a List* call. */
async function listAll<T>(
  page: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const r = await page(token);
    out.push(...(r.items ?? []));
    token = r.next;
  } while (token);
  return out;
}

const STORAGE_WHAT: Record<ManagedStorageType, string> = {
  CALL_RECORDINGS: 'call recordings',
  CONTACT_TRACE_RECORDS: 'contact trace records',
  AGENT_EVENTS: 'agent events',
};

function storageTarget(c: InstanceStorageConfig): string {
  if (c.S3Config)
    return `S3 bucket ${c.S3Config.BucketName}${c.S3Config.BucketPrefix ? `/${c.S3Config.BucketPrefix}` : ''}`;
  if (c.KinesisStreamConfig) return `Kinesis stream ${c.KinesisStreamConfig.StreamArn?.split('/').pop()}`;
  if (c.KinesisFirehoseConfig) return `Firehose ${c.KinesisFirehoseConfig.FirehoseArn?.split('/').pop()}`;
  if (c.KinesisVideoStreamConfig)
    return `Kinesis video streams (prefix ${c.KinesisVideoStreamConfig.Prefix})`;
  return c.StorageType ?? 'unknown storage';
}

function storageFindings(
  type: ManagedStorageType,
  managed: boolean,
  existing: InstanceStorageConfig[],
): Finding {
  const what = STORAGE_WHAT[type];
  const has = existing.map(storageTarget).join(', ');
  if (managed && existing.length > 0)
    return {
      check: 'storage',
      severity: 'blocking',
      subject: type,
      message: `the instance already stores ${what} (${has}); instance.import.manageStorage lists ${type}, so the deploy would associate a second ${type} storage config, which AssociateInstanceStorageConfig allows only as a first-time association`,
      action: `either remove ${type} from instance.import.manageStorage (the existing storage stays; Santral does not see these ${what}), or disassociate the existing one first (console › Data storage, or aws connect disassociate-instance-storage-config --resource-type ${type})`,
    };
  if (managed)
    return {
      check: 'storage',
      severity: 'ok',
      subject: type,
      message: `no ${what} storage yet: Santral will create it`,
      action: '',
    };
  if (existing.length === 0)
    return {
      check: 'storage',
      severity: 'warning',
      subject: type,
      message: `the instance has no ${what} storage and Santral will not create one (not in instance.import.manageStorage)`,
      action: `add ${type} to instance.import.manageStorage to let Santral create it, or set it up yourself`,
    };
  return {
    check: 'storage',
    severity: 'ok',
    subject: type,
    message: `${what} stay where they are (${has}); Santral does not manage them`,
    action: '',
  };
}

type NameKind = keyof PreflightPlan['names'];

const KIND_LABEL: Record<NameKind, string> = {
  queues: 'queue',
  hours: 'hours',
  quickConnects: 'quick connect',
  routingProfiles: 'routing profile',
  flows: 'flow',
  modules: 'flow module',
  prompts: 'prompt',
  users: 'user',
};

function nameFindings(kind: NameKind, planned: string[], existing: Set<string>): Finding[] {
  const clashes = planned.filter((n) => existing.has(n));
  if (clashes.length === 0)
    return [
      {
        check: 'names',
        severity: 'ok',
        subject: `${KIND_LABEL[kind]} names`,
        message: `none of the ${planned.length} ${KIND_LABEL[kind]} name(s) Santral creates exists yet`,
        action: '',
      },
    ];
  return clashes.map((n) => ({
    check: 'names' as const,
    severity: 'blocking' as const,
    subject: `${KIND_LABEL[kind]} "${n}"`,
    message: `the instance already has a ${KIND_LABEL[kind]} named "${n}"; the deploy would try to create another and fail (Santral does not adopt existing resources)`,
    action: `rename it in the config, or rename or delete the existing ${KIND_LABEL[kind]} in the instance`,
  }));
}

async function quotaValue(
  deps: PreflightDeps,
  instanceArn: string,
  q: (typeof CONNECT_QUOTAS)[keyof typeof CONNECT_QUOTAS],
): Promise<{ value: number; read: true } | { value: number; read: false; why: string }> {
  // Connect's quotas apply per instance: ask for the instance's value first, then the account's.
  for (const context of [instanceArn, undefined]) {
    try {
      const r = await deps.quotas.send(
        new GetServiceQuotaCommand({
          ServiceCode: 'connect',
          QuotaCode: q.code,
          ...(context ? { ContextId: context } : {}),
        }),
      );
      if (typeof r.Quota?.Value === 'number') return { value: r.Quota.Value, read: true };
    } catch (err) {
      const classified = classifyAwsError(err, {
        stage: deps.stage,
        action: 'servicequotas:GetServiceQuota',
      });
      // Without credentials nothing else worked either: stop. Anything else: fall back to the documented default.
      if (classified instanceof Error && classified.name === 'AwsCredentialsError') throw classified;
      if (context === undefined)
        return { value: q.default, read: false, why: (err as { name?: string }).name ?? 'error' };
    }
  }
  return { value: q.default, read: false, why: 'no value returned' };
}

async function quotaFinding(
  deps: PreflightDeps,
  instanceArn: string,
  key: keyof typeof CONNECT_QUOTAS,
  existing: number,
  adding: number,
): Promise<Finding> {
  const q = CONNECT_QUOTAS[key];
  const v = await quotaValue(deps, instanceArn, q);
  const total = existing + adding;
  const source = v.read
    ? `quota ${v.value} (${q.code})`
    : `quota not readable (${v.why}), assuming the documented default ${v.value} (${q.code})`;
  const message = `${existing} in the instance + ${adding} from Santral = ${total} of ${source}`;
  const raise = `request an increase of ${q.code} (Service Quotas › Amazon Connect › ${q.name}) before deploying`;
  if (total > v.value)
    return { check: 'quotas', severity: 'blocking', subject: q.name, message, action: raise };
  if (!v.read)
    return {
      check: 'quotas',
      severity: 'warning',
      subject: q.name,
      message,
      action: `check the applied value in Service Quotas (aws service-quotas get-service-quota --service-code connect --quota-code ${q.code} --context-id <instance ARN>); allow servicequotas:GetServiceQuota to let preflight read it`,
    };
  if (total > v.value * QUOTA_WARN_SHARE)
    return {
      check: 'quotas',
      severity: 'warning',
      subject: q.name,
      message,
      action: `close to the quota: ${raise.replace(' before deploying', '')}`,
    };
  return { check: 'quotas', severity: 'ok', subject: q.name, message, action: '' };
}

function flowLogFinding(
  plan: NonNullable<PreflightPlan['flowLogs']>,
  group: { retentionInDays?: number | undefined } | undefined,
): Finding {
  const { name, retentionDays } = plan;
  const base = { check: 'flowLogs' as const, subject: name };
  const setRetention = `aws logs put-retention-policy --log-group-name ${name} --retention-in-days ${retentionDays}`;
  if (plan.mode === 'create')
    return group
      ? {
          ...base,
          severity: 'blocking',
          message: `the log group already exists (Connect creates it on the first flow log), and the stack would create it: CloudFormation fails on a log group that exists`,
          action: `set instance.import.flowLogGroup: existing (the stack leaves it alone; then ${setRetention}), or delete it if its logs may go (aws logs delete-log-group --log-group-name ${name}) so the stack creates it retained and encrypted`,
        }
      : {
          ...base,
          severity: 'ok',
          message: `not there yet: the stack creates it, retained ${retentionDays} days and encrypted with the center key`,
          action: '',
        };
  if (!group)
    return {
      ...base,
      severity: 'warning',
      message: `instance.import.flowLogGroup is "existing" but there is no such group: Connect would create it on the first flow log, without retention (caller numbers and attributes kept forever)`,
      action: `remove instance.import.flowLogGroup (or set it to create) so the stack creates the group retained ${retentionDays} days`,
    };
  if (group.retentionInDays !== retentionDays)
    return {
      ...base,
      severity: 'warning',
      message: `the existing group keeps flow logs ${group.retentionInDays === undefined ? 'forever (no retention)' : `${group.retentionInDays} days`}, retention.flowLogsDays says ${retentionDays}; flow logs hold caller numbers and contact attributes`,
      action: setRetention,
    };
  return {
    ...base,
    severity: 'ok',
    message: `exists, kept ${retentionDays} days as retention.flowLogsDays says; the stack leaves it alone`,
    action: '',
  };
}

/** Run every check against the instance. */
export async function runPreflight(plan: PreflightPlan, deps: PreflightDeps): Promise<PreflightReport> {
  const InstanceId = instanceId(plan.instanceArn);
  const call = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if ((err as { name?: string }).name === 'ResourceNotFoundException')
        throw new InstanceNotFoundError(plan.instanceArn, { cause: err });
      throw classifyAwsError(err, { stage: deps.stage, action });
    }
  };
  const c = deps.connect;
  const findings: Finding[] = [];

  for (const type of STORAGE_TYPES) {
    const existing = await call('connect:ListInstanceStorageConfigs', () =>
      listAll(async (NextToken) => {
        const r = await c.send(
          new ListInstanceStorageConfigsCommand({
            InstanceId,
            ResourceType: type as InstanceStorageResourceType,
            ...(NextToken ? { NextToken } : {}),
          }),
        );
        return { items: r.StorageConfigs, next: r.NextToken };
      }),
    );
    findings.push(storageFindings(type, plan.manageStorage.includes(type), existing));
  }

  const names = async (
    action: string,
    fetch: (
      token: string | undefined,
    ) => Promise<{ items: (string | undefined)[] | undefined; next: string | undefined }>,
  ) => new Set((await call(action, () => listAll(fetch))).filter((n): n is string => typeof n === 'string'));
  const tok = (t: string | undefined) => (t ? { NextToken: t } : {});
  const existing: Record<NameKind, Set<string>> = {
    queues: await names('connect:ListQueues', async (t) => {
      const r = await c.send(new ListQueuesCommand({ InstanceId, QueueTypes: ['STANDARD'], ...tok(t) }));
      return { items: r.QueueSummaryList?.map((x) => x.Name), next: r.NextToken };
    }),
    hours: await names('connect:ListHoursOfOperations', async (t) => {
      const r = await c.send(new ListHoursOfOperationsCommand({ InstanceId, ...tok(t) }));
      return { items: r.HoursOfOperationSummaryList?.map((x) => x.Name), next: r.NextToken };
    }),
    quickConnects: await names('connect:ListQuickConnects', async (t) => {
      const r = await c.send(new ListQuickConnectsCommand({ InstanceId, ...tok(t) }));
      return { items: r.QuickConnectSummaryList?.map((x) => x.Name), next: r.NextToken };
    }),
    routingProfiles: await names('connect:ListRoutingProfiles', async (t) => {
      const r = await c.send(new ListRoutingProfilesCommand({ InstanceId, ...tok(t) }));
      return { items: r.RoutingProfileSummaryList?.map((x) => x.Name), next: r.NextToken };
    }),
    flows: await names('connect:ListContactFlows', async (t) => {
      const r = await c.send(new ListContactFlowsCommand({ InstanceId, ...tok(t) }));
      return { items: r.ContactFlowSummaryList?.map((x) => x.Name), next: r.NextToken };
    }),
    modules: await names('connect:ListContactFlowModules', async (t) => {
      const r = await c.send(new ListContactFlowModulesCommand({ InstanceId, ...tok(t) }));
      return { items: r.ContactFlowModulesSummaryList?.map((x) => x.Name), next: r.NextToken };
    }),
    prompts: await names('connect:ListPrompts', async (t) => {
      const r = await c.send(new ListPromptsCommand({ InstanceId, ...tok(t) }));
      return { items: r.PromptSummaryList?.map((x) => x.Name), next: r.NextToken };
    }),
    users: await names('connect:ListUsers', async (t) => {
      const r = await c.send(new ListUsersCommand({ InstanceId, ...tok(t) }));
      return { items: r.UserSummaryList?.map((x) => x.Username), next: r.NextToken };
    }),
  };
  for (const kind of Object.keys(KIND_LABEL) as NameKind[])
    if (plan.names[kind].length > 0) findings.push(...nameFindings(kind, plan.names[kind], existing[kind]));

  for (const p of plan.libraryPrompts)
    findings.push(
      existing.prompts.has(p)
        ? {
            check: 'prompts',
            severity: 'ok',
            subject: `prompt "${p}"`,
            message: 'in the instance’s library',
            action: '',
          }
        : {
            check: 'prompts',
            severity: 'blocking',
            subject: `prompt "${p}"`,
            message: `the flows play "${p}" from the instance's prompt library, and the instance has no prompt of that name`,
            action: `upload it (console › Prompts), point prompts[].instancePrompt at an existing prompt, or give prompts[].s3Uri so Santral creates it`,
          },
    );

  for (const req of plan.requiredAttributes) {
    const r = await call('connect:DescribeInstanceAttribute', () =>
      c.send(new DescribeInstanceAttributeCommand({ InstanceId, AttributeType: req.attribute })),
    );
    const on = r.Attribute?.Value === 'true';
    findings.push(
      on
        ? {
            check: 'attributes',
            severity: 'ok',
            subject: req.attribute,
            message: `on (${req.why})`,
            action: '',
          }
        : {
            check: 'attributes',
            severity: req.severity,
            subject: req.attribute,
            message: `off, but ${req.why}; Santral changes no attribute of an imported instance`,
            action: `turn it on (console › the instance › Telephony/Flows, or aws connect update-instance-attribute --instance-id ${InstanceId} --attribute-type ${req.attribute} --value true)`,
          },
    );
  }

  if (plan.flowLogs) {
    const wanted = plan.flowLogs.name;
    // The prefix also matches longer names (`/aws/connect/acme-2`): only the exact name counts.
    const groups = await call('logs:DescribeLogGroups', () =>
      listAll(async (nextToken) => {
        const r = await deps.logs.send(
          new DescribeLogGroupsCommand({ logGroupNamePrefix: wanted, ...(nextToken ? { nextToken } : {}) }),
        );
        return { items: r.logGroups, next: r.nextToken };
      }),
    );
    findings.push(
      flowLogFinding(
        plan.flowLogs,
        groups.find((g) => g.logGroupName === wanted),
      ),
    );
  }

  const phoneNumbers = await call('connect:ListPhoneNumbersV2', () =>
    listAll(async (t) => {
      const r = await c.send(new ListPhoneNumbersV2Command({ TargetArn: plan.instanceArn, ...tok(t) }));
      return { items: r.ListPhoneNumbersSummaryList, next: r.NextToken };
    }),
  );
  findings.push(
    await quotaFinding(deps, plan.instanceArn, 'phoneNumbers', phoneNumbers.length, plan.phoneNumbers),
  );
  findings.push(
    await quotaFinding(deps, plan.instanceArn, 'queues', existing.queues.size, plan.names.queues.length),
  );
  findings.push(
    await quotaFinding(deps, plan.instanceArn, 'flows', existing.flows.size, plan.names.flows.length),
  );

  return {
    instanceArn: plan.instanceArn,
    findings,
    blocking: findings.filter((f) => f.severity === 'blocking').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** The report for a terminal or a pull request: blocking first, then warnings, then what is fine. */
export function preflightText(report: PreflightReport): string {
  const out = [`preflight of ${report.instanceArn}`];
  const mark: Record<Severity, string> = { blocking: 'BLOCKING', warning: 'WARNING', ok: 'ok' };
  for (const severity of ['blocking', 'warning', 'ok'] as const)
    for (const f of report.findings.filter((x) => x.severity === severity)) {
      out.push(`${mark[severity]}  [${f.check}] ${f.subject}: ${f.message}`);
      if (f.action) out.push(`    → ${f.action}`);
    }
  out.push(
    report.blocking > 0
      ? `${report.blocking} blocking finding(s), ${report.warnings} warning(s): fix the blocking ones before the first deploy`
      : `ready to deploy (${report.warnings} warning(s))`,
  );
  return out.join('\n');
}

/** What the deploy would create and rely on: names from the synthesized template, the rest from the config. */
export function preflightPlan(config: ContactCenterConfig, template: CfnTemplate): PreflightPlan {
  const imported = config.instance.import;
  if (!imported)
    throw new PreflightNotApplicableError(
      'preflight checks an existing instance before the first deploy onto it; this config creates its own instance (instance.create), so there is nothing to check — use instance.import to deploy onto an existing one',
    );
  const names = connectResourceNames(template);
  const of = (type: string) => [...(names.get(`AWS::Connect::${type}`) ?? [])].sort();
  return {
    instanceArn: imported.arn,
    manageStorage: imported.manageStorage ?? [],
    names: {
      queues: of('Queue'),
      hours: of('HoursOfOperation'),
      quickConnects: of('QuickConnect'),
      routingProfiles: of('RoutingProfile'),
      flows: of('ContactFlow'),
      modules: of('ContactFlowModule'),
      prompts: of('Prompt'),
      users: of('User'),
    },
    libraryPrompts: libraryPromptLookups(template),
    ...(() => {
      const g = flowLogGroupOf(config);
      return g ? { flowLogs: g } : {};
    })(),
    phoneNumbers: of('PhoneNumber').length,
    requiredAttributes: [
      ...(config.phoneNumbers.length > 0
        ? [
            {
              attribute: 'INBOUND_CALLS' as const,
              severity: 'blocking' as const,
              why: `the config's ${config.phoneNumbers.length} phone number(s) take inbound calls`,
            },
          ]
        : []),
      {
        attribute: 'OUTBOUND_CALLS',
        severity: 'blocking',
        why: 'the flows offer callbacks and the campaign dialer places outbound calls',
      },
      {
        attribute: 'CONTACTFLOW_LOGS',
        severity: 'warning',
        why: 'the flows log to /aws/connect/<alias> (flow logs), which the stack keeps with retention',
      },
    ],
  };
}

export class PreflightNotApplicableError extends Error {
  override readonly name = 'PreflightNotApplicableError';
}
