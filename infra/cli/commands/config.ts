/** `santral config check|show`: validate a stage's config the same way synth does. */
import type { Command } from 'commander';
import { configFileForStage, loadConfigFile } from '#shared/config/load.ts';

export function register(program: Command): void {
  const config = program.command('config').description('inspect and validate the contact-center config');
  config
    .command('check')
    .description('validate infra/config/<stage>.yaml (exit 1 with every problem, by file:line and path)')
    .action(() => {
      const stage = program.opts<{ stage: string }>().stage;
      const file = configFileForStage(stage);
      const c = loadConfigFile(file);
      console.log(
        `${file}: OK — ${c.name} (${c.queues.length} queues, ${c.hours.length} hours, ${c.phoneNumbers.length} numbers)`,
      );
    });
  config
    .command('show')
    .description('print the validated config with defaults filled in, as JSON')
    .action(() => {
      const stage = program.opts<{ stage: string }>().stage;
      console.log(JSON.stringify(loadConfigFile(configFileForStage(stage)), null, 2));
    });
}
