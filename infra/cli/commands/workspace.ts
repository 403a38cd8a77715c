/**
 * `santral workspace publish --deployed [--dry-run] [--json]`: build the app and publish it to the deployed
 * stage's hosting bucket with the config.json the pages read (from the stack outputs), then invalidate the
 * CloudFront distribution. A thin shell over shared/operator/workspace-publish.ts; progress on stderr.
 *
 * Exit code: 0 published (or dry run), 1 it could not (no workspace on the stage, credentials, permissions).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { Command } from 'commander';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { readStackOutputs } from '#shared/operator/stage.ts';
import { appConfigFor, publishWorkspace } from '#shared/operator/workspace-publish.ts';
import { buildWorkspace } from '#workspace/build.ts';
import { loadCliConfig } from '../config-option.ts';

export function register(program: Command): void {
  const ws = program.command('workspace').description('the agent workspace and supervisor console app');
  ws.command('publish')
    .description(
      "build the app and publish it to the deployed stage's hosting bucket with its config.json (from the stack outputs), then invalidate the CDN",
    )
    .option(
      '--deployed',
      'publish to the stage named by --stage/--config with your AWS credentials (required: the sandbox serves the app itself)',
    )
    .option('--dry-run', 'say what would be uploaded and deleted, change nothing')
    .option('--json', 'print the report as JSON')
    .action(async (o: { deployed?: boolean; dryRun?: boolean; json?: boolean }) => {
      if (!o.deployed)
        throw new Error(
          'workspace publish writes to a deployed stage: add --deployed (the sandbox, npm start, serves the app itself)',
        );
      const config = loadCliConfig(program);
      const { stackName, outputs } = await readStackOutputs({ stage: config.stage, region: config.region });
      const appConfig = appConfigFor(config, stackName, outputs);
      const dist = mkdtempSync(join(tmpdir(), 'santral-publish-'));
      const progress = (line: string) => console.error(line);
      const s3 = createS3Client({ region: config.region });
      // CloudFront is a global service; its API lives in us-east-1.
      const cloudFront = new CloudFrontClient({ region: 'us-east-1' });
      try {
        progress('building the app (workspace/build.ts)…');
        await buildWorkspace({ outdir: dist });
        const report = await publishWorkspace(
          { s3, cloudFront },
          {
            distDir: dist,
            bucket: outputs['WorkspaceBucket']!,
            distributionId: outputs['WorkspaceDistributionId']!,
            appConfig,
            dryRun: Boolean(o.dryRun),
            stage: config.stage,
            progress,
          },
        );
        if (o.json) console.log(JSON.stringify(report, null, 2));
        else
          console.log(
            report.dryRun
              ? `dry run: ${report.files.length} files would go to s3://${report.bucket}/, ${report.stale.length} would be deleted; nothing changed`
              : `published ${report.files.length} files to s3://${report.bucket}/ (${report.stale.length} old deleted), invalidation ${report.invalidationId ?? '(no id returned)'}; the app: ${outputs['WorkspaceUrl']}`,
          );
      } finally {
        s3.destroy();
        cloudFront.destroy();
        rmSync(dist, { recursive: true, force: true });
      }
    });
}
