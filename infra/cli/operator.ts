/**
 * How a CLI command reaches the operator services: `--deployed` (the deployed stage named by the global
 * `--stage`, with the standard AWS credential chain) or, without it, the local sandbox. The command then
 * works on `stage.doc`/`stage.s3` and the resources in `stage.resources` (shared/operator/stage.ts); the
 * environment names them as infra names them for the Lambdas, so adapters' defaults resolve the same tables.
 */
import type { Command } from 'commander';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { openSandbox } from '#shared/interactions/sandbox-access.ts';
import { type OperatorStage, openOperatorStage } from '#shared/operator/stage.ts';
import { loadCliConfig } from './config-option.ts';

export const DEPLOYED_HELP =
  'work on the deployed stage (--stage; its stack outputs name the resources) with your AWS credentials (AWS_PROFILE, aws sso login) instead of the sandbox';

/** Adds `--deployed` to a command. */
export function deployedOption(command: Command): Command {
  return command.option('--deployed', DEPLOYED_HELP);
}

const rootOf = (command: Command): Command => {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
};

/** Open the sandbox or the deployed stage, run `fn`, close it again. */
export async function withOperatorStage<T>(
  command: Command,
  options: { deployed?: boolean; as?: string; config?: ContactCenterConfig },
  fn: (stage: OperatorStage) => Promise<T>,
): Promise<T> {
  if (options.deployed && options.as !== undefined)
    throw new Error(
      '--as is for the sandbox: on --deployed the verified AWS identity (STS GetCallerIdentity) is recorded',
    );
  // The config (--config or --stage) names the stage, and so the deployed stack (Santral-<stage>).
  const config = options.config ?? loadCliConfig(rootOf(command));
  const stage = await openOperatorStage({
    stage: config.stage,
    config,
    deployed: Boolean(options.deployed),
    sandbox: openSandbox,
    ...(options.as !== undefined ? { osUser: options.as } : {}),
  });
  try {
    return await fn(stage);
  } finally {
    await stage.close();
  }
}
