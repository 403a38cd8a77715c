/**
 * Inbound routing: menu intent, language, tier, repeat-caller status, the queue's hours and its live
 * metrics → target queue, priority, whether to offer a callback, and a reason code. The rules are data
 * (config › routing), not code. Without metrics the same rules route alone (`fallback`).
 */
import type { HoursConfig, QueueConfig, RoutingRules } from '../config/schema.ts';
import { isHoursTextLanguage, renderHoursText } from '../flows/hours-text.ts';
import { isOpenAt } from './hours.ts';

export interface QueueMetricsSnapshot {
  agentsAvailable: number;
  agentsOnline: number;
  agentsStaffed: number;
  contactsInQueue: number;
  oldestContactAgeSeconds: number;
}

/** Live queue metrics (Connect GetCurrentMetricData). Throws on faults; the caller falls back to rules. */
export interface QueueMetrics {
  current(queueArn: string, signal?: AbortSignal): Promise<QueueMetricsSnapshot>;
}

export interface RoutingSettings {
  rules: RoutingRules;
  queues: readonly Pick<QueueConfig, 'name' | 'hours' | 'language'>[];
  hours: readonly Pick<HoursConfig, 'name' | 'timeZone' | 'weekly' | 'holidays'>[];
  defaultLanguage: string;
  /** Queue name → queue ARN (filled by infra; the simulator fills it locally). */
  queueArns: Readonly<Record<string, string>>;
}

export interface RouteRequest {
  intent: string;
  language: string;
  tier: string;
  repeatCaller: boolean;
  lastAgent: string;
}

/** The route block's parameters (strings from the flow) as a request; absent values take safe defaults. */
export function routeRequestFrom(p: Partial<Record<keyof RouteRequest, string | undefined>>): RouteRequest {
  return {
    intent: p.intent ?? '',
    language: p.language ?? '',
    tier: p.tier ?? 'standard',
    repeatCaller: p.repeatCaller === 'true',
    lastAgent: p.lastAgent ?? '',
  };
}

export type RouteReason =
  | 'intent'
  | 'language-queue'
  | 'unknown-intent'
  | 'after-hours'
  | 'no-agents-staffed'
  | 'long-wait';

export interface RouteDecision {
  routeStatus: 'ok' | 'fallback';
  queueName: string;
  queueArn: string;
  priority: number;
  offerCallback: boolean;
  reason: RouteReason;
  /** -1 when unknown (no metrics). */
  expectedWaitSeconds: number;
  /** The last agent, for sticky routing, when the rules ask for it; '' otherwise. */
  preferredAgent: string;
  /**
   * The chosen queue's opening hours as a sentence in the caller's language, from the same config and
   * module as `${HoursText:…}` (shared/flows/hours-text.ts): the flow speaks it on the queue's closed path,
   * so flows stay free of per-queue text and ARNs. '' when the queue's hours are unknown.
   */
  queueHoursText: string;
}

/**
 * Average handle time assumed when estimating the wait from queue depth. Connect's real-time metrics have
 * no AHT; a fixed, conservative figure errs towards offering a callback.
 */
export const ASSUMED_HANDLE_SECONDS = 300;

/** Which queue an intent in a language goes to, and why. */
export function chooseQueue(
  request: Pick<RouteRequest, 'intent' | 'language'>,
  settings: Pick<RoutingSettings, 'rules'>,
): { queueName: string; reason: 'intent' | 'language-queue' | 'unknown-intent' } {
  const { rules } = settings;
  const rule = Object.hasOwn(rules.intents, request.intent) ? rules.intents[request.intent] : undefined;
  if (!rule) return { queueName: rules.defaultQueue, reason: 'unknown-intent' };
  const languageQueue = rules.languageQueues[request.language]?.[request.intent];
  if (languageQueue) return { queueName: languageQueue, reason: 'language-queue' };
  return { queueName: rule.queue, reason: 'intent' };
}

/** Expected wait in seconds from live metrics, or undefined when no agent is staffed (no wait will end). */
export function estimateWaitSeconds(m: QueueMetricsSnapshot): number | undefined {
  if (m.agentsStaffed <= 0) return undefined;
  if (m.agentsAvailable > m.contactsInQueue) return 0;
  const ahead = m.contactsInQueue - m.agentsAvailable + 1;
  const byDepth = Math.ceil((ahead * ASSUMED_HANDLE_SECONDS) / m.agentsStaffed);
  // A queue whose oldest contact already waited longer is moving slower than the estimate says.
  return Math.max(byDepth, Math.round(m.oldestContactAgeSeconds));
}

/** The hours config a queue uses, when known. */
function hoursOfQueue(queueName: string, settings: Pick<RoutingSettings, 'queues' | 'hours'>) {
  const queue = settings.queues.find((q) => q.name === queueName);
  return queue ? settings.hours.find((h) => h.name === queue.hours) : undefined;
}

/** The queue's opening hours spoken in `language` (en-US when Santral has no sentence for it). */
export function queueHoursText(
  queueName: string,
  language: string,
  settings: Pick<RoutingSettings, 'queues' | 'hours'>,
): string {
  const hours = hoursOfQueue(queueName, settings);
  return hours ? renderHoursText(hours, isHoursTextLanguage(language) ? language : 'en-US') : '';
}

export function isQueueOpen(
  queueName: string,
  settings: Pick<RoutingSettings, 'queues' | 'hours'>,
  at: Date,
): boolean {
  const queue = settings.queues.find((q) => q.name === queueName);
  const hours = queue ? settings.hours.find((h) => h.name === queue.hours) : undefined;
  // Unknown hours: let Connect's own CheckHoursOfOperation in the flow decide; routing does not close a queue.
  return hours ? isOpenAt(hours, at) : true;
}

/** Decide the route. `metrics` undefined means they were unavailable (routing by rules alone). */
export function decideRoute(
  request: RouteRequest,
  settings: RoutingSettings,
  at: Date,
  metrics: QueueMetricsSnapshot | undefined,
): RouteDecision {
  const { rules } = settings;
  const language = request.language || settings.defaultLanguage;
  const chosen = chooseQueue({ intent: request.intent, language }, settings);
  const priority = request.tier === 'VIP' ? rules.priority.vip : rules.priority.standard;
  const preferredAgent = rules.stickyAgent && request.repeatCaller ? request.lastAgent : '';
  const base = {
    queueName: chosen.queueName,
    queueArn: settings.queueArns[chosen.queueName] ?? '',
    priority,
    preferredAgent,
    queueHoursText: queueHoursText(chosen.queueName, language, settings),
  };
  if (!isQueueOpen(chosen.queueName, settings, at)) {
    return {
      ...base,
      routeStatus: metrics ? 'ok' : 'fallback',
      offerCallback: true,
      reason: 'after-hours',
      expectedWaitSeconds: -1,
    };
  }
  if (!metrics) {
    return {
      ...base,
      routeStatus: 'fallback',
      offerCallback: false,
      reason: chosen.reason,
      expectedWaitSeconds: -1,
    };
  }
  const wait = estimateWaitSeconds(metrics);
  if (wait === undefined) {
    return {
      ...base,
      routeStatus: 'ok',
      offerCallback: true,
      reason: 'no-agents-staffed',
      expectedWaitSeconds: -1,
    };
  }
  const longWait = wait > rules.callbackOfferAfterSeconds;
  return {
    ...base,
    routeStatus: 'ok',
    offerCallback: longWait,
    reason: longWait ? 'long-wait' : chosen.reason,
    expectedWaitSeconds: wait,
  };
}

/**
 * Route with live metrics of the chosen queue when they can be had; any metrics fault is returned, not
 * thrown, and the rules route alone (`fallback`).
 */
export async function routeWithLiveMetrics(
  request: RouteRequest,
  settings: RoutingSettings,
  at: Date,
  metrics: QueueMetrics,
  signal?: AbortSignal,
): Promise<{ decision: RouteDecision; metricsError?: unknown }> {
  const language = request.language || settings.defaultLanguage;
  const queueArn = settings.queueArns[chooseQueue({ intent: request.intent, language }, settings).queueName];
  let live: QueueMetricsSnapshot | undefined;
  let metricsError: unknown;
  if (queueArn) {
    try {
      live = await metrics.current(queueArn, signal);
    } catch (error) {
      metricsError = error ?? new Error('queue metrics failed');
    }
  }
  const decision = decideRoute(request, settings, at, live);
  return metricsError === undefined ? { decision } : { decision, metricsError };
}
