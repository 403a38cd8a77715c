/**
 * The config a CLI command works on: `--config <file>` (or SANTRAL_CONFIG) names a file, else `--stage`
 * (or SANTRAL_STAGE) picks infra/config/<stage>.yaml. Every command that reads config calls
 * `loadCliConfig(program)`, which says on stderr which file and stage it used (stdout stays clean for
 * `--json`).
 */
import type { Command } from 'commander';
import {
  ConfigError,
  type ConfigSelection,
  describeConfigChoice,
  type LoadOptions,
  loadConfigFile,
  selectConfigFile,
} from '#shared/config/load.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';

interface GlobalOptions {
  stage: string;
  config?: string;
}

/** Which file the command's options select (nothing is read yet). */
export function cliConfigSelection(program: Command): ConfigSelection {
  const o = program.opts<GlobalOptions>();
  // Commander fills --config from SANTRAL_CONFIG itself; keep saying where it came from.
  if (o.config && program.getOptionValueSource('config') === 'env')
    return { ...selectConfigFile({ config: o.config }), source: 'environment' };
  return selectConfigFile({ config: o.config, stage: o.stage });
}

export interface LoadedCliConfig {
  config: ContactCenterConfig;
  selection: ConfigSelection;
}

/** Load and validate the selected config; print which file and stage on stderr. */
export function loadCliConfigWithSource(program: Command, options: LoadOptions = {}): LoadedCliConfig {
  const selection = cliConfigSelection(program);
  const config = loadConfigFile(selection.file, {
    onWarning: (w) => console.error(`santral: warning: ${w}`),
    ...options,
  });
  const stage = program.opts<GlobalOptions>().stage;
  // An explicit --stage next to an explicit file must agree with it: the stage also names the deployed stack.
  if (
    selection.source !== 'stage' &&
    program.getOptionValueSource('stage') === 'cli' &&
    stage !== config.stage
  ) {
    throw new ConfigError(selection.file, [
      `--stage ${stage} was given, but this file is stage "${config.stage}"; drop --stage or pick that stage's file`,
    ]);
  }
  console.error(`santral: ${describeConfigChoice(selection, config)}`);
  return { config, selection };
}

export function loadCliConfig(program: Command, options: LoadOptions = {}): ContactCenterConfig {
  return loadCliConfigWithSource(program, options).config;
}
