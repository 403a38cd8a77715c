/**
 * `santral flows validate|diagram|pull`: the flow owner's workflow (edit in the designer → pull → validate →
 * pull request → deploy). The simulator adds `flows test` to this same command from its own module.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve } from 'node:path';
import { ConnectClient } from '@aws-sdk/client-connect';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { type Command, Option } from 'commander';
import { FLOWS_DIR, REPO_ROOT } from '#shared/config/load.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { crossCheckConfigAndFlows } from '#shared/flows/config-crosscheck.ts';
import { flowToMermaid } from '#shared/flows/diagram.ts';
import { diffFlowSets, flowDiffMarkdown } from '#shared/flows/flow-diff.ts';
import { flowTextsAtRevision, flowTextsInWorkingTree } from '#shared/flows/flow-versions.ts';
import { canonicalFlowText, formattingIssues } from '#shared/flows/formatting.ts';
import {
  FLOW_TYPES,
  flowFilesIn,
  formatFlowFile,
  type LoadedFlow,
  loadAllFlows,
  loadFlowFile,
} from '#shared/flows/model.ts';
import { maskArn, pullFlows } from '#shared/flows/pull.ts';
import { flowSkeleton } from '#shared/flows/skeleton.ts';
import {
  type FlowIssue,
  flowValidationContext,
  formatIssue,
  hasErrors,
  PROFILES,
  type Profile,
  validateFlowText,
} from '#shared/flows/validator.ts';
import { loadCliConfig, loadCliConfigWithSource } from '../config-option.ts';

// cli-progress ships no type declarations: load it through require with the small surface used here.
const { SingleBar } = createRequire(import.meta.url)('cli-progress') as {
  SingleBar: new (options: {
    format: string;
    stream: NodeJS.WritableStream;
  }) => {
    start(total: number, value: number, payload: Record<string, string>): void;
    update(value: number, payload: Record<string, string>): void;
    stop(): void;
  };
};

const rel = (p: string) => relative(process.cwd(), p) || p;

/** Expand paths (files or folders) to flow files; none given → contact-flows/. */
function flowPaths(paths: string[]): string[] {
  if (paths.length === 0) return flowFilesIn(FLOWS_DIR);
  return paths.flatMap((p) => {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new Error(`${p}: no such file or folder`);
    return statSync(abs).isDirectory() ? flowFilesIn(abs) : [abs];
  });
}

/** The flow in a file, or undefined when it does not load (the validator reports why). */
function tryLoadFlow(file: string): LoadedFlow | undefined {
  try {
    return loadFlowFile(file);
  } catch {
    return undefined;
  }
}

/** Validate flow files against a stage's config, the functions/ folder and the repo's flows. */
export function validatePaths(
  paths: string[],
  config: ContactCenterConfig,
  profile: Profile = 'santral',
): { files: string[]; issues: FlowIssue[] } {
  const files = flowPaths(paths);
  const repoFlows = loadAllFlows(FLOWS_DIR);
  const known = [...repoFlows, ...files.flatMap((f) => tryLoadFlow(f) ?? [])];
  const ctx = flowValidationContext(config, known, join(REPO_ROOT, 'functions'));
  const issues = files.flatMap((f) => validateFlowText(readFileSync(f, 'utf8'), rel(f), ctx, { profile }));
  return { files, issues };
}

function resolveFlowFile(flow: string): string {
  if (existsSync(flow)) return resolve(flow);
  const inRepo = join(FLOWS_DIR, `${flow.replace(/\.json$/, '')}.json`);
  if (existsSync(inRepo)) return inRepo;
  const names = flowFilesIn(FLOWS_DIR).map((f) => basename(f, '.json'));
  throw new Error(`no flow "${flow}"; flows in contact-flows/: ${names.join(', ')}`);
}

export function register(program: Command): void {
  const flows = program.command('flows').description('contact flows as code: validate, diagram, pull');

  flows
    .command('validate')
    .argument('[paths...]', 'flow files or folders (default: contact-flows/)')
    .option('--json', 'print the findings as JSON')
    .addOption(
      new Option(
        '--profile <profile>',
        'santral: house rules are errors (our flows); connect: errors only for what Connect rejects or what strands a caller (foreign flows)',
      )
        .choices(PROFILES)
        .default('santral'),
    )
    .description(
      "check flows against the validator's rules and their formatting; exit 1 on any error, warnings printed",
    )
    .action(async (paths: string[], opts: { json?: boolean; profile: Profile }) => {
      const { config, selection } = loadCliConfigWithSource(program);
      const { files, issues } = validatePaths(paths, config, opts.profile);
      // Formatting and the config cross-checks are about this repository; foreign flows (connect profile)
      // keep their own layout and are not deployed with this config.
      if (opts.profile === 'santral') {
        for (const f of files) issues.push(...(await formattingIssues(readFileSync(f, 'utf8'), rel(f))));
        // The repo's flows as deployed, with the files being validated in place of their namesakes.
        const byName = new Map(loadAllFlows(FLOWS_DIR).map((f) => [f.name, f]));
        for (const f of files) {
          const flow = tryLoadFlow(f);
          if (flow) byName.set(flow.name, flow);
        }
        issues.push(...crossCheckConfigAndFlows(config, [...byName.values()], rel(selection.file)));
      }
      if (opts.json) console.log(JSON.stringify({ files: files.map(rel), issues }, null, 2));
      else {
        for (const i of issues)
          (i.severity === 'error' ? console.error : console.warn)(`${i.severity}: ${formatIssue(i)}`);
        const errors = issues.filter((i) => i.severity === 'error').length;
        const summary = `${files.length} flow${files.length === 1 ? '' : 's'} checked: ${errors} error(s), ${issues.length - errors} warning(s)`;
        (errors ? console.error : console.log)(summary);
      }
      if (hasErrors(issues)) process.exitCode = 1;
    });

  flows
    .command('new')
    .argument('<name>', 'flow name = file name in contact-flows/ (e.g. billing-menu)')
    .requiredOption('--type <TYPE>', `flow type: ${FLOW_TYPES.join(', ')}`)
    .option('--description <text>', "the flow's description in Connect")
    .option('--dir <folder>', 'folder to write to', FLOWS_DIR)
    .description('write a valid skeleton flow of a type (validates with the santral profile)')
    .action((name: string, opts: { type: string; description?: string; dir: string }) => {
      const flow = flowSkeleton(name, opts.type, opts.description);
      const path = join(opts.dir, `${name}.json`);
      if (existsSync(path))
        throw new Error(`${rel(path)} already exists; pick another name or edit that file`);
      mkdirSync(opts.dir, { recursive: true });
      writeFileSync(path, formatFlowFile(flow));
      console.log(`wrote ${rel(path)} (${opts.type}); next: npx santral flows validate ${rel(path)}`);
    });

  flows
    .command('format')
    .argument('[paths...]', 'flow files or folders (default: contact-flows/)')
    .option('--check', 'change nothing; exit 1 when a file is not formatted')
    .description('rewrite flow files in the canonical form (key order and layout that flows pull writes)')
    .action((paths: string[], opts: { check?: boolean }) => {
      const files = flowPaths(paths);
      const changed: string[] = [];
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        const canonical = canonicalFlowText(text, rel(f));
        if (canonical === text) continue;
        changed.push(rel(f));
        if (!opts.check) writeFileSync(f, canonical);
      }
      for (const f of changed) console.log(opts.check ? `not formatted: ${f}` : `formatted ${f}`);
      console.log(
        `${files.length} flow file(s): ${changed.length} ${opts.check ? 'not formatted' : 'rewritten'}, ${files.length - changed.length} already formatted`,
      );
      if (opts.check && changed.length > 0) process.exitCode = 1;
    });

  flows
    .command('diagram')
    .argument('<flow>', 'flow name (contact-flows/<flow>.json) or path')
    .option('--out <file>', 'write to a file (.md files get a ```mermaid fence)')
    .description('draw a flow as a Mermaid flowchart (menu digits on branches, error branches dotted red)')
    .action((flow: string, opts: { out?: string }) => {
      const mermaid = flowToMermaid(loadFlowFile(resolveFlowFile(flow)));
      if (!opts.out) return void process.stdout.write(mermaid);
      const text = opts.out.endsWith('.md') ? `\`\`\`mermaid\n${mermaid}\`\`\`\n` : mermaid;
      writeFileSync(opts.out, text);
      console.error(`wrote ${opts.out}`);
    });

  flows
    .command('diff')
    .argument('[ref]', 'git revision to compare with', 'HEAD')
    .option('--to <ref>', 'compare with this revision instead of the working tree')
    .option('--dir <folder>', 'flow folder', FLOWS_DIR)
    .option('--json', 'print the changes as JSON')
    .option('--out <file>', 'write the Markdown to a file (e.g. for a pull request comment)')
    .description(
      'block-level review of flow changes since a git revision: blocks added/removed, branches rewired, prompts and parameters before → after',
    )
    .action((ref: string, opts: { to?: string; dir: string; json?: boolean; out?: string }) => {
      const before = flowTextsAtRevision(opts.dir, ref);
      const after = opts.to ? flowTextsAtRevision(opts.dir, opts.to) : flowTextsInWorkingTree(opts.dir);
      const diffs = diffFlowSets(before, after, rel(resolve(opts.dir)));
      if (opts.json)
        return void console.log(
          JSON.stringify({ from: ref, to: opts.to ?? 'working tree', flows: diffs }, null, 2),
        );
      const text = flowDiffMarkdown(diffs, `Contact flow changes: ${ref} → ${opts.to ?? 'working tree'}`);
      if (!opts.out) return void console.log(text.trimEnd());
      writeFileSync(opts.out, text);
      console.error(`wrote ${opts.out}`);
    });

  flows
    .command('pull')
    .requiredOption('--instance <id|arn>', 'the Connect instance to read from')
    .option(
      '--region <region>',
      'AWS region (default: from the instance ARN, the config, or the environment)',
    )
    .option('--flow <names...>', 'flow names to pull (default: the flows already in --out)')
    .option('--all', 'pull every flow of the instance')
    .option('--out <dir>', 'folder to write to', FLOWS_DIR)
    .option('--json', 'print a JSON summary')
    .description(`read flows from a live instance and write them back with \${Kind:name} references`)
    .action(
      async (opts: {
        instance: string;
        region?: string;
        flow?: string[];
        all?: boolean;
        out: string;
        json?: boolean;
      }) => {
        const config = loadCliConfig(program);
        const region =
          opts.region ?? /^arn:aws[a-z-]*:connect:([a-z0-9-]+):/.exec(opts.instance)?.[1] ?? config.region;
        const wanted = opts.all
          ? []
          : (opts.flow ??
            (existsSync(opts.out) ? flowFilesIn(opts.out).map((f) => basename(f, '.json')) : []));
        if (!opts.all && wanted.length === 0)
          throw new Error(
            `nothing to pull: give --flow <name…> or --all (no flow files in ${rel(opts.out)})`,
          );
        const bar = new SingleBar({ format: 'pulling {bar} {value}/{total} {flow}', stream: process.stderr });
        let started = false;
        const result = await pullFlows(new ConnectClient({ region }), new LambdaClient({ region }), {
          instanceId: opts.instance,
          flows: wanted,
          config,
          onProgress: (done, total, name) => {
            if (!started) bar.start(total, 0, { flow: '' });
            started = true;
            bar.update(done, { flow: name });
          },
        });
        if (started) bar.stop();
        mkdirSync(opts.out, { recursive: true });
        const written: string[] = [];
        for (const f of result.pulled) {
          const path = join(opts.out, `${f.name}.json`);
          const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
          if (before !== f.text) writeFileSync(path, f.text);
          written.push(
            `${rel(path)}${before === undefined ? ' (new)' : before === f.text ? ' (unchanged)' : ' (updated)'}`,
          );
        }
        if (opts.json) {
          console.log(
            JSON.stringify({ written, unmapped: result.unmapped, missing: result.missing }, null, 2),
          );
        } else {
          for (const w of written) console.log(w);
          for (const u of result.unmapped)
            console.warn(
              `could not map ${maskArn(u.value)} in ${u.flow}${u.action ? ` › action ${u.action}` : ''} (${u.path}): no queue, hours, prompt, flow, module, quick connect or Lambda of the instance has this ARN`,
            );
          for (const m of result.missing) console.warn(`flow "${m}" is not in the instance`);
          console.log(
            `${result.pulled.length} flow(s) pulled; run \`santral flows validate\` before opening a pull request`,
          );
        }
        if (result.missing.length > 0) process.exitCode = 1;
      },
    );
}
