/** `santral config check|show`: validate the selected config (--config / --stage) the same way synth does. */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { FLOWS_DIR } from '#shared/config/load.ts';
import { crossCheckConfigAndFlows } from '#shared/flows/config-crosscheck.ts';
import { loadAllFlows } from '#shared/flows/model.ts';
import { formatIssue } from '#shared/flows/validator.ts';
import { loadCliConfigWithSource } from '../config-option.ts';

export function register(program: Command): void {
  const config = program.command('config').description('inspect and validate the contact-center config');
  config
    .command('check')
    .description('validate the config (exit 1 with every problem, by file:line and path)')
    .action(() => {
      const { config: c, selection } = loadCliConfigWithSource(program);
      const file = relative(process.cwd(), selection.file) || selection.file;
      const findings = crossCheckConfigAndFlows(c, loadAllFlows(FLOWS_DIR), file);
      if (findings.length > 0) {
        for (const f of findings) console.error(`${f.severity}: ${formatIssue(f)}`);
        console.error(`${file}: ${findings.length} problem(s) between the config and contact-flows/`);
        process.exitCode = 1;
        return;
      }
      console.log(
        `${relative(process.cwd(), selection.file) || selection.file}: OK — ${c.name}, stage ${c.stage} (${c.queues.length} queues, ${c.hours.length} hours, ${c.phoneNumbers.length} numbers)`,
      );
    });
  config
    .command('show')
    .description('print the validated config with defaults filled in, as JSON')
    .action(() => {
      console.log(JSON.stringify(loadCliConfigWithSource(program).config, null, 2));
    });
}
