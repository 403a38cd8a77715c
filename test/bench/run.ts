/**
 * `npm run bench -- <suite> [--json]` — benchmarks, not tests. Each suite lives in
 * test/bench/suites/<suite>.ts and exports `run(ctx)` yielding figures. With --json every figure is
 * printed as one JSON line {"suite","metric","value","unit"[,"baseline","ratio"]}; otherwise as a table.
 * Figures that compare against a baseline measure both in the same run (shared, noisy machines).
 *
 * All suites share one pair of emulators for the whole process (see BenchContext.aws), and the run exits
 * 1 when any figure was measured on failed work (a Lambda error, a failed call or scenario): a throughput
 * of failing calls is not a figure.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmbeddedAws } from '#shared/local/embedded.ts';
import { clearTables } from '#shared/local/sandbox.ts';
import { type BenchContext, type Figure, failedWork, targetStatus } from './figures.ts';

// Same as the CLI: the SDK's Node 22 notice is not a benchmark figure.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'suites');
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));
const suites = names.length > 0 ? names : available;
const unknown = suites.filter((s) => !available.includes(s));
if (unknown.length > 0) {
  console.error(`unknown bench suite(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

const aws = await startEmbeddedAws();
const failures: string[] = [];
const targets: string[] = [];
try {
  for (const suite of suites) {
    const mod = (await import(pathToFileURL(join(dir, `${suite}.ts`)).href)) as {
      run(ctx: BenchContext): AsyncIterable<Figure> | Promise<Figure[]>;
    };
    await clearTables();
    const ctx: BenchContext = {
      quick,
      aws,
      progress: (msg) => {
        if (!json) process.stderr.write(`[${suite}] ${msg}\n`);
      },
    };
    const out = mod.run(ctx);
    const figures: AsyncIterable<Figure> | Figure[] =
      Symbol.asyncIterator in out ? (out as AsyncIterable<Figure>) : await out;
    for await (const f of figures) {
      const status = targetStatus(f);
      const line = { suite, ...f, ...(status ? { targetStatus: status } : {}) };
      const failure = failedWork(suite, f);
      if (failure) failures.push(failure);
      if (status)
        targets.push(`${suite} ${f.metric}: ${fmt(f.value)} (target ≥ ${fmt(f.target!)}): ${status}`);
      if (json) console.log(JSON.stringify(line));
      else {
        const cmp =
          f.baseline !== undefined
            ? `  (baseline ${fmt(f.baseline)}, ratio ${fmt(f.ratio ?? Number.NaN)})`
            : '';
        const goal = status ? `  [target ≥ ${fmt(f.target!)}: ${status}]` : '';
        console.log(
          `${suite.padEnd(6)} ${f.metric.padEnd(32)} ${fmt(f.value).padStart(14)} ${f.unit}${cmp}${goal}`,
        );
      }
    }
  }
} finally {
  await aws.close();
}
// Targets vs figures, on stderr so --json stays one figure per line on stdout.
if (targets.length > 0) console.error(`targets:\n${targets.map((t) => `  - ${t}`).join('\n')}`);
if (failures.length > 0) {
  console.error(
    `bench failed: figures measured on failed work:\n${failures.map((f) => `  - ${f}`).join('\n')}`,
  );
  process.exitCode = 1;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(4);
}
