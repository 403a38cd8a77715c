/**
 * santral preflight's service (shared/operator/preflight.ts): the plan from a real synthesized template of an
 * imported-instance config, and the checks against an instance whose Connect and Service Quotas APIs are
 * mocked (aws-sdk-client-mock: Connect has no emulator). One finding per rule, matched exactly.
 */

import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConnectClient,
  DescribeInstanceAttributeCommand,
  type InstanceStorageConfig,
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
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseTemplate } from '#shared/admin/template-diff.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { AwsAccessDeniedError, AwsCredentialsError } from '#shared/operator/aws-errors.ts';
import {
  CONNECT_QUOTAS,
  type Finding,
  InstanceNotFoundError,
  PreflightNotApplicableError,
  type PreflightPlan,
  preflightPlan,
  preflightText,
  runPreflight,
} from '#shared/operator/preflight.ts';
import { exampleConfig, synth } from '../../infra/support.ts';

const ARN = 'arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const connect = mockClient(ConnectClient);
const quotas = mockClient(ServiceQuotasClient);
const logs = mockClient(CloudWatchLogsClient);
const deps = () => ({
  connect: new ConnectClient({}),
  quotas: new ServiceQuotasClient({}),
  logs: new CloudWatchLogsClient({}),
  stage: 'dev',
});

function importedConfig(): ContactCenterConfig {
  const c = exampleConfig('dev');
  c.instance = { import: { arn: ARN, alias: 'acme-existing' } };
  return c;
}

let plan: PreflightPlan;
beforeAll(() => {
  const config = importedConfig();
  plan = preflightPlan(config, parseTemplate(JSON.stringify(synth(config).template.toJSON()), 'synth'));
}, 120_000);

const s3Recordings: InstanceStorageConfig = {
  StorageType: 'S3',
  S3Config: { BucketName: 'console-recordings', BucketPrefix: 'connect/acme' },
};

/** An instance set up in the console: recordings in its own bucket, CTRs and agent events streamed, nothing named like Santral's. */
function consoleInstance() {
  connect.on(ListInstanceStorageConfigsCommand).resolves({ StorageConfigs: [] });
  connect
    .on(ListInstanceStorageConfigsCommand, { ResourceType: 'CALL_RECORDINGS' })
    .resolves({ StorageConfigs: [s3Recordings] });
  connect.on(ListQueuesCommand).resolves({ QueueSummaryList: [{ Name: 'BasicQueue' }] });
  connect
    .on(ListHoursOfOperationsCommand)
    .resolves({ HoursOfOperationSummaryList: [{ Name: 'Basic Hours' }] });
  connect.on(ListQuickConnectsCommand).resolves({ QuickConnectSummaryList: [] });
  connect
    .on(ListRoutingProfilesCommand)
    .resolves({ RoutingProfileSummaryList: [{ Name: 'Basic Routing Profile' }] });
  connect.on(ListContactFlowsCommand).resolves({
    ContactFlowSummaryList: [{ Name: 'Default customer queue' }, { Name: 'Sample inbound flow' }],
  });
  connect.on(ListContactFlowModulesCommand).resolves({ ContactFlowModulesSummaryList: [] });
  connect
    .on(ListPromptsCommand)
    .resolves({ PromptSummaryList: [{ Name: 'CustomerQueue.wav' }, { Name: 'Beep.wav' }] });
  connect.on(ListUsersCommand).resolves({ UserSummaryList: [{ Username: 'admin' }] });
  connect.on(DescribeInstanceAttributeCommand).resolves({ Attribute: { Value: 'true' } });
  connect.on(ListPhoneNumbersV2Command).resolves({ ListPhoneNumbersSummaryList: [] });
  // Flow logging never ran: no /aws/connect/acme-existing yet (only another instance's group shares the prefix).
  logs
    .on(DescribeLogGroupsCommand)
    .resolves({ logGroups: [{ logGroupName: '/aws/connect/acme-existing-2', retentionInDays: 30 }] });
  quotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 10 } });
  quotas
    .on(GetServiceQuotaCommand, { QuotaCode: CONNECT_QUOTAS.queues.code })
    .resolves({ Quota: { Value: 50 } });
  quotas
    .on(GetServiceQuotaCommand, { QuotaCode: CONNECT_QUOTAS.flows.code })
    .resolves({ Quota: { Value: 100 } });
}

const problems = (findings: Finding[]) => findings.filter((f) => f.severity !== 'ok');

beforeEach(() => {
  connect.reset();
  quotas.reset();
  logs.reset();
  consoleInstance();
});

describe('preflightPlan', () => {
  it('takes the names the stack creates from the synthesized template', () => {
    expect(plan.instanceArn).toBe(ARN);
    expect(plan.names.queues).toEqual([
      'Billing',
      'General',
      'Orders',
      'Outbound',
      'Returns',
      'Support',
      'Support TR',
    ]);
    expect(plan.names.hours).toEqual(['Always', 'Main', 'Returns']);
    expect(plan.names.flows).toContain('inbound-main');
    expect(plan.names.users).toEqual(['ayse', 'john', 'li', 'maria']);
    expect(plan.libraryPrompts).toEqual(['CustomerQueue.wav']);
    expect(plan.phoneNumbers).toBe(1);
    expect(plan.manageStorage).toEqual([]);
  });

  it('refuses a config that creates its own instance', () => {
    const config = exampleConfig('dev');
    expect(() => preflightPlan(config, { Resources: {} })).toThrow(PreflightNotApplicableError);
  });
});

describe('runPreflight', () => {
  it('passes an instance with nothing in the way, and says where its existing storage stays', async () => {
    const report = await runPreflight(plan, deps());
    expect(report.blocking).toBe(0);
    // Santral manages no storage by default: the console's recordings stay; no CTRs/agent events is a warning.
    expect(problems(report.findings)).toEqual([
      expect.objectContaining({ check: 'storage', severity: 'warning', subject: 'CONTACT_TRACE_RECORDS' }),
      expect.objectContaining({ check: 'storage', severity: 'warning', subject: 'AGENT_EVENTS' }),
    ]);
    expect(report.findings.find((f) => f.subject === 'CALL_RECORDINGS')).toEqual({
      check: 'storage',
      severity: 'ok',
      subject: 'CALL_RECORDINGS',
      message:
        'call recordings stay where they are (S3 bucket console-recordings/connect/acme); Santral does not manage them',
      action: '',
    });
    expect(preflightText(report)).toMatch(/ready to deploy \(2 warning\(s\)\)$/);
  });

  it('blocks a storage type Santral would create that the instance already has', async () => {
    const report = await runPreflight({ ...plan, manageStorage: ['CALL_RECORDINGS'] }, deps());
    const f = report.findings.find((x) => x.subject === 'CALL_RECORDINGS')!;
    expect(f.severity).toBe('blocking');
    expect(f.message).toContain('already stores call recordings (S3 bucket console-recordings/connect/acme)');
    expect(f.action).toMatch(/^either remove CALL_RECORDINGS from instance.import.manageStorage/);
  });

  it('finds a name clash on a later page of a paginated list', async () => {
    connect
      .on(ListQueuesCommand)
      .resolvesOnce({ QueueSummaryList: [{ Name: 'BasicQueue' }], NextToken: 'page-2' })
      .resolvesOnce({ QueueSummaryList: [{ Name: 'Support' }] });
    const report = await runPreflight(plan, deps());
    expect(problems(report.findings).filter((f) => f.check === 'names')).toEqual([
      {
        check: 'names',
        severity: 'blocking',
        subject: 'queue "Support"',
        message:
          'the instance already has a queue named "Support"; the deploy would try to create another and fail (Santral does not adopt existing resources)',
        action: 'rename it in the config, or rename or delete the existing queue in the instance',
      },
    ]);
    expect(connect.commandCalls(ListQueuesCommand).map((c) => c.args[0].input.NextToken)).toEqual([
      undefined,
      'page-2',
    ]);
    expect(report.blocking).toBe(1);
  });

  it('checks every kind of name: hours, quick connects, routing profiles, flows, users', async () => {
    connect.on(ListHoursOfOperationsCommand).resolves({ HoursOfOperationSummaryList: [{ Name: 'Main' }] });
    connect.on(ListQuickConnectsCommand).resolves({ QuickConnectSummaryList: [{ Name: 'To Support' }] });
    connect
      .on(ListRoutingProfilesCommand)
      .resolves({ RoutingProfileSummaryList: [{ Name: 'Customer Care' }] });
    connect.on(ListContactFlowsCommand).resolves({ ContactFlowSummaryList: [{ Name: 'inbound-main' }] });
    connect.on(ListUsersCommand).resolves({ UserSummaryList: [{ Username: 'john' }] });
    const report = await runPreflight(plan, deps());
    expect(
      report.findings.filter((f) => f.check === 'names' && f.severity === 'blocking').map((f) => f.subject),
    ).toEqual([
      'hours "Main"',
      'quick connect "To Support"',
      'routing profile "Customer Care"',
      'flow "inbound-main"',
      'user "john"',
    ]);
  });

  it('blocks a library prompt the instance does not have', async () => {
    connect.on(ListPromptsCommand).resolves({ PromptSummaryList: [{ Name: 'Beep.wav' }] });
    const report = await runPreflight(plan, deps());
    expect(problems(report.findings).filter((f) => f.check === 'prompts')).toEqual([
      expect.objectContaining({ severity: 'blocking', subject: 'prompt "CustomerQueue.wav"' }),
    ]);
  });

  it('reports attributes the flows rely on that are off: outbound calls block, flow logs warn', async () => {
    connect
      .on(DescribeInstanceAttributeCommand, { AttributeType: 'OUTBOUND_CALLS' })
      .resolves({ Attribute: { Value: 'false' } });
    connect
      .on(DescribeInstanceAttributeCommand, { AttributeType: 'CONTACTFLOW_LOGS' })
      .resolves({ Attribute: { Value: 'false' } });
    const report = await runPreflight(plan, deps());
    const attrs = problems(report.findings).filter((f) => f.check === 'attributes');
    expect(attrs.map((f) => [f.subject, f.severity])).toEqual([
      ['OUTBOUND_CALLS', 'blocking'],
      ['CONTACTFLOW_LOGS', 'warning'],
    ]);
    expect(attrs[0]!.action).toContain(
      'aws connect update-instance-attribute --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee --attribute-type OUTBOUND_CALLS --value true',
    );
  });

  it('blocks a flow-log group that exists when the stack would create it, and says both ways out', async () => {
    expect(plan.flowLogs).toEqual({ name: '/aws/connect/acme-existing', mode: 'create', retentionDays: 30 });
    const absent = await runPreflight(plan, deps());
    expect(absent.findings.find((f) => f.check === 'flowLogs')).toMatchObject({
      severity: 'ok',
      message: expect.stringMatching(/^not there yet: the stack creates it, retained 30 days/),
    });
    expect(logs.commandCalls(DescribeLogGroupsCommand)[0]!.args[0].input.logGroupNamePrefix).toBe(
      '/aws/connect/acme-existing',
    );
    logs.on(DescribeLogGroupsCommand).resolves({
      logGroups: [{ logGroupName: '/aws/connect/acme-existing-2' }],
      nextToken: 'p2',
    });
    logs
      .on(DescribeLogGroupsCommand, { nextToken: 'p2' })
      .resolves({ logGroups: [{ logGroupName: '/aws/connect/acme-existing' }] });
    const present = await runPreflight(plan, deps());
    const f = present.findings.find((x) => x.check === 'flowLogs')!;
    expect(f.severity).toBe('blocking');
    expect(f.action).toContain('set instance.import.flowLogGroup: existing');
    expect(f.action).toContain(
      'aws logs put-retention-policy --log-group-name /aws/connect/acme-existing --retention-in-days 30',
    );
    expect(present.blocking).toBe(1);
  });

  it('with flowLogGroup: existing, checks that group’s retention, and warns when the group is missing', async () => {
    const existing = { ...plan, flowLogs: { ...plan.flowLogs!, mode: 'existing' as const } };
    logs
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: '/aws/connect/acme-existing' }] });
    const forever = (await runPreflight(existing, deps())).findings.find((f) => f.check === 'flowLogs')!;
    expect([forever.severity, forever.message]).toEqual([
      'warning',
      'the existing group keeps flow logs forever (no retention), retention.flowLogsDays says 30; flow logs hold caller numbers and contact attributes',
    ]);
    logs
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: '/aws/connect/acme-existing', retentionInDays: 30 }] });
    expect(
      (await runPreflight(existing, deps())).findings.find((f) => f.check === 'flowLogs')!.severity,
    ).toBe('ok');
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
    const missing = (await runPreflight(existing, deps())).findings.find((f) => f.check === 'flowLogs')!;
    expect(missing.severity).toBe('warning');
    expect(missing.action).toMatch(/^remove instance.import.flowLogGroup/);
  });

  it('blocks when the numbers already claimed plus Santral’s exceed the instance quota', async () => {
    connect.on(ListPhoneNumbersV2Command).resolves({
      ListPhoneNumbersSummaryList: Array.from({ length: 5 }, (_, i) => ({ PhoneNumberId: `n${i}` })),
    });
    quotas
      .on(GetServiceQuotaCommand, { QuotaCode: CONNECT_QUOTAS.phoneNumbers.code })
      .resolves({ Quota: { Value: 5 } });
    const report = await runPreflight(plan, deps());
    expect(report.findings.find((f) => f.subject === 'phone numbers per instance')).toEqual({
      check: 'quotas',
      severity: 'blocking',
      subject: 'phone numbers per instance',
      message: '5 in the instance + 1 from Santral = 6 of quota 5 (L-8F812903)',
      action:
        'request an increase of L-8F812903 (Service Quotas › Amazon Connect › phone numbers per instance) before deploying',
    });
    expect(
      quotas.commandCalls(GetServiceQuotaCommand, { QuotaCode: 'L-8F812903' })[0]!.args[0].input.ContextId,
    ).toBe(ARN);
  });

  it('falls back to the documented default, clearly, when a quota cannot be read', async () => {
    quotas
      .on(GetServiceQuotaCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const report = await runPreflight(plan, deps());
    const q = report.findings.find((f) => f.subject === 'queues per instance')!;
    expect(q.severity).toBe('warning');
    expect(q.message).toBe(
      '1 in the instance + 7 from Santral = 8 of quota not readable (AccessDeniedException), assuming the documented default 50 (L-19A87C94)',
    );
    expect(q.action).toContain('allow servicequotas:GetServiceQuota');
  });

  it('turns missing credentials into the error that says what to do', async () => {
    connect.on(ListInstanceStorageConfigsCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    await expect(runPreflight(plan, deps())).rejects.toBeInstanceOf(AwsCredentialsError);
  });

  it('names the Connect action an identity may not call', async () => {
    connect.on(ListUsersCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    const err = await runPreflight(plan, deps()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsAccessDeniedError);
    expect((err as Error).message).toMatch(/may not connect:ListUsers/);
  });

  it('says when the imported instance does not exist', async () => {
    connect
      .on(ListInstanceStorageConfigsCommand)
      .rejects(Object.assign(new Error('x'), { name: 'ResourceNotFoundException' }));
    await expect(runPreflight(plan, deps())).rejects.toBeInstanceOf(InstanceNotFoundError);
  });
});
