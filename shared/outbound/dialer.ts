/**
 * The progressive dialer: one tick (EventBridge schedule → functions/campaign-dialer) dials the due
 * targets of one campaign, never more calls in flight than available agents, at most `requestsPerSecond`.
 *
 * For every target, in this order (each step's state is in DynamoDB before the next, so a crash anywhere
 * followed by a restart never dials the same (campaign, number, attempt) twice, and never leaves a call
 * without evidence):
 * 1. dial-time gate: internal list (strongly consistent), registry copy and its age, consent, window;
 * 2. caps: per-number-per-day, then the first caller ID under its per-day cap. When every caller ID is at
 *    its cap the campaign STOPS (never fall back to uncapped dialing — outbound-compliance.md);
 * 3. attempt ledger: conditional put of (campaign, number, attempt) with its ClientToken and the id of its
 *    evidence record BEFORE the call;
 * 4. evidence of the dial decision with the inputs that justified it, BEFORE the call (skip decisions are
 *    recorded where they are made);
 * 5. StartOutboundVoiceContact with that ClientToken, throttled by the token bucket, jittered backoff on
 *    TooManyRequestsException (a throttled request placed no call);
 * 6. ledger `placed` + contact id, the contact linked onto the evidence, the target in flight.
 * A reservation found from an earlier run is resolved from the store, never by dialling (settleEarlierAttempt):
 * no evidence → the call never started; evidence → it may have, and the number is never dialled again.
 * Caps are reserved before the call; a crash after reserving only over-counts (fewer calls, never more).
 */
import { createHash, randomUUID } from 'node:crypto';
import { evaluateGate, type GateDeps, type GateVerdict } from '#shared/compliance/gate.ts';
import type { OutboundConfig } from '#shared/config/schema.ts';
// One definition of a conversion for the dialer's records and the KPI report.
import { CONVERSION_DISPOSITIONS } from '#shared/kpi/engine.ts';
import type { AttemptRecord, Campaign, CampaignStore, CampaignTarget, EvidenceSink } from './campaign.ts';
import { allowedContactAttributes, pickContactAttributes } from './contact-attributes.ts';
import { AMD_STATUSES, type AmdStatus, nextStepAfter } from './retry-policy.ts';
import { type Clock, jitteredBackoffMs, systemClock, type TokenBucket } from './token-bucket.ts';

export interface StartCallInput {
  destination: string;
  source: string;
  contactFlow: string;
  queue: string;
  clientToken: string;
  attributes: Record<string, string>;
  ringTimeoutSeconds: number;
}

export interface CallStatus {
  ended: boolean;
  /** Connect's AnsweringMachineDetectionStatus, when AMD ran. */
  amdStatus?: string;
  connectedToAgent?: boolean;
}

/** The Connect outbound API (adapter over ConnectClient in AWS, a local stand-in in the sandbox). */
export interface OutboundCaller {
  startCall(input: StartCallInput): Promise<{ contactId: string }>;
  /** Where a placed call stands (DescribeContact); undefined when Connect no longer knows it. */
  callStatus(contactId: string): Promise<CallStatus | undefined>;
}

/** The agent's disposition of a contact (interactions capability), for outcome and conversion records. */
export interface DispositionLookup {
  disposition(contactId: string): Promise<string | undefined>;
}

export interface AgentAvailability {
  /** Agents available for the queue now (GetCurrentMetricData AGENTS_AVAILABLE). */
  available(queue: string): Promise<number>;
}

/** Error names Connect uses; matched by `name` so the SDK's classes and stand-ins behave alike. */
const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException']);
const REFUSED = new Set([
  'DestinationNotAllowedException',
  'OutboundContactNotPermittedException',
  'InvalidParameterException',
  'InvalidRequestException',
]);

export interface DialerDeps {
  store: CampaignStore;
  evidence: EvidenceSink;
  gate: GateDeps;
  caller: OutboundCaller;
  agents: AgentAvailability;
  bucket: TokenBucket;
  clock?: Clock;
  random?: () => number;
  /** When given, agents' dispositions of recent answered calls are copied onto their attempts. */
  dispositions?: DispositionLookup;
}

export interface TickResult {
  campaign: string;
  dialled: number;
  skipped: number;
  /** Why the tick ended: `noDueTargets`, `noAgents`, `callerIdsCapped`, `notActive`, `budget`. */
  stop: string;
  errors: number;
}

export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** ClientToken per (campaign, number, attempt): deterministic, so a retried request is the same request. */
export function clientTokenFor(campaign: string, e164: string, attempt: number): string {
  return createHash('sha256').update(`${campaign}#${e164}#${attempt}`).digest('hex').slice(0, 64);
}

export class DialerFault extends Error {
  override name = 'DialerFault';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Run one dialer tick for a campaign. `maxDials` bounds the work of one invocation. */
export async function runDialerTick(
  deps: DialerDeps,
  campaignName: string,
  options: { maxDials?: number; deadline?: number } = {},
): Promise<TickResult> {
  const clock = deps.clock ?? systemClock;
  const settings = deps.gate.settings;
  const result: TickResult = {
    campaign: campaignName,
    dialled: 0,
    skipped: 0,
    stop: 'noDueTargets',
    errors: 0,
  };
  const campaign = await deps.store.getCampaign(campaignName);
  if (campaign?.status !== 'active') return { ...result, stop: 'notActive' };
  const maxDials = options.maxDials ?? 50;
  const inFlight = await reconcileInFlight(deps, campaignName, settings, clock);
  if (deps.dispositions) await collectDispositions(deps, deps.dispositions, campaignName, clock);
  const agents = await deps.agents.available(campaign.queue);
  // Progressive pacing: never more calls in flight than available agents.
  let capacity = Math.min(maxDials, agents - inFlight);
  if (capacity <= 0) return { ...result, stop: 'noAgents' };
  const due = await deps.store.dueTargets(campaignName, new Date(clock.now()), capacity * 4);
  for (const target of due) {
    if (capacity <= 0) {
      result.stop = 'noAgents';
      break;
    }
    if (options.deadline !== undefined && clock.now() >= options.deadline) {
      result.stop = 'budget';
      break;
    }
    // An operator's pause or stop (santral campaign pause|stop, the console) takes effect before the next
    // dial: the status is re-read (strongly consistent) before every target, not once per tick.
    if (!(await stillActive(deps.store, campaignName))) {
      result.stop = 'notActive';
      break;
    }
    const outcome = await dialTarget(deps, campaign, target, settings, clock);
    if (outcome === 'dialled') {
      result.dialled++;
      capacity--;
    } else if (outcome === 'callerIdsCapped') {
      result.stop = 'callerIdsCapped';
      await deps.store.setCampaignStatus(campaignName, 'stopped', 'callerIdsCapped');
      return result;
    } else if (outcome === 'error') result.errors++;
    else result.skipped++;
  }
  return result;
}

type TargetOutcome = 'dialled' | 'skipped' | 'callerIdsCapped' | 'error';

async function stillActive(store: CampaignStore, name: string): Promise<boolean> {
  return (await store.getCampaign(name))?.status === 'active';
}

/** Agents set a disposition during wrap-up, after the call ended: look back over the last day's attempts. */
async function collectDispositions(
  deps: DialerDeps,
  lookup: DispositionLookup,
  campaign: string,
  clock: Clock,
): Promise<void> {
  const since = new Date(clock.now() - 24 * 3_600_000);
  for (const a of await deps.store.attemptsSince(campaign, since)) {
    if (a.status !== 'placed' || !a.contactId || a.disposition !== undefined) continue;
    const disposition = await lookup.disposition(a.contactId);
    if (!disposition) continue;
    await deps.store.updateAttempt(campaign, a.e164, a.attempt, {
      disposition,
      converted: CONVERSION_DISPOSITIONS.has(disposition),
    });
  }
}

/**
 * Settle calls that have ended since the last tick (their AMD status decides done / retry / invalid) and
 * return how many are still in flight (progressive pacing counts them against available agents).
 */
async function reconcileInFlight(
  deps: DialerDeps,
  campaign: string,
  settings: OutboundConfig,
  clock: Clock,
): Promise<number> {
  let still = 0;
  for (const t of await deps.store.inFlightTargets(campaign)) {
    const status = t.lastContactId ? await deps.caller.callStatus(t.lastContactId) : undefined;
    if (status && !status.ended) {
      still++;
      continue;
    }
    const amd = status?.amdStatus ?? (status?.connectedToAgent ? 'HUMAN_ANSWERED' : 'noAnswer');
    await recordCallOutcome(deps.store, settings, {
      campaign,
      e164: t.e164,
      attempt: t.attempts,
      amdStatus: (AMD_STATUSES as readonly string[]).includes(amd) ? (amd as AmdStatus) : 'noAnswer',
      at: new Date(clock.now()),
    });
  }
  return still;
}

async function dialTarget(
  deps: DialerDeps,
  campaign: Campaign,
  listed: CampaignTarget,
  settings: OutboundConfig,
  clock: Clock,
): Promise<TargetOutcome> {
  const now = new Date(clock.now());
  // The due index is eventually consistent in AWS: decide on a strongly consistent read of the target.
  const target = await deps.store.getTarget(campaign.name, listed.e164);
  if (target?.state !== 'pending' || target.nextAttemptAt > now.toISOString()) return 'skipped';
  const attempt = target.attempts + 1;
  const base = {
    id: randomUUID(),
    campaign: campaign.name,
    e164: target.e164,
    at: now.toISOString(),
    attempt,
  };

  // A reservation from an earlier run for this attempt: maybe dialled. Never dial it again.
  const earlier = await deps.store.getAttempt(campaign.name, target.e164, attempt);
  if (earlier) {
    await settleEarlierAttempt(deps, campaign, target, earlier, settings, now);
    return 'skipped';
  }
  if (attempt > settings.maxAttempts) {
    await deps.store.updateTarget(campaign.name, target.e164, { state: 'done', lastOutcome: 'maxAttempts' });
    return 'skipped';
  }

  const verdict: GateVerdict = await evaluateGate(
    deps.gate,
    campaign.policy,
    { e164: target.e164, country: target.country, hints: target.hints, consentDate: target.consentDate },
    now,
  );
  if (verdict.category !== 'accepted') {
    await deps.evidence.record({
      ...base,
      decision: 'skip',
      reason: `${verdict.category}:${verdict.reason}`,
      gate: verdict.evidence,
    });
    if (verdict.category === 'outsideWindow' && !verdict.reason.startsWith('invalidLocationHint')) {
      // Try again later: windows open again; 15 minutes keeps the evidence volume bounded.
      await deps.store.updateTarget(campaign.name, target.e164, {
        nextAttemptAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
        lastOutcome: `outsideWindow:${verdict.reason}`,
      });
    } else {
      await deps.store.updateTarget(campaign.name, target.e164, {
        state: 'skipped',
        lastOutcome: `${verdict.category}:${verdict.reason}`,
      });
    }
    return 'skipped';
  }

  // "Per day" is the called party's day: a call is only ever placed when every candidate zone is inside its
  // 08:00–21:00 window, and then they all share one local date.
  const local = verdict.evidence.window?.zones[0];
  const day = local?.date ?? dayOf(now);
  const numberCap = settings.perNumberPerDay;
  const callerIdCap = settings.perCallerIdPerDay;
  if (!(await deps.store.reserveCap('number', target.e164, day, numberCap))) {
    await deps.evidence.record({
      ...base,
      decision: 'skip',
      reason: 'cap:perNumberPerDay',
      gate: verdict.evidence,
      caps: { numberToday: numberCap, numberCap, callerIdCap },
    });
    await deps.store.updateTarget(campaign.name, target.e164, {
      nextAttemptAt: nextLocalDay(now, local?.localTime).toISOString(),
      lastOutcome: 'cap:perNumberPerDay',
    });
    return 'skipped';
  }
  let callerId: string | undefined;
  for (const id of campaign.callerIds) {
    if (await deps.store.reserveCap('callerId', id, day, callerIdCap)) {
      callerId = id;
      break;
    }
  }
  if (!callerId) {
    await deps.store.releaseCap('number', target.e164, day);
    await deps.evidence.record({
      ...base,
      decision: 'skip',
      reason: 'cap:everyCallerIdCapped',
      gate: verdict.evidence,
      caps: { numberToday: await deps.store.capCount('number', target.e164, day), numberCap, callerIdCap },
    });
    return 'callerIdsCapped';
  }

  const clientToken = clientTokenFor(campaign.name, target.e164, attempt);
  const ledger: AttemptRecord = {
    campaign: campaign.name,
    e164: target.e164,
    attempt,
    clientToken,
    callerId,
    status: 'reserved',
    reservedAt: base.at,
    evidenceId: base.id,
  };
  if (!(await deps.store.reserveAttempt(ledger))) {
    // Another dialer run got here first: leave the attempt to it.
    await deps.store.releaseCap('number', target.e164, day);
    await deps.store.releaseCap('callerId', callerId, day);
    return 'skipped';
  }
  const caps = {
    numberToday: await deps.store.capCount('number', target.e164, day),
    numberCap,
    callerIdToday: await deps.store.capCount('callerId', callerId, day),
    callerIdCap,
  };
  // The evidence BEFORE the call: a call can only start once its decision and the inputs that justified it
  // are stored, so a crash anywhere after this line leaves no call without evidence (README design notes).
  await deps.evidence.record({
    ...base,
    decision: 'dial',
    reason: 'accepted',
    gate: verdict.evidence,
    caps,
    callerId,
    clientToken,
  });

  let contactId: string;
  try {
    contactId = await startWithBackoff(deps, clock, {
      destination: target.e164,
      source: callerId,
      contactFlow: campaign.contactFlow,
      queue: campaign.queue,
      clientToken,
      // Only the allowed attributes reach Connect (and so its CTRs and flow logs), whatever the target holds:
      // config may have narrowed since the list was queued.
      attributes: {
        ...pickContactAttributes(target.attributes, allowedContactAttributes(settings, campaign.name)),
        campaign: campaign.name,
        attempt: String(attempt),
      },
      ringTimeoutSeconds: settings.ringTimeoutSeconds,
    });
  } catch (err) {
    const name = err instanceof Error ? err.name : 'Error';
    const refused = REFUSED.has(name);
    // Refused: Connect placed no call. Anything else (timeout, 5xx): the call may exist — never dial again.
    await deps.store.updateAttempt(campaign.name, target.e164, attempt, {
      status: refused ? 'failed' : 'unknown',
      outcome: refused ? name : `unknownPlacement:${name}`,
    });
    await settleAttempt(
      deps,
      campaign.name,
      target.e164,
      attempt,
      refused ? { refused: name } : 'unknown',
      settings,
      now,
    );
    return refused ? 'skipped' : 'error';
  }
  await deps.store.updateAttempt(campaign.name, target.e164, attempt, { status: 'placed', contactId });
  await deps.evidence.linkContact(campaign.name, base.at, base.id, contactId);
  await deps.store.updateTarget(campaign.name, target.e164, {
    state: 'dialing',
    attempts: attempt,
    lastContactId: contactId,
  });
  return 'dialled';
}

async function startWithBackoff(deps: DialerDeps, clock: Clock, input: StartCallInput): Promise<string> {
  for (let i = 0; ; i++) {
    await deps.bucket.take();
    try {
      return (await deps.caller.startCall(input)).contactId;
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (!THROTTLED.has(name) || i >= 5) throw err;
      // Same ClientToken: a throttled request placed no call, and a repeat is idempotent anyway.
      await clock.sleep(jitteredBackoffMs(i, deps.random));
    }
  }
}

/**
 * A ledger entry for the attempt about to be made was found: an earlier run reserved it and died (or its
 * target update failed) before finishing. Resolve it from what is stored, never by dialling:
 * - `placed`: the call went out; link its evidence and track it in flight;
 * - `reserved` with no evidence record: the evidence is written before the call, so the call never started —
 *   the attempt is `failed` (`crashBeforeCall`) and the number stays in the queue for its next attempt;
 * - `reserved` with its evidence (or an entry without an evidence id): the call may have started and Connect
 *   cannot say (no contact id; re-sending the ClientToken starts a new call once the first has ended) — it
 *   is `unknown` and the number is never dialled again in this campaign;
 * - `failed` / `unknown`: the earlier resolution is applied again (idempotent).
 */
async function settleEarlierAttempt(
  deps: DialerDeps,
  campaign: Campaign,
  target: CampaignTarget,
  earlier: AttemptRecord,
  settings: OutboundConfig,
  now: Date,
): Promise<void> {
  const { attempt } = earlier;
  if (earlier.status === 'placed') {
    if (earlier.contactId && earlier.evidenceId)
      await deps.evidence.linkContact(
        campaign.name,
        earlier.reservedAt,
        earlier.evidenceId,
        earlier.contactId,
      );
    await deps.store.updateTarget(campaign.name, target.e164, {
      state: 'dialing',
      attempts: attempt,
      ...(earlier.contactId ? { lastContactId: earlier.contactId } : {}),
    });
    return;
  }
  let status = earlier.status;
  let outcome = earlier.outcome;
  if (status === 'reserved') {
    const neverStarted =
      earlier.evidenceId !== undefined &&
      !(await deps.evidence.exists(campaign.name, earlier.reservedAt, earlier.evidenceId));
    status = neverStarted ? 'failed' : 'unknown';
    outcome = neverStarted ? 'crashBeforeCall' : 'crashBeforeResult';
    await deps.store.updateAttempt(campaign.name, target.e164, attempt, { status, outcome });
  }
  const resolution: Settlement =
    status === 'unknown'
      ? 'unknown'
      : outcome === 'crashBeforeCall'
        ? 'notPlaced'
        : { refused: String(outcome ?? 'Error') };
  await settleAttempt(deps, campaign.name, target.e164, attempt, resolution, settings, now);
}

/** How an attempt that produced no call to settle ended. */
type Settlement = 'unknown' | 'notPlaced' | { refused: string };

/** The target after an attempt that is not in flight: see settleEarlierAttempt. */
async function settleAttempt(
  deps: DialerDeps,
  campaign: string,
  e164: string,
  attempt: number,
  how: Settlement,
  settings: OutboundConfig,
  now: Date,
): Promise<void> {
  if (how === 'unknown') {
    // "When in doubt, do not dial": a call that may have reached the person is never followed by another.
    await deps.store.updateTarget(campaign, e164, {
      state: 'done',
      attempts: attempt,
      lastOutcome: 'unknownPlacement',
    });
  } else if (how === 'notPlaced') {
    await deps.store.updateTarget(campaign, e164, {
      attempts: attempt,
      lastOutcome: 'crashBeforeCall',
      ...(attempt >= settings.maxAttempts
        ? { state: 'done' }
        : { state: 'pending', nextAttemptAt: now.toISOString() }),
    });
  } else {
    await deps.store.updateTarget(campaign, e164, {
      state: 'skipped',
      attempts: attempt,
      lastOutcome: `connect:${how.refused}`,
    });
  }
}

/**
 * Record a call's outcome (from the CTR / AMD result, or the sandbox stand-in) and schedule a retry
 * when the policy says so. Idempotent: the same outcome twice leaves the same state.
 */
export async function recordCallOutcome(
  store: CampaignStore,
  settings: OutboundConfig,
  input: {
    campaign: string;
    e164: string;
    attempt: number;
    amdStatus: AmdStatus | 'noAnswer' | 'busy';
    disposition?: string;
    converted?: boolean;
    at: Date;
  },
): Promise<void> {
  const target = await store.getTarget(input.campaign, input.e164);
  if (!target) throw new DialerFault(`no target for campaign ${input.campaign}`);
  await store.updateAttempt(input.campaign, input.e164, input.attempt, {
    outcome: input.amdStatus,
    ...(input.disposition ? { disposition: input.disposition } : {}),
    ...(input.converted !== undefined ? { converted: input.converted } : {}),
  });
  if (target.attempts !== input.attempt || target.state !== 'dialing') return; // stale or repeated outcome
  const step = nextStepAfter(input.amdStatus, input.attempt, settings, input.at);
  await store.updateTarget(input.campaign, input.e164, {
    lastOutcome: input.amdStatus,
    ...(step.action === 'retry'
      ? { state: 'pending', nextAttemptAt: step.at.toISOString() }
      : { state: step.action === 'invalid' ? 'invalid' : 'done' }),
  });
}

/** Shortly after the callee's next local midnight (the window re-check decides the exact time). */
function nextLocalDay(now: Date, localTime: string | undefined): Date {
  if (!localTime) return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const minutes = Number(localTime.slice(0, 2)) * 60 + Number(localTime.slice(3, 5));
  return new Date(now.getTime() + (24 * 60 - minutes + 1) * 60_000);
}
