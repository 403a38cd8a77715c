/**
 * Symbolic references in flow files: `${Kind:name}`, e.g. `${Lambda:ivr-lookup}`, `${Queue:Support TR}`.
 *
 * Flows never contain ARNs (ARCHITECTURE.md, principle 2). Infra resolves references at synth to the
 * deployed resources, the simulator resolves them to local handlers and config, and `santral flows pull`
 * turns ARNs back into references. A reference may be the whole string or part of one (e.g. inside SSML).
 */
import type { FlowContent } from './model.ts';

export const REFERENCE_KINDS = [
  'Lambda',
  'Queue',
  'Flow',
  'Hours',
  'Prompt',
  'QuickConnect',
  'PhoneNumber',
  'Module',
  /** Spoken opening hours rendered from config: `${HoursText:Main:en-US}` (see hours-text.ts). */
  'HoursText',
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** `${Kind:name}`: Kind is letters, name is anything up to the closing brace. */
const REFERENCE = /\$\{([A-Za-z]+):([^{}]+)\}/g;

export interface FlowReference {
  kind: ReferenceKind;
  name: string;
  /** The placeholder as written, e.g. `${Queue:Support}`. */
  placeholder: string;
  /** Where it occurs, e.g. `Actions[3].Parameters.QueueId`. */
  path: string;
  /** The Identifier of the action it occurs in (undefined in Metadata/Settings). */
  action?: string;
  /** Why it could not be resolved (set on UnresolvedReferenceError's references). */
  reason?: string;
}

/** A placeholder-looking string with a kind we do not know, e.g. `${Queu:Support}`. */
export interface MalformedReference {
  placeholder: string;
  path: string;
  action?: string;
  problem: string;
}

export const isReferenceKind = (k: string): k is ReferenceKind =>
  REFERENCE_KINDS.includes(k as ReferenceKind);

export const reference = (kind: ReferenceKind, name: string) => `\${${kind}:${name}}`;

export class UnresolvedReferenceError extends Error {
  override name = 'UnresolvedReferenceError';
  constructor(
    readonly references: readonly FlowReference[],
    readonly flowName?: string,
    options?: { cause?: unknown },
  ) {
    const where = flowName ? `flow "${flowName}": ` : '';
    const list = references
      .map(
        (r) =>
          `${r.placeholder} at ${r.action ? `action ${r.action} ` : ''}(${r.path})${r.reason ? ` — ${r.reason}` : ''}`,
      )
      .join('; ');
    super(`${where}cannot resolve ${list}`, options);
  }
}

type Visitor = (value: string, path: string, action: string | undefined) => string;

/** Walk every string in a document (keys excluded), calling `visit`; returns a transformed deep copy. */
function mapStrings(value: unknown, visit: Visitor, path = '', action?: string): unknown {
  if (typeof value === 'string') return visit(value, path, action);
  if (Array.isArray(value)) {
    const inActions = path === 'Actions';
    return value.map((v, i) => {
      const id =
        inActions && v && typeof v === 'object' ? (v as { Identifier?: unknown }).Identifier : undefined;
      return mapStrings(v, visit, `${path}[${i}]`, typeof id === 'string' ? id : action);
    });
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = mapStrings(v, visit, path ? `${path}.${k}` : k, action);
    return out;
  }
  return value;
}

/** Scan a document for references and for placeholders with an unknown kind. */
export function scanReferences(content: FlowContent | unknown): {
  references: FlowReference[];
  malformed: MalformedReference[];
} {
  const references: FlowReference[] = [];
  const malformed: MalformedReference[] = [];
  mapStrings(content, (value, path, action) => {
    for (const m of value.matchAll(REFERENCE)) {
      const [placeholder, kind, name] = m as unknown as [string, string, string];
      if (isReferenceKind(kind))
        references.push({ kind, name, placeholder, path, ...(action ? { action } : {}) });
      else
        malformed.push({
          placeholder,
          path,
          ...(action ? { action } : {}),
          problem: `unknown reference kind "${kind}"; use one of ${REFERENCE_KINDS.join(', ')}`,
        });
    }
    // "${" left over once the well-formed references are removed: an unterminated or empty placeholder.
    const rest = value.replace(REFERENCE, '');
    if (rest.includes('${'))
      malformed.push({
        placeholder: rest.slice(rest.indexOf('${'), rest.indexOf('${') + 40),
        path,
        ...(action ? { action } : {}),
        problem: `malformed reference; write \${Kind:name}, e.g. \${Queue:Support}`,
      });
    return value;
  });
  return { references, malformed };
}

/** Every well-formed `${Kind:name}` reference in a document, in document order. */
export function findReferences(content: FlowContent | unknown): FlowReference[] {
  return scanReferences(content).references;
}

/**
 * The document with every reference replaced by `resolver(kind, name)`. A resolver returning undefined
 * (or throwing) leaves the reference unresolved; all unresolved ones are reported in one
 * UnresolvedReferenceError. Malformed placeholders are reported the same way.
 */
export function resolveReferences<T>(
  content: T,
  resolver: (kind: ReferenceKind, name: string) => string | undefined,
  flowName?: string,
): T {
  const unresolved: FlowReference[] = [];
  let firstCause: unknown;
  const out = mapStrings(content, (value, path, action) =>
    value.replace(REFERENCE, (placeholder, kind: string, name: string) => {
      const ref: FlowReference = {
        kind: kind as ReferenceKind,
        name,
        placeholder,
        path,
        ...(action ? { action } : {}),
      };
      if (!isReferenceKind(kind)) {
        ref.reason = `unknown reference kind; use one of ${REFERENCE_KINDS.join(', ')}`;
        unresolved.push(ref);
        return placeholder;
      }
      let resolved: string | undefined;
      try {
        resolved = resolver(kind, name);
      } catch (err) {
        firstCause ??= err;
        ref.reason = (err as Error).message;
      }
      if (resolved === undefined) {
        unresolved.push(ref);
        return placeholder;
      }
      return resolved;
    }),
  );
  if (unresolved.length > 0)
    throw new UnresolvedReferenceError(unresolved, flowName, firstCause ? { cause: firstCause } : undefined);
  return out as T;
}

/** Unique `Kind:name` keys, sorted — what a flow depends on. */
export function referencedNames(content: unknown, kind?: ReferenceKind): string[] {
  const refs = findReferences(content).filter((r) => !kind || r.kind === kind);
  return [...new Set(refs.map((r) => (kind ? r.name : `${r.kind}:${r.name}`)))].sort();
}
