/**
 * Loads infra/config/<stage>.yaml, follows `extends:` (a stage file can start from another and override
 * parts of it), validates it and reports every problem as `file:line path: what was expected`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { describeIssues } from './issues.ts';
import {
  type ConfigIssue,
  type ContactCenterConfig,
  checkReferences,
  configWarnings,
  contactCenterConfigSchema,
  formatPath,
} from './schema.ts';
import { didYouMean } from './suggest.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFIG_DIR = join(REPO_ROOT, 'infra/config');
export const FLOWS_DIR = join(REPO_ROOT, 'contact-flows');

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`Invalid contact-center config ${file}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

interface ParsedFile {
  file: string;
  data: unknown;
  /** Path (as "a.b[0].c") → line number, for error messages. */
  lineOf: (path: readonly PropertyKey[]) => number | undefined;
}

function parseYamlFile(file: string): ParsedFile {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      rel(file),
      doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`),
    );
  }
  const lineOf = (path: readonly PropertyKey[]) => {
    // Walk as deep as the document goes; report the deepest existing node's line.
    let node: unknown = doc.contents;
    let offset: number | undefined = (doc.contents as { range?: [number] } | null)?.range?.[0];
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
        if (!pair) break;
        offset = (pair.key as { range?: [number] }).range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        offset = (node as { range?: [number] } | undefined)?.range?.[0];
      } else break;
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  let data: unknown;
  try {
    // The yaml package refuses documents whose aliases expand past maxAliasCount (default 100): a
    // "billion laughs" file would otherwise take all memory.
    data = doc.toJS();
  } catch (err) {
    const reason = (err as Error).message;
    throw new ConfigError(rel(file), [
      /alias/i.test(reason)
        ? `YAML aliases expand too far (${reason.toLowerCase()}); write the values out instead of nesting aliases`
        : reason,
    ]);
  }
  return { file, data, lineOf };
}

const rel = (file: string) => relative(process.cwd(), file) || file;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep merge for `extends:`: objects merge key by key, arrays and scalars are replaced, and `null` removes
 * the inherited key (e.g. `instance: { create: null, import: { arn: … } }` in a stage that imports).
 */
export function mergeConfig(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) {
      if (v === null) delete out[k];
      else out[k] = k in base ? mergeConfig(base[k], v) : v;
    }
    return out;
  }
  return override;
}

/** The flows known in contact-flows/ (file names without .json), for cross-reference checks. */
export function listFlowNames(dir = FLOWS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.scenarios.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export interface LoadOptions {
  /** Validate phone numbers' and quick connects' flows against these names (default: contact-flows/). */
  flowNames?: readonly string[];
  /** Told each warning (`file:line path: message`) of a valid config (configWarnings in schema.ts). */
  onWarning?: (warning: string) => void;
}

/** Parse and validate a config file. Throws ConfigError naming each file, line and path. */
export function loadConfigFile(file: string, options: LoadOptions = {}): ContactCenterConfig {
  const chain: ParsedFile[] = [];
  let current: string | undefined = resolve(file);
  // Who named `current` in its `extends:` (for the message when it is missing or not a file).
  let extendedBy: { parsed: ParsedFile; ext: string } | undefined;
  while (current) {
    const problem = !existsSync(current)
      ? 'file not found'
      : statSync(current).isDirectory()
        ? 'is a directory, not a YAML file'
        : undefined;
    if (problem && extendedBy)
      throw new ConfigError(rel(extendedBy.parsed.file), [
        `${rel(extendedBy.parsed.file)}:${extendedBy.parsed.lineOf(['extends']) ?? '?'} extends: "${extendedBy.ext}" (${rel(current)}) ${problem}; expected the path of a config file, relative to this file`,
      ]);
    if (problem) throw new ConfigError(rel(current), [problem]);
    if (chain.some((c) => c.file === current))
      throw new ConfigError(rel(current), ['"extends" loops back to this file']);
    const parsed = parseYamlFile(current);
    chain.unshift(parsed);
    const ext = isPlainObject(parsed.data) ? parsed.data['extends'] : undefined;
    extendedBy = typeof ext === 'string' ? { parsed, ext } : undefined;
    current = typeof ext === 'string' ? resolve(dirname(current), ext) : undefined;
  }
  const merged = chain.reduce<unknown>((acc, c) => {
    const data = isPlainObject(c.data) ? { ...c.data } : c.data;
    if (isPlainObject(data)) delete data['extends'];
    return acc === undefined ? data : mergeConfig(acc, data);
  }, undefined);

  // Locate an issue in the most specific file that defines its path.
  const locate = (path: readonly PropertyKey[]) => {
    for (let i = chain.length - 1; i >= 0; i--) {
      const c = chain[i]!;
      const line = c.lineOf(path);
      if (line !== undefined && (path.length === 0 || c.lineOf(path.slice(0, 1)) !== undefined))
        return `${rel(c.file)}:${line}`;
    }
    return rel(chain[chain.length - 1]!.file);
  };
  const describe = (issues: ConfigIssue[]) =>
    issues.map((i) => `${locate(i.path)} ${formatPath(i.path) || '(document)'}: ${i.message}`);

  const result = contactCenterConfigSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(
      rel(file),
      describe(describeIssues(result.error.issues, merged, contactCenterConfigSchema)),
    );
  }
  const refIssues = checkReferences(result.data, options.flowNames ?? listFlowNames());
  if (refIssues.length > 0) throw new ConfigError(rel(file), describe(refIssues));
  if (options.onWarning) for (const w of describe(configWarnings(result.data))) options.onWarning(w);
  return result.data;
}

/** The config for a stage: infra/config/<stage>.yaml. */
export function configFileForStage(stage: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(stage))
    throw new ConfigError(`stage "${stage}"`, ['stage must be lowercase letters, digits, dashes']);
  const file = join(CONFIG_DIR, `${stage}.yaml`);
  if (!existsSync(file)) {
    const known = readdirSync(CONFIG_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
    throw new ConfigError(rel(file), [
      `no config for stage "${stage}"${didYouMean(stage, known)}; known stages: ${known.join(', ')} (or pass --config <file> / SANTRAL_CONFIG)`,
    ]);
  }
  return file;
}

export function loadStageConfig(
  stage = process.env['SANTRAL_STAGE'] ?? 'dev',
  options: LoadOptions = {},
): ContactCenterConfig {
  return loadConfigFile(configFileForStage(stage), options);
}

/** Where the config came from: `--config`, `SANTRAL_CONFIG`, or the stage's file in infra/config/. */
export type ConfigSource = 'option' | 'environment' | 'stage';

export interface ConfigSelection {
  /** Absolute path of the file that was (or will be) loaded. */
  file: string;
  source: ConfigSource;
}

/**
 * Pick the config file the way every entry point does (CLI, sandbox, `cdk synth`): an explicit file wins
 * (`--config`, then `SANTRAL_CONFIG`), else `infra/config/<stage>.yaml` for the stage (`--stage`, then
 * `SANTRAL_STAGE`, then dev).
 */
export function selectConfigFile(
  choice: { config?: string | undefined; stage?: string | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConfigSelection {
  if (choice.config) return { file: resolve(choice.config), source: 'option' };
  const fromEnv = env['SANTRAL_CONFIG'];
  if (fromEnv) return { file: resolve(fromEnv), source: 'environment' };
  return { file: configFileForStage(choice.stage ?? env['SANTRAL_STAGE'] ?? 'dev'), source: 'stage' };
}

/** "config infra/config/dev.yaml (stage dev, from SANTRAL_CONFIG)" — what a command says it used. */
export function describeConfigChoice(selection: ConfigSelection, config: Pick<ContactCenterConfig, 'stage'>) {
  const via =
    selection.source === 'option'
      ? ', from --config'
      : selection.source === 'environment'
        ? ', from SANTRAL_CONFIG'
        : '';
  return `config ${rel(selection.file)} (stage ${config.stage}${via})`;
}
