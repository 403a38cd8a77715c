/**
 * Run `santral …` in-process with a chosen set of command modules (as infra/cli/main.ts registers them) and
 * capture what it printed: stdout lines, stderr lines (console.error/warn; progress bars are swallowed) and the
 * exit code a command set. Errors a command throws propagate, as they would to main().
 */
import { Command } from 'commander';
import { vi } from 'vitest';
import { addGlobalOptions, type CommandModule } from '#infra/cli/main.ts';

export interface CliResult {
  out: string;
  err: string;
  exitCode: number | undefined;
}

export async function runSantral(
  modules: readonly CommandModule[],
  args: readonly string[],
): Promise<CliResult> {
  const program = addGlobalOptions(new Command('santral')).exitOverride();
  for (const m of modules) m.register(program);
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' '))),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' '))),
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void err.push(a.join(' '))),
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
  ];
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'santral', ...args]);
  } finally {
    for (const s of spies) s.mockRestore();
  }
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { out: out.join('\n'), err: err.join('\n'), exitCode };
}
