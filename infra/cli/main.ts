/**
 * `santral` — the admin and flow-owner CLI. Each capability adds its commands in
 * infra/cli/commands/<area>.ts, exporting `register(program)`; they are loaded in file-name order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';

// The SDK warns on Node < 22 that releases after January 2027 will need Node 22; the lockfile pins
// today's SDK and Lambda runs Node 24, so the CLI keeps its output clean (the README states the Node versions).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export interface CommandModule {
  register(program: Command): void;
}

/**
 * The options every command shares: which config (a file, or a stage's file) it works on. Commands read
 * them through `loadCliConfig(program)` (infra/cli/config-option.ts).
 */
export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(
      new Option('--stage <stage>', 'config stage: infra/config/<stage>.yaml (env SANTRAL_STAGE)').default(
        process.env['SANTRAL_STAGE'] ?? 'dev',
      ),
    )
    .addOption(
      new Option('--config <file>', 'config file to use instead of the stage file').env('SANTRAL_CONFIG'),
    );
}

export function santralVersion(): string {
  const pkg = JSON.parse(
    readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

export async function buildProgram(): Promise<Command> {
  const program = addGlobalOptions(
    new Command('santral').description(
      'Santral — a serverless contact center on Amazon Connect, kept as code',
    ),
  )
    // `santral --version`: the package version (package.json), the one thing every bug report needs.
    .version(santralVersion(), '-V, --version', 'print the santral version')
    .showHelpAfterError()
    .showSuggestionAfterError();
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Partial<CommandModule>;
    mod.register?.(program);
  }
  return program;
}

export async function main(argv = process.argv): Promise<number> {
  const program = await buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const e = err as Error;
    console.error(`santral: ${e.message}`);
    if (process.env['SANTRAL_DEBUG']) console.error(e.stack);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((code) => process.exit(code));
}
