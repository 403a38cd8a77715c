/**
 * The KPI engine: pure functions over stored interactions, reused by `santral kpi report`, the demo and
 * the CTR processor's embedded metrics. Definitions (README › Interactions and KPIs has the same text):
 *
 * - A contact counts in a period by its InitiationTimestamp (from ≤ t < to). `--queue` keeps contacts whose
 *   queue is that queue (a transfer's new contact counts in the queue it was transferred to).
 * - contactsQueued: contacts with a queue. contactsHandled: queued and connected to an agent.
 *   contactsAbandoned: queued, customer hung up before an agent, not a queued callback (ctr.ts isAbandoned).
 * - abandonmentRate = abandoned ÷ queued × 100; answerRate = handled ÷ queued × 100.
 * - serviceLevel (Connect's definition): contacts removed from queue (answered or abandoned) within
 *   serviceLevelSeconds of enqueue ÷ queued × 100 (queue duration = Queue.Duration).
 * - asa = mean Queue.Duration of handled contacts; aht = mean of AgentInteractionDuration +
 *   CustomerHoldDuration + AfterContactWorkDuration over handled contacts (seconds).
 * - csat = answers 4–5 ÷ answers × 100; dsat = answers 1–2 ÷ answers × 100 (1–5 scale);
 *   nps = % answers 9–10 − % answers 0–6 (0–10 scale). Answers: the survey handler's surveyCsat/surveyNps,
 *   else the CTR attributes of the same names.
 * - fcr: a conversation (contacts sharing InitialContactId count once) that started INBOUND and was handled
 *   by an agent is resolved on first contact when its customer number starts no other inbound conversation
 *   within the next fcrDays days. Tail rule: only conversations that started at least fcrDays before `to`
 *   are judged (later ones cannot be judged yet and are excluded, reported as fcrUnjudged).
 * - Outbound (InitiationMethod OUTBOUND or API): conversionRate = contacts with a conversion disposition
 *   (sale) ÷ outbound contacts × 100; cost of a contact = connected minutes × telephonyPerMinute + agent
 *   hours (talk + hold + ACW) × agentPerHour; costPerCall = outbound cost ÷ outbound contacts;
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
  serviceLevelSeconds: number;
  fcrDays: number;
  cost: { telephonyPerMinute: number; agentPerHour: number; currency: string };
}

export interface KpiReport {
  from: string;
  to: string;
  queue: string | null;
  contacts: number;
  contactsQueued: number;
  contactsHandled: number;
  contactsAbandoned: number;
  abandonmentRate: number | null;
  answerRate: number | null;
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
}

/** Dispositions that count as a successful outbound outcome (a conversion / acquisition). */
export const CONVERSION_DISPOSITIONS: ReadonlySet<string> = new Set(['sale']);
const OUTBOUND_METHODS = new Set(['OUTBOUND', 'API']);
const DAY_MS = 86_400_000;

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const pct = (num: number, den: number) => (den === 0 ? null : round((num / den) * 100, 2));
const mean = (values: number[]) =>
  values.length === 0 ? null : round(values.reduce((a, b) => a + b, 0) / values.length, 2);

export const handleSeconds = (ctr: NormalizedCtr) =>
  ctr.agent ? ctr.agent.interactionSeconds + ctr.agent.holdSeconds + ctr.agent.afterContactWorkSeconds : 0;

/** Answered or abandoned within the threshold of enqueue (Connect's "contacts removed from queue in X"). */
export function removedWithin(ctr: NormalizedCtr, seconds: number): boolean {
  if (!ctr.queue || !(ctr.handled || ctr.abandoned)) return false;
  const d = queueSeconds(ctr);
  return d !== undefined && d <= seconds;
}

function queueSeconds(ctr: NormalizedCtr): number | undefined {
  if (ctr.queue?.durationSeconds !== undefined) return ctr.queue.durationSeconds;
  const { enqueueTimestamp: a, dequeueTimestamp: b } = ctr.queue ?? {};
  return a && b ? (Date.parse(b) - Date.parse(a)) / 1000 : undefined;
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
  const contacts = all.filter((c) => inPeriod(c) && inQueue(c));

  const queued = contacts.filter((c) => c.ctr.queue);
  const handled = queued.filter((c) => c.ctr.handled);
  const abandoned = queued.filter((c) => c.ctr.abandoned);
  const withinSl = queued.filter((c) => removedWithin(c.ctr, o.serviceLevelSeconds));

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

  const outbound = contacts.filter((c) => OUTBOUND_METHODS.has(c.ctr.initiationMethod));
  const conversions = outbound.filter((c) => c.disposition && CONVERSION_DISPOSITIONS.has(c.disposition));
  const outboundCost = outbound.reduce((sum, c) => sum + contactCost(c.ctr, o.cost), 0);

  return {
    from: o.from.toISOString(),
    to: o.to.toISOString(),
    queue: o.queue ?? null,
    contacts: contacts.length,
    contactsQueued: queued.length,
    contactsHandled: handled.length,
    contactsAbandoned: abandoned.length,
    abandonmentRate: pct(abandoned.length, queued.length),
    answerRate: pct(handled.length, queued.length),
    serviceLevel: pct(withinSl.length, queued.length),
    serviceLevelSeconds: o.serviceLevelSeconds,
    asa: mean(handled.map((c) => queueSeconds(c.ctr) ?? 0)),
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
    conv.number ??= ctr.customerNumber;
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
