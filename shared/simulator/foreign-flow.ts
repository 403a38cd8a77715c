/**
 * Flows from anywhere (`santral sim call --to path/to/flow.json`): another team's export, a corpus file, a
 * designer download. The file may be Santral's wrapper or bare Flow Language content (a Content document).
 * `${Kind:name}` references the config knows are resolved as for our own flows; everything else —
 * placeholders such as `{{queue.arn}}` or `${REGION}`, another account's ARNs — is left as written and met
 * by named stand-ins while the call runs (SimWorld.standInReferences): a setup never fails on a reference.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { FLOW_TYPES, type FlowContent, type FlowFile, type FlowType } from '#shared/flows/model.ts';
import { resolveReferences } from '#shared/flows/references.ts';
import { localArn } from './local-arns.ts';

export class ForeignFlowError extends Error {
  override name = 'ForeignFlowError';
}

/** Does `--to` name a flow file (rather than a number or a flow of contact-flows/)? */
export function isFlowFilePath(to: string): boolean {
  return /\.json$/i.test(to) && existsSync(resolve(to)) && statSync(resolve(to)).isFile();
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read a flow file as Santral's wrapper or as bare content; the name is the file's when it has none. */
export function loadForeignFlow(
  path: string,
  config: ContactCenterConfig,
  knownFlows: readonly string[],
): FlowFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ForeignFlowError(`${path}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const wrapped = isObject(data) && isObject(data['content']);
  const content = (wrapped ? (data as { content: unknown }).content : data) as FlowContent;
  if (!isObject(content) || !Array.isArray(content.Actions) || typeof content.StartAction !== 'string')
    throw new ForeignFlowError(
      `${path}: expected a Flow Language document ({ Version, StartAction, Actions }) or Santral's wrapper around one`,
    );
  const name =
    wrapped && typeof (data as { name?: unknown }).name === 'string'
      ? (data as { name: string }).name
      : basename(path).replace(/\.json$/i, '');
  const rawType = wrapped ? (data as { type?: unknown }).type : undefined;
  const type: FlowType = FLOW_TYPES.includes(rawType as FlowType) ? (rawType as FlowType) : 'CONTACT_FLOW';
  for (const a of content.Actions) {
    a.Parameters ??= {};
    a.Transitions ??= {};
  }
  const queues = new Set(config.queues.map((q) => q.name));
  const hours = new Set(config.hours.map((h) => h.name));
  const flows = new Set(knownFlows);
  let resolved = content;
  try {
    // Known names become local ARNs; unknown ones stay as written (the placeholder itself) for stand-ins.
    resolved = resolveReferences(content, (kind, ref) => {
      const known =
        kind === 'Queue'
          ? queues.has(ref)
          : kind === 'Hours'
            ? hours.has(ref)
            : kind === 'Flow' || kind === 'Module'
              ? flows.has(ref)
              : kind === 'Lambda' || kind === 'Prompt';
      return known ? localArn(kind, ref) : `\${${kind}:${ref}}`;
    });
  } catch {
    // Foreign placeholder syntax (e.g. `${REGION}`) is not ours to resolve: run the document as written.
  }
  return {
    name,
    type,
    description: wrapped ? String((data as { description?: unknown }).description ?? '') : '',
    content: resolved,
  };
}
