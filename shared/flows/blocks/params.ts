/**
 * Parameter building blocks shared by the block schemas. Console exports write numbers and booleans as
 * strings ("8", "True"); the API also accepts JSON numbers and booleans, so both are accepted.
 */
import { z } from 'zod';
import { FLOW_TYPES, type FlowType } from '../model.ts';

/** A value that is static or a JSONPath into the contact ($.Attributes.x, $.External.x, …). */
export const text = z.string().min(1);
/** A string that may be empty (designer exports keep "" for fields left blank). */
export const anyText = z.string();
export const numeric = z.union([
  z.string().regex(/^(\d+|\$\..+)$/, 'expected digits or a $.path'),
  z.number(),
]);
export const bool = z.union([z.enum(['True', 'False', 'true', 'false']), z.boolean()]);
export const stringMap = z.record(z.string(), z.string());
/** Objects the service defines and the simulator only passes through (view data, profile fields…). */
export const opaque = z.unknown();

export const promptShape = {
  Text: text.optional(),
  SSML: text.optional(),
  PromptId: text.optional(),
  Media: z
    .object({ Uri: text, SourceType: z.enum(['S3']), MediaType: z.enum(['Audio']) })
    .strict()
    .optional(),
};
type PromptParams = { Text?: string; SSML?: string; PromptId?: string; Media?: unknown };
const promptCount = (p: PromptParams) =>
  [p.Text, p.SSML, p.PromptId, p.Media].filter((x) => x !== undefined).length;
export const ONE_PROMPT = 'give exactly one of Text, SSML, PromptId or Media';
export const onePrompt = (p: PromptParams) => promptCount(p) === 1;
export const atMostOnePrompt = (p: PromptParams) => promptCount(p) <= 1;

export const queueOrAgent = z
  .object({ QueueId: text.optional(), AgentId: text.optional() })
  .strict()
  .refine((p) => !(p.QueueId && p.AgentId), 'give QueueId or AgentId, not both');

/** Case-insensitive enum: the designer writes some values capitalised ("Neural") that the API lists lower-case. */
export const looseEnum = (values: readonly string[]) =>
  z.string().refine((v) => v.startsWith('$.') || values.some((x) => x.toLowerCase() === v.toLowerCase()), {
    message: `expected one of ${values.join(', ')}`,
  });

// Flow-type sets as the reference's "Restrictions" sections name them.
export const ROUTING: FlowType[] = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER', 'MODULE'];
export const INTERACTIVE: FlowType[] = [...ROUTING, 'CUSTOMER_QUEUE'];
export const WHISPERS: FlowType[] = ['AGENT_WHISPER', 'CUSTOMER_WHISPER', 'OUTBOUND_WHISPER'];
export const HOLDS: FlowType[] = ['CUSTOMER_HOLD', 'AGENT_HOLD'];
/** "This action is supported in every type of flow." */
export const ALL: FlowType[] = [...FLOW_TYPES];

export const truthy = (v: unknown) => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Shorten a long value for a label. */
export const short = (s: string, max = 40) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
