/**
 * `santral preflight --deployed`: the real command on an imported-instance config file, with Connect and
 * Service Quotas and CloudWatch Logs mocked (no emulator): findings printed with what to do, exit 2 on blocking findings.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConnectClient,
  DescribeInstanceAttributeCommand,
  ListPromptsCommand,
  ListQueuesCommand,
} from '@aws-sdk/client-connect';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import * as preflightCommand from '#infra/cli/commands/preflight.ts';
import { CONFIG_DIR } from '#shared/config/load.ts';
import { runSantral } from '../../support/cli.ts';

const ARN = 'arn:aws:connect:us-east-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const connect = mockClient(ConnectClient);
const quotas = mockClient(ServiceQuotasClient);
const logs = mockClient(CloudWatchLogsClient);

/** dev.yaml onto an existing instance. */
function importedConfigFile(): string {
  const yaml = readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8').replace(
    /instance:\n {2}create:\n(?: {4}.*\n)+/,
    `instance:\n  import:\n    arn: ${ARN}\n    alias: acme-existing\n`,
  );
  if (!yaml.includes(ARN)) throw new Error('dev.yaml changed: the instance block was not replaced');
  const file = join(mkdtempSync(join(tmpdir(), 'santral-preflight-')), 'existing.yaml');
  writeFileSync(file, yaml);
  return file;
}

beforeEach(() => {
  connect.reset();
  quotas.reset();
  logs.reset();
  // Every List* answers empty unless a test says otherwise; attributes on; quotas roomy; no flow-log group yet.
  connect.onAnyCommand().resolves({});
  connect.on(ListPromptsCommand).resolves({ PromptSummaryList: [{ Name: 'CustomerQueue.wav' }] });
  connect.on(DescribeInstanceAttributeCommand).resolves({ Attribute: { Value: 'true' } });
  quotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 100 } });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
});

describe('santral preflight', () => {
  it('refuses to run without --deployed, saying why', async () => {
    await expect(runSantral([preflightCommand], ['preflight'])).rejects.toThrow(/add --deployed/);
  });

  it('prints each blocking finding with what to do and exits 2', async () => {
    connect.on(ListQueuesCommand).resolves({ QueueSummaryList: [{ Name: 'Support' }] });
    const r = await runSantral(
      [preflightCommand],
      ['--config', importedConfigFile(), 'preflight', '--deployed'],
    );
    expect(r.exitCode).toBe(2);
    expect(r.out).toContain(
      'BLOCKING  [names] queue "Support": the instance already has a queue named "Support"',
    );
    expect(r.out).toContain(
      '    → rename it in the config, or rename or delete the existing queue in the instance',
    );
    expect(r.out).toMatch(/1 blocking finding\(s\), \d+ warning\(s\)/);
    expect(r.out).toContain('ok  [flowLogs] /aws/connect/acme-existing: not there yet: the stack creates it');
    expect(connect.commandCalls(ListQueuesCommand)[0]!.args[0].input.InstanceId).toBe(
      'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    );
  }, 120_000);

  it('prints JSON with --json and exits 0 when nothing blocks', async () => {
    const r = await runSantral(
      [preflightCommand],
      ['--config', importedConfigFile(), 'preflight', '--deployed', '--json'],
    );
    const report = JSON.parse(r.out) as { instanceArn: string; blocking: number; findings: unknown[] };
    expect(report.instanceArn).toBe(ARN);
    expect(report.blocking).toBe(0);
    expect(r.exitCode).toBeUndefined();
  }, 120_000);
});
