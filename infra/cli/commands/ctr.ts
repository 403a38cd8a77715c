/** `santral ctr ingest <file.jsonl>`: CTRs (one JSON document per line) through the processor into the sandbox. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { InvalidCtrError } from '#shared/interactions/ctr.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { openSandbox } from '#shared/interactions/sandbox-access.ts';

interface ProgressBar {
  start(total: number, value: number): void;
  increment(): void;
  stop(): void;
}
// cli-progress ships no type declarations: load it through require with the small surface used here.
const { SingleBar } = createRequire(import.meta.url)('cli-progress') as {
  SingleBar: new (options: Record<string, unknown>) => ProgressBar;
};

export function register(program: Command): void {
  const ctr = program.command('ctr').description('contact trace records');
  ctr
    .command('ingest <file>')
    .description("feed CTRs (JSON Lines, Connect's stream format) through the CTR processor into the sandbox")
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new Error(`${file}: cannot read (${(err as Error).message})`);
      }
      const lines = text
        .split('\n')
        .map((l, i) => ({ line: i + 1, text: l.trim() }))
        .filter((l) => l.text !== '');
      const sandbox = await openSandbox();
      const summary = {
        file,
        records: lines.length,
        applied: 0,
        duplicate: 0,
        stale: 0,
        failed: 0,
        errors: [] as string[],
      };
      const bar = new SingleBar({
        stream: process.stderr,
        format: 'ctr ingest [{bar}] {value}/{total}',
        hideCursor: true,
      });
      if (!o.json && process.stderr.isTTY) bar.start(lines.length, 0);
      try {
        const store = new DynamoCtrStore(createDocumentClient(), tableName('interactions'));
        for (const l of lines) {
          try {
            const out = await processCtr(store, l.text);
            summary[out.outcome]++;
          } catch (err) {
            if (!(err instanceof InvalidCtrError)) throw err;
            summary.failed++;
            summary.errors.push(`${file}:${l.line}: ${err.issues.join('; ')}`);
          }
          bar.increment();
        }
      } finally {
        bar.stop();
        await sandbox.close();
      }
      if (o.json) console.log(JSON.stringify(summary, null, 2));
      else {
        for (const e of summary.errors) console.error(e);
        console.log(
          `${file}: ${summary.records} records — ${summary.applied} applied, ${summary.duplicate} duplicates, ${summary.stale} stale, ${summary.failed} invalid`,
        );
      }
      if (summary.failed > 0) process.exitCode = 1;
    });
}
