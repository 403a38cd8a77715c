/**
 * The KPI engine: pure functions over stored interactions, reused by `santral kpi report`, the report service,
 * the demo and the CTR processor's embedded metrics. The queue and contact figures follow Amazon Connect's
 * metric definitions (https://docs.aws.amazon.com/connect/latest/adminguide/historical-metrics-definitions.html,
 * metrics-definitions.html; README › KPI definitions has the table of each figure against Connect's):
 *
 * - A contact counts in a period by its InitiationTimestamp (from ≤ t < to), in one channel (VOICE unless
 *   `channel` says otherwise, `ALL` for every channel; `channels` breaks the period down per channel).
 *   `queue` keeps contacts whose queue is that queue (a transfer's new contact counts in its new queue).
 * - contactsQueued (Connect "Contacts queued"): contacts with a Queue.EnqueueTimestamp.
 * - contactsHandled (Connect "Contacts handled"): contacts connected to an agent, whatever the initiation
 *   (inbound, transfer, callback, agent-dialled OUTBOUND, API). contactsAnswered: queued ones connected to an
 *   agent (the ASA and queue-answer-rate population).
 * - contactsAbandoned (Connect "Contacts abandoned"): queued, never connected to an agent, disconnected by the
 *   customer (DisconnectReason CUSTOMER_DISCONNECT; null is not the customer — Connect leaves it null for
 *   flow-ended contacts), not a queued callback (callback contacts and the contact that requested one are
 *   never abandoned) and not transferred out of the queue.
 * - abandonmentRate = abandoned ÷ queued × 100 (Connect "Abandonment rate"); queueAnswerRate = answered ÷
 *   queued × 100 (not Connect's "Agent answer rate", which is about agents accepting offered contacts).
 * - serviceLevel (Connect "Service level X"): contacts removed from the queue within serviceLevelSeconds of
 *   being queued ÷ queued × 100; removed = answered, abandoned or callback requested; the wait is
 *   EnqueueTimestamp → DequeueTimestamp (a callback's Queue.Duration includes its initial delay: AWS's
 *   queued-callback walk-through has Queue Duration 120 s for a 21 s wait after a 99 s delay).
 * - asa (Connect "Average queue answer time") = mean Queue.Duration of answered contacts; aht (Connect
 *   "Average handle time") = mean of AgentInteractionDuration + CustomerHoldDuration + AfterContactWorkDuration
 *   over handled contacts (seconds).
 * - csat = answers 4–5 ÷ answers × 100; dsat = answers 1–2 ÷ answers × 100 (1–5 scale);
 *   nps = % answers 9–10 − % answers 0–6 (0–10 scale). Answers: the survey handler's surveyCsat/surveyNps,
 *   else the CTR attributes of the same names.
 * - fcr: a conversation (contacts sharing InitialContactId count once) that started INBOUND and was handled
 *   by an agent is resolved on first contact when its customer number starts no other inbound conversation
 *   within the next fcrDays days. Tail rule: only conversations that started at least fcrDays before `to`
 *   are judged (later ones cannot be judged yet and are excluded, reported as fcrUnjudged).
 * - Outbound calls: VOICE contacts initiated OUTBOUND (agent-dialled) or by API (StartOutboundVoiceContact:
 *   the campaign dialer); API chats and tasks are other channels. conversionRate = contacts with a conversion
 *   disposition (sale) ÷ outbound calls × 100; cost of a contact = connected minutes × telephonyPerMinute +
 *   agent hours (talk + hold + ACW) × agentPerHour; costPerCall = outbound cost ÷ outbound calls;
 *   costPerAcquisition = outbound cost ÷ conversions.
 * Percentages are 0–100 rounded to 2 decimals, durations seconds (2 decimals), money 4 decimals;
 * every ratio is null when its denominator is 0.
 */
import type { NormalizedCtr } from '../interactions/ctr.ts';
import { surveyFromAttributes } from '../interactions/ctr.ts';

export interface KpiContact {
  ctr: NormalizedCtr;
  surveyCsat?: number | undefined;
  surveyNps?: number | undefined;
  disposition?: string | undefined;
}

export interface KpiOptions {
  from: Date;
  to: Date;
  queue?: string | undefined;
  /** VOICE (default), CHAT, TASK, EMAIL… or ALL. */
  channel?: string | undefined;
  serviceLevelSeconds: number;
  fcrDays: number;
  cost: { telephonyPerMinute: number; agentPerHour: number; currency: string };
}

export interface KpiReport {
  from: string;
  to: string;
  queue: string | null;
  channel: string;
  contacts: number;
  contactsQueued: number;
  contactsHandled: number;
  contactsAnswered: number;
  contactsAbandoned: number;
  abandonmentRate: number | null;
  queueAnswerRate: number | null;
  serviceLevel: number | null;
  serviceLevelSeconds: number;
  asa: number | null;
  aht: number | null;
  csatAnswers: number;
  csat: number | null;
  dsat: number | null;
  npsAnswers: number;
  nps: number | null;
  fcrDays: number;
  fcrJudged: number;
  fcrUnjudged: number;
  fcr: number | null;
  outboundCalls: number;
  conversions: number;
  conversionRate: number | null;
  outboundCost: number;
  costPerCall: number | null;
  costPerAcquisition: number | null;
  currency: string;
  /** The same period and queue, every channel: volumes per channel. */
  channels: Record<string, ChannelVolumes>;
}

export interface ChannelVolumes {
  contacts: number;
  contactsQueued: number;
  contactsHandled: number;
  contactsAbandoned: number;
}

/** Dispositions that count as a successful outbound outcome (a conversion / acquisition). */
export const CONVERSION_DISPOSITIONS: ReadonlySet<string> = new Set(['sale']);
const OUTBOUND_METHODS = new Set(['OUTBOUND', 'API']);
export const ALL_CHANNELS = 'ALL';
export const channelOf = (ctr: NormalizedCtr) => (ctr.channel ?? 'VOICE').toUpperCase();
const DAY_MS = 86_400_000;

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const pct = (num: number, den: number) => (den === 0 ? null : round((num / den) * 100, 2));
/**
 * A sum that depends only on which values there are, not on their order: floating-point addition is
 * not associative, so summing the same costs in another order can move the fourth decimal. Erasure
 * replaces a person's contacts with anonymised copies stored elsewhere in the list, and a report must
 * not change because of that (the erasure property test in test/unit/interactions/anonymise.test.ts).
 */
export const orderFreeSum = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b).reduce((a, b) => a + b, 0);
const mean = (values: number[]) =>
  values.length === 0 ? null : round(orderFreeSum(values) / values.length, 2);

export const handleSeconds = (ctr: NormalizedCtr) =>
  ctr.agent ? ctr.agent.interactionSeconds + ctr.agent.holdSeconds + ctr.agent.afterContactWorkSeconds : 0;

/** Connect "Contacts queued": the contact has an EnqueueTimestamp. */
export const isQueued = (ctr: NormalizedCtr) => Boolean(ctr.queue?.enqueueTimestamp);
/** Connect "Contacts handled": connected to an agent, any initiation method. */
export const isHandled = (ctr: NormalizedCtr) => Boolean(ctr.agent?.connectedAt);
/** Queued and connected to an agent. */
export const isAnswered = (ctr: NormalizedCtr) => isQueued(ctr) && isHandled(ctr);

/**
 * Did this contact ask for a queued callback? The callback contact Connect creates points back to it
 * (PreviousContactId) and it points to the callback (NextContactId); `byId` resolves either side.
 */
export function requestedCallback(
  ctr: NormalizedCtr,
  callbacksRequestedBy: ReadonlySet<string>,
  byId: ReadonlyMap<string, NormalizedCtr>,
): boolean {
  if (callbacksRequestedBy.has(ctr.contactId)) return true;
  return ctr.nextContactId !== undefined && byId.get(ctr.nextContactId)?.initiationMethod === 'CALLBACK';
}

/** Connect "Contacts abandoned" (see the header): disconnected by the customer while in queue. */
export function isAbandonedContact(ctr: NormalizedCtr, callbackRequested = false): boolean {
  if (!isQueued(ctr) || isHandled(ctr)) return false;
  if (ctr.initiationMethod === 'CALLBACK' || callbackRequested) return false;
  if (ctr.transferredTo) return false;
  return ctr.disconnectReason === 'CUSTOMER_DISCONNECT';
}

/** Enqueue → dequeue (seconds); an abandoned contact without a dequeue left the queue when it disconnected. */
export function queueWaitSeconds(ctr: NormalizedCtr): number | undefined {
  const a = ctr.queue?.enqueueTimestamp;
  const b = ctr.queue?.dequeueTimestamp ?? ctr.disconnectTimestamp;
  return a && b ? (Date.parse(b) - Date.parse(a)) / 1000 : undefined;
}

/**
 * Removed from the queue (answered, abandoned or callback requested) within `seconds` of being queued
 * (Connect "Service level X"), by enqueue → dequeue.
 */
export function removedWithin(ctr: NormalizedCtr, seconds: number, callbackRequested = false): boolean {
  if (!isQueued(ctr)) return false;
  if (!(isHandled(ctr) || isAbandonedContact(ctr, callbackRequested) || callbackRequested)) return false;
  const d = queueWaitSeconds(ctr);
  return d !== undefined && d <= seconds;
}

/** Connect "Average queue answer time" input: Queue.Duration (else enqueue → dequeue). */
function queueSeconds(ctr: NormalizedCtr): number | undefined {
  if (ctr.queue?.durationSeconds !== undefined) return ctr.queue.durationSeconds;
  return queueWaitSeconds(ctr);
}

/** Which contacts requested a queued callback: the PreviousContactId of every CALLBACK contact. */
export function callbackRequesters(all: readonly { ctr: NormalizedCtr }[]): Set<string> {
  const out = new Set<string>();
  for (const { ctr } of all)
    if (ctr.initiationMethod === 'CALLBACK' && ctr.previousContactId) out.add(ctr.previousContactId);
  return out;
}

export function contactCost(ctr: NormalizedCtr, cost: KpiOptions['cost']): number {
  const start = Date.parse(ctr.connectedToSystemTimestamp ?? ctr.initiationTimestamp);
  const end = ctr.disconnectTimestamp ? Date.parse(ctr.disconnectTimestamp) : start;
  const minutes = Math.max(0, end - start) / 60_000;
  return minutes * cost.telephonyPerMinute + (handleSeconds(ctr) / 3600) * cost.agentPerHour;
}

function surveyOf(c: KpiContact): { csat?: number; nps?: number } {
  const fromAttrs = surveyFromAttributes(c.ctr.attributes ?? {});
  return { csat: c.surveyCsat ?? fromAttrs.csat, nps: c.surveyNps ?? fromAttrs.nps };
}

export function computeKpis(all: readonly KpiContact[], o: KpiOptions): KpiReport {
  const from = o.from.getTime();
  const to = o.to.getTime();
  const inPeriod = (c: KpiContact) => {
    const t = Date.parse(c.ctr.initiationTimestamp);
    return t >= from && t < to;
  };
  const inQueue = (c: KpiContact) => !o.queue || c.ctr.queue?.name === o.queue;
  const channel = (o.channel ?? 'VOICE').toUpperCase();
  const inChannel = (c: KpiContact) => channel === ALL_CHANNELS || channelOf(c.ctr) === channel;
  const periodAndQueue = all.filter((c) => inPeriod(c) && inQueue(c));
  const contacts = periodAndQueue.filter(inChannel);
  const requesters = callbackRequesters(all);
  const byId = new Map(all.map((c) => [c.ctr.contactId, c.ctr]));
  const callbackOf = (c: KpiContact) => requestedCallback(c.ctr, requesters, byId);

  const queued = contacts.filter((c) => isQueued(c.ctr));
  const handled = contacts.filter((c) => isHandled(c.ctr));
  const answered = queued.filter((c) => isHandled(c.ctr));
  const abandoned = queued.filter((c) => isAbandonedContact(c.ctr, callbackOf(c)));
  const withinSl = queued.filter((c) => removedWithin(c.ctr, o.serviceLevelSeconds, callbackOf(c)));
  const channels: Record<string, ChannelVolumes> = {};
  for (const c of periodAndQueue) {
    const ch = channelOf(c.ctr);
    const v = channels[ch] ?? { contacts: 0, contactsQueued: 0, contactsHandled: 0, contactsAbandoned: 0 };
    channels[ch] = v;
    v.contacts++;
    if (isQueued(c.ctr)) v.contactsQueued++;
    if (isHandled(c.ctr)) v.contactsHandled++;
    if (isAbandonedContact(c.ctr, callbackOf(c))) v.contactsAbandoned++;
  }

  const csat: number[] = [];
  const nps: number[] = [];
  for (const c of contacts) {
    const s = surveyOf(c);
    if (s.csat !== undefined) csat.push(s.csat);
    if (s.nps !== undefined) nps.push(s.nps);
  }
  const npsScore =
    nps.length === 0
      ? null
      : round(((nps.filter((v) => v >= 9).length - nps.filter((v) => v <= 6).length) / nps.length) * 100, 2);

  const fcr = firstContactResolution(all, o);

  const outbound = contacts.filter(
    (c) => channelOf(c.ctr) === 'VOICE' && OUTBOUND_METHODS.has(c.ctr.initiationMethod),
  );
  const conversions = outbound.filter((c) => c.disposition && CONVERSION_DISPOSITIONS.has(c.disposition));
  const outboundCost = orderFreeSum(outbound.map((c) => contactCost(c.ctr, o.cost)));

  return {
    from: o.from.toISOString(),
    to: o.to.toISOString(),
    queue: o.queue ?? null,
    channel,
    contacts: contacts.length,
    contactsQueued: queued.length,
    contactsHandled: handled.length,
    contactsAnswered: answered.length,
    contactsAbandoned: abandoned.length,
    abandonmentRate: pct(abandoned.length, queued.length),
    queueAnswerRate: pct(answered.length, queued.length),
    serviceLevel: pct(withinSl.length, queued.length),
    serviceLevelSeconds: o.serviceLevelSeconds,
    asa: mean(answered.map((c) => queueSeconds(c.ctr) ?? 0)),
    aht: mean(handled.map((c) => handleSeconds(c.ctr))),
    csatAnswers: csat.length,
    csat: pct(csat.filter((v) => v >= 4).length, csat.length),
    dsat: pct(csat.filter((v) => v <= 2).length, csat.length),
    npsAnswers: nps.length,
    nps: npsScore,
    fcrDays: o.fcrDays,
    fcrJudged: fcr.judged,
    fcrUnjudged: fcr.unjudged,
    fcr: pct(fcr.resolved, fcr.judged),
    outboundCalls: outbound.length,
    conversions: conversions.length,
    conversionRate: pct(conversions.length, outbound.length),
    outboundCost: round(outboundCost, 4),
    costPerCall: outbound.length === 0 ? null : round(outboundCost / outbound.length, 4),
    costPerAcquisition: conversions.length === 0 ? null : round(outboundCost / conversions.length, 4),
    currency: o.cost.currency,
    channels,
  };
}

interface Conversation {
  id: string;
  start: number;
  number: string | undefined;
  inbound: boolean;
  handled: boolean;
  /** The origin is the initial contact itself; until it is seen, the earliest contact stands in for it. */
  originKnown: boolean;
}

function conversations(contacts: readonly KpiContact[], queue?: string): Map<string, Conversation> {
  const byId = new Map<string, Conversation>();
  for (const { ctr } of contacts) {
    const id = ctr.initialContactId;
    const t = Date.parse(ctr.initiationTimestamp);
    let conv = byId.get(id);
    if (!conv) {
      conv = { id, start: t, number: undefined, inbound: false, handled: false, originKnown: false };
      conv.inbound = ctr.initiationMethod === 'INBOUND';
      byId.set(id, conv);
    }
    const isOrigin = ctr.contactId === id;
    if (isOrigin || (!conv.originKnown && t < conv.start)) conv.inbound = ctr.initiationMethod === 'INBOUND';
    if (isOrigin) conv.originKnown = true;
    conv.start = Math.min(conv.start, t);
    // An erased person's contacts carry a keyed pseudonym instead of the number: repeat contacts still match.
    conv.number ??= ctr.customerNumber ?? ctr.subjectPseudonym;
    if (ctr.handled && (!queue || ctr.queue?.name === queue)) conv.handled = true;
  }
  return byId;
}

function firstContactResolution(all: readonly KpiContact[], o: KpiOptions) {
  const windowMs = o.fcrDays * DAY_MS;
  const from = o.from.getTime();
  const to = o.to.getTime();
  // Candidates: inbound conversations started in the period, handled by an agent (in the queue, if filtered).
  const candidates = [...conversations(all, o.queue).values()].filter(
    (c) => c.inbound && c.handled && c.number && c.start >= from && c.start < to,
  );
  // Repeat contacts: any inbound conversation from the same number, in any queue, handled or not.
  const starts = new Map<string, number[]>();
  for (const c of conversations(all).values()) {
    if (!c.inbound || !c.number) continue;
    const list = starts.get(c.number) ?? [];
    list.push(c.start);
    starts.set(c.number, list);
  }
  let judged = 0;
  let unjudged = 0;
  let resolved = 0;
  for (const c of candidates) {
    if (c.start + windowMs > to) {
      unjudged++;
      continue;
    }
    judged++;
    const again = (starts.get(c.number!) ?? []).some((s) => s > c.start && s <= c.start + windowMs);
    if (!again) resolved++;
  }
  return { judged, unjudged, resolved };
}
