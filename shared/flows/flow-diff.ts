/**
 * A block-level review of a flow change (`santral flows diff`, and `santral diff --template` for the
 * flows inside a template). `cdk diff` shows a flow as two JSON strings; a reviewer needs what changed for
 * the caller: blocks added and removed, branches rewired (`press 2: intent-orders → intent-returns`),
 * prompt text and parameters before → after. Blocks are matched by Identifier; the designer layout
 * (Metadata) is counted, not listed: positions are not behaviour. A flow module's interface (Settings:
 * inputs, outputs, results — shared/flows/module-settings.ts) is compared by name: a flow that invokes the
 * module must follow an input added, removed or retyped.
 */
import { blockTitle, blockTypeName, spokenText } from './block-text.ts';
import type { FlowAction, FlowFile, FlowTransitions } from './model.ts';
import { parseFlowFile } from './model.ts';
import { type ModuleParameter, readModuleInterface } from './module-settings.ts';

/** One value before → after; `undefined` on one side = added / removed. */
export interface ValueChange {
  /** `prompt`, a branch (`next`, `press 1`, `error NoMatchingError`, `= tr-TR`), or a parameter path. */
  what: string;
  kind: 'prompt' | 'branch' | 'parameter' | 'type';
  before?: string;
  after?: string;
}

export interface BlockChange {
  identifier: string;
  /** How a reader names the block (its Identifier, or type + text for designer UUIDs). */
  title: string;
  type: string;
  change: 'added' | 'removed' | 'changed';
  /** For changed blocks: what differs. For added/removed blocks: what it says and where it goes. */
  details: ValueChange[];
}

/** One input, output or result of a module's interface added, removed or changed. */
export interface InterfaceChange {
  direction: 'input' | 'output' | 'result';
  name: string;
  change: 'added' | 'removed' | 'changed';
  /** What changed in a changed entry: `type`, `required`, `description`, `displayName`. */
  fields?: string[];
  /** `String, required — what it is` for parameters; the display name for results. */
  before?: string;
  after?: string;
}

export interface FlowDiff {
  name: string;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Wrapper and document fields: type, description, StartAction. */
  flow: ValueChange[];
  blocks: BlockChange[];
  /** A module's Settings: inputs, outputs and results added, removed or changed. */
  interface: InterfaceChange[];
  /** Blocks whose designer position (Metadata.ActionMetadata) changed, added or went. */
  layoutChanges: number;
}

/** Branch label → target, as a reviewer reads them. */
function branches(a: FlowAction): Map<string, string> {
  const t: FlowTransitions = a.Transitions ?? {};
  const out = new Map<string, string>();
  for (const c of t.Conditions ?? []) {
    const operands = (c.Condition?.Operands ?? []).join(', ');
    const label =
      a.Type === 'GetParticipantInput' && c.Condition?.Operator === 'Equals'
        ? `press ${operands}`
        : `${c.Condition?.Operator === 'Equals' ? '=' : c.Condition?.Operator} ${operands === '' ? '(empty)' : operands}`;
    out.set(label, c.NextAction);
  }
  if (t.NextAction) out.set('next', t.NextAction);
  for (const e of t.Errors ?? []) out.set(`error ${e.ErrorType}`, e.NextAction);
  return out;
}

/** Parameters flattened to `path → JSON text` (objects by key, arrays by index), prompt text left out. */
function parameters(a: FlowAction): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string) => {
    if (v !== null && typeof v === 'object' && Object.keys(v).length > 0) {
      for (const [k, x] of Object.entries(v))
        walk(x, path ? `${path}${Array.isArray(v) ? `[${k}]` : `.${k}`}` : k);
    } else out.set(path, typeof v === 'string' ? v : JSON.stringify(v));
  };
  const { Text: _t, SSML: _s, ...rest } = a.Parameters ?? {};
  for (const [k, v] of Object.entries(rest)) walk(v, k);
  return out;
}

function compareMaps(
  before: Map<string, string>,
  after: Map<string, string>,
  kind: ValueChange['kind'],
): ValueChange[] {
  const out: ValueChange[] = [];
  for (const [k, v] of before) {
    const w = after.get(k);
    if (w !== v) out.push({ what: k, kind, before: v, ...(w !== undefined ? { after: w } : {}) });
  }
  for (const [k, w] of after) if (!before.has(k)) out.push({ what: k, kind, after: w });
  return out;
}

/** What a whole block says and does, for an added or removed block. */
function describe(a: FlowAction, side: 'before' | 'after'): ValueChange[] {
  const text = spokenText(a);
  const sided = (what: string, kind: ValueChange['kind'], value: string): ValueChange => ({
    what,
    kind,
    [side]: value,
  });
  return [
    ...(text !== undefined && !text.startsWith('prompt ') ? [sided('prompt', 'prompt', text)] : []),
    ...[...parameters(a)].map(([k, v]) => sided(k, 'parameter', v)),
    ...[...branches(a)].map(([k, v]) => sided(k, 'branch', v)),
  ];
}

function diffBlock(before: FlowAction, after: FlowAction): ValueChange[] {
  const out: ValueChange[] = [];
  if (before.Type !== after.Type)
    out.push({ what: 'type', kind: 'type', before: before.Type, after: after.Type });
  const pb = before.Parameters?.['Text'] ?? before.Parameters?.['SSML'];
  const pa = after.Parameters?.['Text'] ?? after.Parameters?.['SSML'];
  if (pb !== pa) {
    const tb = typeof pb === 'string' ? pb : undefined;
    const ta = typeof pa === 'string' ? pa : undefined;
    out.push({
      what: 'prompt',
      kind: 'prompt',
      ...(tb !== undefined ? { before: tb } : {}),
      ...(ta !== undefined ? { after: ta } : {}),
    });
  }
  out.push(...compareMaps(parameters(before), parameters(after), 'parameter'));
  out.push(...compareMaps(branches(before), branches(after), 'branch'));
  return out;
}

function positions(flow: FlowFile | undefined): Map<string, string> {
  const meta = (flow?.content.Metadata ?? {}) as Record<string, unknown>;
  const am = (meta['ActionMetadata'] ?? {}) as Record<string, { position?: unknown }>;
  return new Map(Object.entries(am).map(([id, m]) => [id, JSON.stringify(m?.position ?? null)]));
}

const parameterText = (p: ModuleParameter) =>
  `${p.type}${p.required ? ', required' : ''}${p.description ? ` — ${p.description}` : ''}`;

/** Inputs, outputs and results of two versions of a module's Settings, by name. */
function diffInterface(before: FlowFile | undefined, after: FlowFile | undefined): InterfaceChange[] {
  const b = readModuleInterface(before?.content.Settings).iface;
  const a = readModuleInterface(after?.content.Settings).iface;
  type Entry = { text: string; fields: Record<string, string | undefined> };
  const out: InterfaceChange[] = [];
  const compare = (
    direction: InterfaceChange['direction'],
    xs: Map<string, Entry>,
    ys: Map<string, Entry>,
  ) => {
    for (const [name, x] of xs) {
      const y = ys.get(name);
      if (!y) out.push({ direction, name, change: 'removed', before: x.text });
      else {
        const fields = Object.keys({ ...x.fields, ...y.fields }).filter((k) => x.fields[k] !== y.fields[k]);
        if (fields.length > 0)
          out.push({ direction, name, change: 'changed', fields, before: x.text, after: y.text });
      }
    }
    for (const [name, y] of ys)
      if (!xs.has(name)) out.push({ direction, name, change: 'added', after: y.text });
  };
  const params = (list: ModuleParameter[]) =>
    new Map(
      list.map((p) => [
        p.name,
        {
          text: parameterText(p),
          fields: { type: p.type, required: String(p.required), description: p.description },
        },
      ]),
    );
  compare('input', params(b.inputs), params(a.inputs));
  compare('output', params(b.outputs), params(a.outputs));
  const results = (list: typeof b.results) =>
    new Map(
      list.map((r) => [
        r.name,
        { text: r.displayName ?? r.name, fields: { displayName: r.displayName, description: r.description } },
      ]),
    );
  compare('result', results(b.results), results(a.results));
  return out;
}

/** Compare two versions of one flow; `undefined` = the flow does not exist on that side. */
export function diffFlows(before: FlowFile | undefined, after: FlowFile | undefined): FlowDiff {
  const name = after?.name ?? before?.name ?? '(unnamed)';
  const flow: ValueChange[] = [];
  const field = (what: string, b: string | undefined, a: string | undefined) => {
    if (b !== a)
      flow.push({
        what,
        kind: 'parameter',
        ...(b !== undefined ? { before: b } : {}),
        ...(a !== undefined ? { after: a } : {}),
      });
  };
  field('type', before?.type, after?.type);
  field('description', before?.description, after?.description);
  field('StartAction', before?.content.StartAction, after?.content.StartAction);
  const b = new Map((before?.content.Actions ?? []).map((a) => [a.Identifier, a]));
  const a = new Map((after?.content.Actions ?? []).map((x) => [x.Identifier, x]));
  const blocks: BlockChange[] = [];
  const entry = (x: FlowAction, change: BlockChange['change'], details: ValueChange[]): BlockChange => ({
    identifier: x.Identifier,
    title: blockTitle(x),
    type: x.Type,
    change,
    details,
  });
  // In the order of the new file (then removed blocks in the old order): the order a reviewer reads it.
  for (const x of a.values()) {
    const old = b.get(x.Identifier);
    if (!old) blocks.push(entry(x, 'added', describe(x, 'after')));
    else {
      const details = diffBlock(old, x);
      if (details.length > 0) blocks.push(entry(x, 'changed', details));
    }
  }
  for (const x of b.values())
    if (!a.has(x.Identifier)) blocks.push(entry(x, 'removed', describe(x, 'before')));
  const iface = diffInterface(before, after);
  const pb = positions(before);
  const pa = positions(after);
  const layoutChanges = [...new Set([...pb.keys(), ...pa.keys()])].filter(
    (id) => pb.get(id) !== pa.get(id),
  ).length;
  const change = !before
    ? 'added'
    : !after
      ? 'removed'
      : flow.length > 0 || blocks.length > 0 || iface.length > 0 || layoutChanges > 0
        ? 'changed'
        : 'unchanged';
  return { name, change, flow, blocks, interface: iface, layoutChanges };
}

/**
 * Diff two flow files' texts (either may be absent). For other features, e.g. `santral diff --template`:
 * the texts are parsed like flow files (wrapper checked, not the flow's rules).
 */
export function diffFlowTexts(before: string | undefined, after: string | undefined, file: string): FlowDiff {
  return diffFlows(
    before === undefined ? undefined : parseFlowFile(before, `${file} (before)`),
    after === undefined ? undefined : parseFlowFile(after, file),
  );
}

/** Diff two sets of flow texts by flow name (a folder at two revisions), sorted by name. */
export function diffFlowSets(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  dir = 'contact-flows',
): FlowDiff[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.map((n) => diffFlowTexts(before.get(n), after.get(n), `${dir}/${n}.json`));
}

// ---------------------------------------------------------------------------------------------------------
// Markdown, for a pull request (code hosts render it; prompts in quotes, identifiers in code).

const MAX_VALUE = 200;

function md(value: string | undefined): string {
  if (value === undefined) return '—';
  const short = value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE - 1)}…` : value;
  return `\`${short.replace(/`/g, "'").replace(/\n/g, ' ')}\``;
}

function quote(value: string | undefined): string {
  if (value === undefined) return '—';
  return `“${value.replace(/\n/g, ' ')}”`;
}

function line(c: ValueChange, wholeBlock = false): string {
  const show = c.kind === 'prompt' ? quote : md;
  const what =
    c.kind === 'branch' ? `branch **${c.what}**` : c.kind === 'prompt' ? 'prompt' : `\`${c.what}\``;
  if (c.before === undefined) return `${what}: ${wholeBlock ? '' : '(new) '}${show(c.after)}`;
  if (c.after === undefined) return `${what}: ${show(c.before)}${wholeBlock ? '' : ' (removed)'}`;
  return `${what}: ${show(c.before)} → ${show(c.after)}`;
}

/** `- module input **accountId** added: `String, required``; a retype reads `String` → `Number`. */
function interfaceLine(c: InterfaceChange): string {
  const what = `module ${c.direction} **${c.name}**`;
  if (c.change === 'added') return `${what} added: ${md(c.after)}`;
  if (c.change === 'removed') return `${what} removed (was ${md(c.before)})`;
  const fields = c.fields?.length ? ` (${c.fields.join(', ')})` : '';
  return `${what} changed${fields}: ${md(c.before)} → ${md(c.after)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One summary line per flow, e.g. `2 blocks added, 1 removed, 3 changed`. */
export function summarize(d: FlowDiff): string {
  const counts = (['added', 'removed', 'changed'] as const)
    .map((c) => [c, d.blocks.filter((b) => b.change === c).length] as const)
    .filter(([, n]) => n > 0);
  const parts = counts.map(([c, n], i) => (i === 0 ? `${plural(n, 'block')} ${c}` : `${n} ${c}`));
  if (d.flow.length > 0) parts.push(d.flow.map((c) => c.what).join(' and ') + ' changed');
  if (d.interface.length > 0)
    parts.push(
      `module interface changed (${d.interface.length} ${d.interface.length === 1 ? 'entry' : 'entries'})`,
    );
  if (d.layoutChanges) parts.push(`designer layout of ${plural(d.layoutChanges, 'block')} moved`);
  return parts.join(', ') || 'no change';
}

/** The review as Markdown: one section per changed flow. */
export function flowDiffMarkdown(diffs: readonly FlowDiff[], heading = 'Contact flow changes'): string {
  const changed = diffs.filter((d) => d.change !== 'unchanged');
  const out = [`## ${heading}`, ''];
  if (changed.length === 0) return `${out.join('\n')}\nNo flow changed.\n`;
  for (const d of changed) {
    out.push(`### \`${d.name}\` — ${d.change === 'changed' ? summarize(d) : `flow ${d.change}`}`, '');
    for (const c of d.flow) out.push(`- ${line(c)}`);
    if (d.flow.length > 0) out.push('');
    for (const c of d.interface) out.push(`- ${interfaceLine(c)}`);
    if (d.interface.length > 0) out.push('');
    for (const b of d.blocks) {
      const title = b.title === b.identifier ? `\`${b.identifier}\`` : `${b.title} (\`${b.identifier}\`)`;
      out.push(`- **${b.change}** ${title} — ${blockTypeName(b.type)}`);
      for (const c of b.details) out.push(`  - ${line(c, b.change !== 'changed')}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
