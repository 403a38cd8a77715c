/**
 * `npm run bench -- ivr [--json] [--quick]` — the IVR's Lambdas while a caller waits in silence.
 *
 * - handler_p50_ratio / handler_p99_ratio: the ivr-lookup handler (middy chain, zod, redacting logger,
 *   budget, one BatchGetItem of the caller item from customers + the DNC entry from dnc) over a bare
 *   GetItem of the same caller item on the same embedded table, interleaved in the same run.
 *   Target ≤ 1.3 at p50.
 * - bundle_bytes (one figure per function): the esbuild bundle as infra builds it (ESM, minified, node
 *   target, @aws-sdk bundled); `connectClient` says whether the Connect SDK client is inside (only route
 *   should carry it).
 * - cold_import_ratio: median time for a fresh `node` process to import the bundled ivr-lookup over a
 *   bundle that only creates a DynamoDB client (several runs each, interleaved). Target ≤ 1.5.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { CONFIG_DIR, loadConfigFile, REPO_ROOT } from '#shared/config/load.ts';
import { tableName } from '#shared/data/tables.ts';
import { INBOUND_FUNCTIONS, inboundEnvironment } from '#shared/middleware/inbound-settings.ts';
import { type BenchContext, type Figure, percentile, ratioFigure, sampleInterleaved } from '../figures.ts';

/** Same esbuild target as infra/constructs/connect-function.ts (NODE_TARGET) — not imported to keep CDK out. */
const NODE_TARGET = 'node24';
const CALLER = '+12065550100';

export async function* run(ctx: BenchContext): AsyncGenerator<Figure> {
  yield* handlerLatency(ctx);
  const dir = mkdtempSync(join(tmpdir(), 'santral-ivr-bench-'));
  try {
    yield* bundleSizes(ctx, dir);
    yield* coldImport(ctx, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function* handlerLatency(ctx: BenchContext): AsyncGenerator<Figure> {
  // Keep stdout clean for --json: no log lines, no EMF documents.
  process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
  process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
  const config = loadConfigFile(join(CONFIG_DIR, 'dev.yaml'));
  Object.assign(process.env, inboundEnvironment(config, 'ivr-lookup'));
  const db = createDocumentClient();
  await new DynamoCustomerStore(db).putCustomer({
    customerId: 'bench-1',
    firstName: 'Ada',
    tier: 'VIP',
    preferredLanguage: 'en-US',
    phoneNumbers: [CALLER],
    openCaseId: 'case-1',
  });
  const { handler } = await import('#functions/ivr-lookup/handler.ts');
  let n = 0;
  let lambdaErrors = 0; // calls answered with the safe default (lookupStatus=error)
  const context = {
    functionName: 'ivr-lookup',
    awsRequestId: 'bench',
    getRemainingTimeInMillis: () => 3000,
  } as unknown as Parameters<typeof handler>[1];
  const subject = async () => {
    n += 1;
    const out = await handler(
      {
        Name: 'ContactFlowEvent',
        Details: {
          ContactData: {
            ContactId: `bench-contact-${n}`,
            InitialContactId: `bench-contact-${n}`,
            Channel: 'VOICE',
            InitiationMethod: 'INBOUND',
            CustomerEndpoint: { Address: CALLER, Type: 'TELEPHONE_NUMBER' },
            Attributes: {},
          },
          Parameters: {},
        },
      },
      context,
    );
    if (out['lookupStatus'] !== 'ok') lambdaErrors += 1;
  };
  const bare = () =>
    db.send(
      new GetCommand({ TableName: tableName('customers'), Key: { pk: `PHONE#${CALLER}`, sk: 'CALLER' } }),
    );
  const samples = ctx.quick ? 200 : 2000;
  ctx.progress(`ivr-lookup handler vs bare GetItem, ${samples} interleaved samples each`);
  // Warm both paths well first: a Lambda container answering calls is warm; JIT warm-up is not the figure.
  const { a: handlerMs, b: getItemMs } = await sampleInterleaved(
    subject,
    bare,
    samples,
    ctx.quick ? 200 : 500,
  );
  const calls = { calls: n, lambdaErrors };
  yield {
    ...ratioFigure('handler_p50_ratio', percentile(handlerMs, 50), percentile(getItemMs, 50), 'ms'),
    ...calls,
  };
  yield {
    ...ratioFigure('handler_p99_ratio', percentile(handlerMs, 99), percentile(getItemMs, 99), 'ms'),
    ...calls,
  };
}

async function bundle(entry: string, outfile: string) {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: NODE_TARGET,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    metafile: true,
    logLevel: 'silent',
  });
  const out = result.metafile.outputs;
  const js = Object.entries(out).find(([file]) => file.endsWith('.mjs'));
  if (!js) throw new Error(`no bundle written for ${entry}`);
  return { bytes: js[1].bytes, inputs: Object.keys(result.metafile.inputs) };
}

async function* bundleSizes(ctx: BenchContext, dir: string): AsyncGenerator<Figure> {
  for (const fn of INBOUND_FUNCTIONS) {
    ctx.progress(`bundling ${fn}`);
    const { bytes, inputs } = await bundle(
      join(REPO_ROOT, 'functions', fn, 'handler.ts'),
      join(dir, `${fn}.mjs`),
    );
    yield {
      metric: 'bundle_bytes',
      value: bytes,
      unit: 'bytes',
      function: fn,
      connectClient: inputs.some((i) => i.includes('@aws-sdk/client-connect')),
    };
  }
}

async function* coldImport(ctx: BenchContext, dir: string): AsyncGenerator<Figure> {
  const baselineEntry = join(dir, 'baseline-entry.mjs');
  writeFileSync(
    baselineEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n" +
      'const client = new DynamoDBClient({});\n' +
      'export const handler = async () => ({ region: typeof client.config.region });\n',
  );
  // Resolve the baseline's import from the repository's node_modules.
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  await build({
    entryPoints: [baselineEntry],
    outfile: join(dir, 'baseline.mjs'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: NODE_TARGET,
    mainFields: ['module', 'main'],
    nodePaths: [join(REPO_ROOT, 'node_modules')],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'silent',
  });
  const env = {
    PATH: process.env['PATH'] ?? '',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...inboundEnvironment(loadConfigFile(join(CONFIG_DIR, 'dev.yaml')), 'ivr-lookup'),
  };
  const importMs = (file: string) => {
    const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
    });
    return Number(out);
  };
  const runs = ctx.quick ? 3 : 9;
  ctx.progress(`cold import: ${runs} fresh node processes each`);
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    subject.push(importMs(join(dir, 'ivr-lookup.mjs')));
    baseline.push(importMs(join(dir, 'baseline.mjs')));
  }
  yield ratioFigure('cold_import_ratio', percentile(subject, 50), percentile(baseline, 50), 'ms');
}
