/**
 * `santral preflight --deployed [--stage <s>|--config <file>] [--json]`: before the first deploy onto an
 * existing instance (`instance.import`), check it and say what to do about each finding. Synthesizes the
 * config in-process (offline) for the names the stack creates; then reads the instance with your AWS
 * credentials (the Connect List and Describe APIs, CloudWatch Logs DescribeLogGroups, Service Quotas). A thin shell over shared/operator/preflight.ts.
 *
 * Exit code: 0 ready (warnings allowed), 2 blocking findings, 1 the check itself failed.
 */

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConnectClient } from '@aws-sdk/client-connect';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { Command } from 'commander';
import { synthesizeTemplate } from '#infra/app.ts';
import { parseTemplate } from '#shared/admin/template-diff.ts';
import { preflightPlan, preflightText, runPreflight } from '#shared/operator/preflight.ts';
import { loadCliConfig } from '../config-option.ts';

export const PREFLIGHT_BLOCKED_EXIT = 2;

export function register(program: Command): void {
  program
    .command('preflight')
    .option(
      '--deployed',
      'read the instance named by instance.import.arn with your AWS credentials (required)',
    )
    .option('--json', 'print the findings as JSON')
    .description(
      'before the first deploy onto an existing instance: storage configs, name clashes, library prompts, instance attributes, the flow-log group and quotas, with what to do about each; exit 2 on blocking findings',
    )
    .action(async (o: { deployed?: boolean; json?: boolean }) => {
      if (!o.deployed)
        throw new Error(
          'preflight reads a live Connect instance: add --deployed (it uses your AWS credentials: AWS_PROFILE, aws sso login)',
        );
      const config = loadCliConfig(program);
      const template = parseTemplate(JSON.stringify(synthesizeTemplate(config)), `Santral-${config.stage}`);
      const plan = preflightPlan(config, template);
      // The instance's region is in its ARN (arn:aws:connect:<region>:…); quotas are read there too.
      const region = plan.instanceArn.split(':')[3] ?? config.region;
      const report = await runPreflight(plan, {
        connect: new ConnectClient({ region }),
        quotas: new ServiceQuotasClient({ region }),
        logs: new CloudWatchLogsClient({ region }),
        stage: config.stage,
      });
      console.log(o.json ? JSON.stringify(report, null, 2) : preflightText(report));
      if (report.blocking > 0) process.exitCode = PREFLIGHT_BLOCKED_EXIT;
    });
}
