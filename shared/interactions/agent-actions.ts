/**
 * Agent actions from the CCP agent workspace: notes, tags and a disposition on the current interaction,
 * a customer's history, and the one-click "do not call". Requests are validated here (zod), every action is
 * idempotent (notes carry a client `noteId`; tags are a set; a disposition is a SET; DNC is first-write-wins)
 * and audited with the caller's IAM identity. Expected outcomes are data (`{ ok: false, error }`).
 */
import { z } from 'zod';
import type { InternalDncStore } from '../domain/internal-dnc.ts';
import { maskPhoneNumber, toE164 } from '../domain/phone.ts';
import type { Clock, InteractionReader, InteractionRecord } from './model.ts';

export const DISPOSITIONS = [
  'resolved',
  'follow-up',
  'escalated',
  'sale',
  'no-sale',
  'callback-scheduled',
  'wrong-number',
  'voicemail',
  'no-answer',
] as const;

const contactId = z.string().regex(/^[A-Za-z0-9-]{1,128}$/, 'expected a Connect contact id');
const agent = z.string().min(1).max(128);

export const agentActionSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('addNote'),
      contactId,
      agent,
      noteId: z
        .string()
        .regex(/^[A-Za-z0-9-]{8,64}$/, 'noteId: 8–64 letters, digits, dashes (idempotency key)'),
      text: z.string().trim().min(1).max(4000),
    })
    .strict(),
  z
    .object({
      action: z.literal('addTags'),
      contactId,
      agent,
      tags: z
        .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'tags: lowercase letters, digits, dashes'))
        .min(1)
        .max(20),
    })
    .strict(),
  z
    .object({ action: z.literal('setDisposition'), contactId, agent, disposition: z.enum(DISPOSITIONS) })
    .strict(),
  z.object({ action: z.literal('notes'), contactId, agent }).strict(),
  z
    .object({
      action: z.literal('history'),
      agent,
      phoneNumber: z.string().min(3).max(40),
      limit: z.number().int().min(1).max(100).default(20),
    })
    .strict(),
  z
    .object({
      action: z.literal('doNotCall'),
      contactId,
      agent,
      phoneNumber: z.string().min(3).max(40),
      reason: z.string().max(200).optional(),
    })
    .strict(),
]);
export type AgentAction = z.infer<typeof agentActionSchema>;

export interface AgentNote {
  noteId: string;
  contactId: string;
  text: string;
  agent: string;
  createdAt: string;
}

export interface AgentAuditEntry {
  requestId: string;
  at: string;
  action: AgentAction['action'];
  /** The IAM principal that signed the request. */
  actor: string;
  agent: string;
  contactId?: string;
  /** Masked customer number, never the number in clear. */
  customer?: string;
  outcome: string;
}

export interface NotesStore {
  findNote(contactId: string, noteId: string): Promise<AgentNote | undefined>;
  listNotes(contactId: string): Promise<AgentNote[]>;
  putNote(note: AgentNote): Promise<'created' | 'exists'>;
  addTags(contactId: string, tags: string[]): Promise<string[]>;
  setDisposition(contactId: string, disposition: string, by: string, at: string): Promise<void>;
  audit(entry: AgentAuditEntry): Promise<void>;
}

export interface AgentActionDeps {
  notes: NotesStore;
  interactions: InteractionReader;
  dnc: InternalDncStore;
  clock: Clock;
}

export type AgentActionResult =
  | { ok: true; action: AgentAction['action']; result: Record<string, unknown> }
  | { ok: false; error: 'invalid'; issues: string[] };

export function parseAgentAction(input: unknown): AgentAction | { issues: string[] } {
  const r = agentActionSchema.safeParse(input);
  if (r.success) return r.data;
  return { issues: r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) };
}

/** A history row for the agent: what happened, never a recording link. */
export function summarizeInteraction(r: InteractionRecord) {
  return {
    contactId: r.contactId,
    at: r.ctr?.initiationTimestamp,
    channel: r.ctr?.channel,
    method: r.ctr?.initiationMethod,
    queue: r.ctr?.queue?.name,
    agent: r.ctr?.agent?.username,
    handled: r.ctr?.handled ?? false,
    abandoned: r.ctr?.abandoned ?? false,
    disposition: r.disposition,
    tags: r.tags,
    surveyCsat: r.surveyCsat,
  };
}

export async function performAgentAction(
  deps: AgentActionDeps,
  input: unknown,
  caller: { actor: string; requestId: string },
): Promise<AgentActionResult> {
  const parsed = parseAgentAction(input);
  if ('issues' in parsed) return { ok: false, error: 'invalid', issues: parsed.issues };
  const a = parsed;
  const at = deps.clock.now().toISOString();
  const audit = (outcome: string, extra: Partial<AgentAuditEntry> = {}) =>
    deps.notes.audit({
      requestId: caller.requestId,
      at,
      action: a.action,
      actor: caller.actor,
      agent: a.agent,
      outcome,
      ...extra,
    });

  switch (a.action) {
    case 'addNote': {
      const existing = await deps.notes.findNote(a.contactId, a.noteId);
      const note = existing ?? {
        noteId: a.noteId,
        contactId: a.contactId,
        text: a.text,
        agent: a.agent,
        createdAt: at,
      };
      const outcome = existing ? 'exists' : await deps.notes.putNote(note);
      await audit(outcome, { contactId: a.contactId });
      return { ok: true, action: a.action, result: { outcome, note } };
    }
    case 'addTags': {
      const tags = await deps.notes.addTags(a.contactId, a.tags);
      await audit('ok', { contactId: a.contactId });
      return { ok: true, action: a.action, result: { tags } };
    }
    case 'setDisposition': {
      await deps.notes.setDisposition(a.contactId, a.disposition, a.agent, at);
      await audit('ok', { contactId: a.contactId });
      return { ok: true, action: a.action, result: { disposition: a.disposition } };
    }
    case 'notes': {
      const notes = await deps.notes.listNotes(a.contactId);
      await audit('ok', { contactId: a.contactId });
      return { ok: true, action: a.action, result: { notes } };
    }
    case 'history': {
      const e164 = toE164(a.phoneNumber);
      if (!e164) return { ok: false, error: 'invalid', issues: ['phoneNumber: not a valid phone number'] };
      const rows = await deps.interactions.history(e164, a.limit);
      await audit('ok', { customer: maskPhoneNumber(e164) });
      return { ok: true, action: a.action, result: { interactions: rows.map(summarizeInteraction) } };
    }
    case 'doNotCall': {
      const e164 = toE164(a.phoneNumber);
      if (!e164) return { ok: false, error: 'invalid', issues: ['phoneNumber: not a valid phone number'] };
      const r = await deps.dnc.add({
        e164,
        source: 'agent',
        addedAt: at,
        addedBy: a.agent,
        contactId: a.contactId,
        ...(a.reason ? { reason: a.reason } : {}),
      });
      await audit(r.outcome, { contactId: a.contactId, customer: maskPhoneNumber(e164) });
      return { ok: true, action: a.action, result: { outcome: r.outcome, listedSince: r.entry.addedAt } };
    }
  }
}
