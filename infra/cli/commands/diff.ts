/**
 * `santral diff --template <saved.json> [--json] [--out <file>]`: what deploying the current config would
 * change in Connect, compared with a saved template (an earlier `npx cdk synth`, or
 * `aws cloudformation get-template`). Offline: the config is synthesized in-process, no credentials.
 * A thin shell over shared/admin/template-diff.ts.
 *
 * Exit code (README › Conventions and exit codes: 1 is a failed command, results are 2+): 0 no changes,
 * 2 changes found, 1 could not compare (missing or unreadable template, config error).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { synthesizeTemplate } from '#infra/app.ts';
import { diffTemplates, hasChanges, parseTemplate, TemplateFileError } from '#shared/admin/template-diff.ts';
import { templateDiffMarkdown, templateDiffSummary } from '#shared/admin/template-diff-report.ts';
import { loadCliConfig } from '../config-option.ts';

export const DIFF_EXIT = { unchanged: 0, failed: 1, changed: 2 } as const;

function readTemplate(file: string) {
  if (!existsSync(file))
    throw new TemplateFileError(
      file,
      'file not found (save one with `npx cdk synth -c stage=<stage> > saved.json`, or `aws cloudformation get-template --stack-name Santral-<stage> --query TemplateBody > saved.json`)',
    );
  return parseTemplate(readFileSync(file, 'utf8'), file);
}

export function register(program: Command): void {
  program
    .command('diff')
    .requiredOption('--template <file>', 'saved CloudFormation template (JSON) to compare with')
    .option('--json', 'print the changes as JSON')
    .option('--out <file>', 'write the Markdown to a file (e.g. for a pull request comment)')
    .description(
      'what deploying the config would change in Connect (queues, hours, numbers, routing, quick connects, agents, flows by block, IAM actions) against a saved template; offline. exit 0 no changes, 2 changes, 1 error',
    )
    .action((o: { template: string; json?: boolean; out?: string }) => {
      try {
        const before = readTemplate(o.template);
        const config = loadCliConfig(program);
        const after = parseTemplate(JSON.stringify(synthesizeTemplate(config)), `Santral-${config.stage}`);
        const diff = diffTemplates(before, after);
        process.exitCode = hasChanges(diff) ? DIFF_EXIT.changed : DIFF_EXIT.unchanged;
        if (o.json) {
          console.log(
            JSON.stringify(
              { template: o.template, stage: config.stage, changed: hasChanges(diff), ...diff },
              null,
              2,
            ),
          );
          return;
        }
        const text = templateDiffMarkdown(diff, `Santral ${config.stage}: changes against ${o.template}`);
        if (!o.out) return void console.log(text.trimEnd());
        writeFileSync(o.out, text);
        console.error(`wrote ${o.out}: ${templateDiffSummary(diff)}`);
      } catch (err) {
        // Anything that stops the comparison is exit 1, so CI can tell "changes" (2) from "broken" (1).
        console.error(`santral: ${(err as Error).message}`);
        if (process.env['SANTRAL_DEBUG']) console.error((err as Error).stack);
        process.exitCode = DIFF_EXIT.failed;
      }
    });
}
