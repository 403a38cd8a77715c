/**
 * The workspace routes of AGENT-API.md: who am I, the contact card (screen pop), notes, tags, wrap-up,
 * complete (leave ACW), do-not-call, transfer context and a callback request. Every contact route first
 * asks the contact center whether the caller was connected to that contact (ContactAccess); a contact that
 * is not theirs — or does not exist, which is not revealed — is a 403 `not_your_contact`.
 */
import { z } from 'zod';
import { checkCallbackNumber } from '../domain/callback.ts';
import { maskPhoneNumber } from '../domain/phone.ts';
import type { InteractionRecord } from '../interactions/model.ts';
import type { AgentApiDeps, AgentApiSettings, ContactFacts } from './ports.ts';
import type { RouteContext, RouteDefinition } from './router.ts';
import { type AgentIdentity, ApiError } from './types.ts';

const CONTACT_ID = /^[A-Za-z0-9-]{1,128}$/;
/** The client's idempotency key for a note (autosave retries reuse it). */
const NOTE_ID = /^[A-Za-z0-9-]{8,64}$/;
const TAG = /^[a-z0-9][a-z0-9-]{0,39}$/;

// Unknown body fields are dropped, never used: an `agent` or `username` in a body changes nothing (the
// identity is the token's).
export const noteBody = z.object({ text: z.string().trim().min(1).max(4000) });
export const tagsBody = z.object({
  tags: z.array(z.string().regex(TAG, 'tags: lowercase letters, digits, dashes')).max(20),
});
export const wrapUpBody = z.object({ code: z.string().min(1).max(40) });
export const dncBody = z.object({
  confirm: z.literal(true, { error: 'confirm must be true (the agent confirmed the caller asked)' }),
});
export const transferBody = z.object({
  note: z.string().trim().max(1000),
  reason: z.string().trim().max(200),
  mode: z.enum(['warm', 'cold']),
  target: z.object({ type: z.enum(['queue', 'agent']), name: z.string().min(1).max(128) }),
});
export const callbackBody = z.object({
  number: z.string().min(3).max(40).optional(),
  queue: z.string().min(1).max(127).optional(),
});

/** The wrap-up codes for a queue's contacts, labelled in the agent's language. */
export function wrapUpFor(
  settings: AgentApiSettings,
  queue: string | undefined,
  locale: AgentIdentity['locale'],
) {
  const rule = settings.wrapUp.queues.find((q) => q.queue === queue);
  const byCode = new Map(settings.wrapUp.codes.map((c) => [c.code, c]));
  const lang = locale === 'tr' ? 'tr-TR' : undefined;
  const codes = (rule?.codes ?? []).flatMap((code) => {
    const c = byCode.get(code);
    return c ? [{ code, label: (lang && c.labels[lang]) || c.label }] : [];
  });
  return { codes, required: rule?.required ?? false };
}

/** A history row of the caller's earlier contact. */
function historyRow(r: InteractionRecord, notes: string[]) {
  return {
    contactId: r.contactId,
    startedAt: r.ctr?.initiationTimestamp ?? null,
    queue: r.ctr?.queue?.name ?? null,
    disposition: r.disposition ?? null,
    notes,
    tags: r.tags,
    surveyScore: r.surveyCsat ?? null,
  };
}

export function contactRoutes(deps: AgentApiDeps): RouteDefinition[] {
  const { settings } = deps;

  /** The contact's facts when the caller was connected to it; else 403 (also for an unknown contact). */
  async function authorize(ctx: RouteContext): Promise<ContactFacts> {
    const contactId = ctx.params['contactId'] ?? '';
    const facts = await deps.contacts.describeContact(contactId);
    const me = ctx.identity.username.toLowerCase();
    if (!facts?.agents.some((a) => a.toLowerCase() === me))
      throw new ApiError(403, 'not_your_contact', `contact ${contactId} was never connected to you`);
    if (facts.customerNumber) ctx.auditDetail({ customer: maskPhoneNumber(facts.customerNumber) });
    return facts;
  }
  const contact = { contactId: CONTACT_ID };

  return [
    {
      method: 'GET',
      path: '/v1/me',
      action: 'me',
      handle: async ({ identity }) => ({ body: identity }),
    },
    {
      method: 'GET',
      path: '/v1/contacts/:contactId/card',
      action: 'contact.card',
      params: contact,
      handle: async (ctx) => {
        const facts = await authorize(ctx);
        const e164 = facts.customerNumber;
        const [caller, history, record, notes, pending] = await Promise.all([
          e164 ? deps.callers.lookupCaller(e164) : undefined,
          e164 ? deps.interactions.history(e164, settings.historyLimit + 1) : [],
          deps.interactions.get(facts.contactId),
          deps.workspace.listNotes(facts.contactId),
          e164 ? deps.callbacks.findPendingCallback(e164, settings.queues, ctx.now) : undefined,
        ]);
        const earlier = history
          .filter((h) => h.contactId !== facts.contactId)
          .slice(0, settings.historyLimit);
        const earlierNotes = await Promise.all(earlier.map((h) => deps.workspace.listNotes(h.contactId)));
        const queue = facts.queue ?? record?.ctr?.queue?.name ?? null;
        const a = facts.attributes;
        const profile = caller?.profile;
        return {
          body: {
            contactId: facts.contactId,
            queue,
            channel: facts.channel,
            customer:
              profile && e164
                ? {
                    name: profile.firstName,
                    vipTier: profile.tier,
                    language: profile.preferredLanguage,
                    openCase: profile.openCaseId ?? null,
                    phoneMasked: maskPhoneNumber(e164),
                  }
                : null,
            intent: a['intent'] ?? null,
            repeatCaller: a['repeatCaller'] === 'true',
            transfer:
              a['transferNote'] || a['transferReason']
                ? {
                    note: a['transferNote'] ?? '',
                    reason: a['transferReason'] ?? '',
                    mode: a['transferMode'] ?? null,
                    fromAgent: a['transferFromAgent'] ?? a['transferFrom'] ?? null,
                  }
                : null,
            pendingCallback: pending ?? null,
            dnc: caller?.dnc ? { blocked: true, sources: ['internal'] } : { blocked: false, sources: [] },
            history: earlier.map((h, i) =>
              historyRow(
                h,
                (earlierNotes[i] ?? []).map((n) => n.text),
              ),
            ),
            notes: notes.map((n) => ({
              noteId: n.noteId,
              text: n.text,
              author: n.author,
              savedAt: n.savedAt,
            })),
            tags: record?.tags ?? [],
            wrapUp: {
              ...wrapUpFor(settings, queue ?? undefined, ctx.identity.locale),
              selected: record?.disposition ?? null,
            },
          },
        };
      },
    },
    {
      method: 'PUT',
      path: '/v1/contacts/:contactId/notes/:noteId',
      action: 'contact.note',
      params: { ...contact, noteId: NOTE_ID },
      body: noteBody,
      handle: async (ctx) => {
        const facts = await authorize(ctx);
        const { text } = ctx.body as z.infer<typeof noteBody>;
        const saved = await deps.workspace.saveNote({
          noteId: ctx.params['noteId'] ?? '',
          contactId: facts.contactId,
          text,
          author: ctx.identity.username,
          savedAt: ctx.now.toISOString(),
        });
        if (saved.outcome === 'owned-by-other' || !saved.note)
          throw new ApiError(409, 'note_owned_by_other', 'another agent wrote a note with this noteId');
        return { body: { noteId: saved.note.noteId, savedAt: saved.note.savedAt } };
      },
    },
    {
      method: 'PUT',
      path: '/v1/contacts/:contactId/tags',
      action: 'contact.tags',
      params: contact,
      body: tagsBody,
      handle: async (ctx) => {
        const facts = await authorize(ctx);
        const { tags } = ctx.body as z.infer<typeof tagsBody>;
        return { body: { tags: await deps.workspace.setTags(facts.contactId, [...new Set(tags)]) } };
      },
    },
    {
      method: 'PUT',
      path: '/v1/contacts/:contactId/wrap-up',
      action: 'contact.wrap-up',
      params: contact,
      body: wrapUpBody,
      handle: async (ctx) => {
        const facts = await authorize(ctx);
        const { code } = ctx.body as z.infer<typeof wrapUpBody>;
        const queue = facts.queue ?? (await deps.interactions.get(facts.contactId))?.ctr?.queue?.name;
        const allowed = wrapUpFor(settings, queue, ctx.identity.locale).codes.map((c) => c.code);
        if (!allowed.includes(code))
          throw new ApiError(
            400,
            'invalid_request',
            `code: "${code}" is not a wrap-up code of queue ${queue ?? '(none)'}; allowed: ${allowed.join(', ') || '(none)'}`,
          );
        await deps.workspace.setDisposition(
          facts.contactId,
          code,
          ctx.identity.username,
          ctx.now.toISOString(),
        );
        return { body: { code } };
      },
    },
    {
      method: 'POST',
      path: '/v1/contacts/:contactId/complete',
      action: 'contact.complete',
      params: contact,
      handle: async (ctx) => {
        const facts = await authorize(ctx);
        const record = await deps.interactions.get(facts.contactId);
        const queue = facts.queue ?? record?.ctr?.queue?.name;
        const { required } = wrapUpFor(settings, queue, ctx.identity.locale);
        if (required && !record?.disposition)
          throw new ApiError(
            409,
            'wrap_up_required',
            `queue ${queue} requires a wrap-up code before you leave ACW`,
          );
        return { body: { completed: true, code: record?.disposition ?? null } };
      },
    },
    {
      method: 'POST',
      path: '/v1/contacts/:contactId/dnc',
      action: 'contact.dnc',
      params: contact,
      body: dncBody,
      handle: async (ctx) => {
        const facts = await authorize(ctx);
        if (!facts.customerNumber)
          throw new ApiError(400, 'no_customer_number', 'this contact has no customer number to block');
        // FCC revocation rule: honoured at once — the same store every dial and ivr-lookup reads.
        const r = await deps.dnc.add({
          e164: facts.customerNumber,
          source: 'agent',
          addedAt: ctx.now.toISOString(),
          addedBy: ctx.identity.username,
          contactId: facts.contactId,
        });
        return {
          body: { blocked: true, outcome: r.outcome, listedSince: r.entry.addedAt },
          outcome: r.outcome,
        };
      },
    },
    {
      method: 'POST',
      path: '/v1/contacts/:contactId/transfer-context',
      action: 'contact.transfer-context',
      params: contact,
      body: transferBody,
      handle: async (ctx) => {
        const facts = await authorize(ctx);
        const b = ctx.body as z.infer<typeof transferBody>;
        const known = b.target.type === 'queue' ? settings.queues : settings.agents;
        if (!known.includes(b.target.name))
          throw new ApiError(
            400,
            'invalid_request',
            `target.name: unknown ${b.target.type} "${b.target.name}"; configured: ${known.join(', ') || '(none)'}`,
          );
        // The transfer flows read these ($.Attributes.transferNote/Reason/Mode/FromAgent); transferFrom is the
        // contract's name for the sender (AGENT-API.md), transferFromAgent the flows'.
        const attributes = {
          transferNote: b.note,
          transferReason: b.reason,
          transferMode: b.mode,
          transferFrom: ctx.identity.username,
          transferFromAgent: ctx.identity.username,
        };
        await deps.attributes.updateContactAttributes(facts, attributes);
        return { body: { attributes } };
      },
    },
    {
      method: 'POST',
      path: '/v1/contacts/:contactId/callback',
      action: 'contact.callback',
      params: contact,
      body: callbackBody,
      handle: async (ctx) => {
        const facts = await authorize(ctx);
        const b = ctx.body as z.infer<typeof callbackBody>;
        const queue = b.queue ?? facts.queue;
        if (!queue || !settings.queues.includes(queue))
          throw new ApiError(
            400,
            'invalid_request',
            `queue: ${queue ? `unknown queue "${queue}"` : 'the contact has no queue; give one'}; configured: ${settings.queues.join(', ')}`,
          );
        const keyed = b.number ?? facts.customerNumber;
        if (!keyed) throw new ApiError(400, 'no_customer_number', 'no number to call back; give one');
        // The same checks as the IVR's callback (functions/callback): toll-fraud guard, then the DNC list.
        const check = checkCallbackNumber(keyed, settings.transferGuard, settings.defaultCountry);
        if (check.status === 'invalid')
          throw new ApiError(400, 'invalid_request', `number: not a dialable number (${check.reason})`);
        if (check.status === 'blocked')
          throw new ApiError(
            409,
            'callback_refused',
            `number: calls to it are not allowed (${check.reason})`,
          );
        ctx.auditDetail({ customer: maskPhoneNumber(check.e164) });
        if (await deps.dnc.get(check.e164))
          throw new ApiError(409, 'callback_refused', 'number: on the do-not-call list');
        const outcome = await deps.callbacks.requestCallback({
          e164: check.e164,
          queueName: queue,
          contactId: facts.contactId,
          requestedAt: ctx.now.toISOString(),
        });
        return { body: { requested: true, queue, outcome }, outcome };
      },
    },
  ];
}
