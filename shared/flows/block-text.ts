/**
 * What a block says and how to name it for a reader: used by `flows diagram` and `flows diff`, where a
 * flow owner reviews blocks by what they do. Flows exported from the Connect designer identify blocks by
 * UUIDs (`7b32763b-3c5c-49a2-9fa5-2328a5aa825a`), which tell a reviewer nothing: such blocks are named by
 * their type and text instead.
 */
import { ACTIONS } from './catalog.ts';
import type { FlowAction } from './model.ts';
import { findReferences } from './references.ts';

/** A designer-generated identifier (a UUID), as opposed to a name a person chose. */
const DESIGNER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isDesignerId = (identifier: string): boolean => DESIGNER_ID.test(identifier);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The words of an SSML prompt: tags removed (a `<break>` becomes a space), entities decoded, whitespace
 * collapsed. `<speak>Hello <break time="1s"/>world &amp; co</speak>` → `Hello world & co`.
 */
export function ssmlToText(ssml: string): string {
  return ssml
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the block speaks to the caller, if anything: Text, SSML (as words), or the prompt it plays. */
export function spokenText(a: FlowAction): string | undefined {
  const p = a.Parameters ?? {};
  if (typeof p['Text'] === 'string') return p['Text'];
  if (typeof p['SSML'] === 'string') return ssmlToText(p['SSML']);
  if (typeof p['PromptId'] === 'string') {
    const ref = findReferences(p['PromptId'])[0];
    return `prompt ${ref ? ref.name : p['PromptId']}`;
  }
  const messages = p['Messages'];
  if (Array.isArray(messages)) {
    const texts = messages.map((m) => spokenText({ ...a, Parameters: (m ?? {}) as Record<string, unknown> }));
    const said = texts.filter((t): t is string => t !== undefined);
    if (said.length > 0) return said.join(' / ');
  }
  return undefined;
}

/** The catalogue's name of the block type ("Play prompt"), or the type itself when it is not known. */
export const blockTypeName = (type: string): string => ACTIONS[type]?.block ?? type;

const MAX_TITLE_TEXT = 40;

/**
 * How to name a block for a reader: its Identifier when a person chose it; for a designer UUID, the block
 * type and the start of what it says (`Play prompt “Welcome to ACME…”`), else the type and a short id.
 */
export function blockTitle(a: FlowAction): string {
  if (!isDesignerId(a.Identifier)) return a.Identifier;
  const text = spokenText(a);
  const short = text && text.length > MAX_TITLE_TEXT ? `${text.slice(0, MAX_TITLE_TEXT - 1)}…` : text;
  return short
    ? `${blockTypeName(a.Type)} “${short}”`
    : `${blockTypeName(a.Type)} ${a.Identifier.slice(0, 8)}`;
}
