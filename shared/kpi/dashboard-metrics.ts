/**
 * Supervisor dashboard metrics the CTR processor publishes per contact (CloudWatch EMF, namespace Santral,
 * service ctr-processor, center-wide and per `Queue`), beside the queue counts in metrics.ts. Dashboards and
 * alarms divide sums with metric math, using the KPI engine's definitions (shared/kpi/engine.ts):
 * - AHT = HandleSeconds ÷ ContactsHandled (talk + hold + after-contact work of handled contacts);
 * - ASA = QueueSecondsHandled ÷ ContactsHandled (Queue.Duration of handled contacts);
 * - CSAT = CsatSatisfied ÷ CsatAnswers × 100 (answers 4–5 of 1–5, when the CTR carries the survey answer);
 * - FCR (trailing) = 100 × (1 − FcrRepeats ÷ FcrConversations): every handled inbound conversation counts
 *   once when it arrives; when a customer starts a new inbound conversation within `fcrDays` of their last
 *   handled one, that earlier one failed first-contact resolution and counts once as a repeat. The KPI
 *   report's FCR looks forward from each conversation over the same window and is exact for a closed period;
 *   the dashboard's trailing figure converges to it over periods much longer than `fcrDays`.
 * Amazon Connect's own CloudWatch namespace (AWS/Connect) has no per-queue AHT, CSAT or FCR — it publishes
 * instance and queue counters such as CallsPerInterval, MissedCalls, QueueSize and LongestQueueWaitTime
 * (https://docs.aws.amazon.com/connect/latest/adminguide/monitoring-cloudwatch.html) — so they come from CTRs.
 */
import { type NormalizedCtr, surveyFromAttributes } from '../interactions/ctr.ts';
import { handleSeconds } from './engine.ts';

export type DashboardMetricName =
  | 'HandleSeconds'
  | 'QueueSecondsHandled'
  | 'CsatAnswers'
  | 'CsatSatisfied'
  | 'FcrConversations';

/** The per-contact sums (0 when they do not apply), for the first stored version of a queued contact. */
export function dashboardMetricsFor(ctr: NormalizedCtr): Record<DashboardMetricName, number> {
  const handled = Boolean(ctr.queue && ctr.handled);
  const csat = surveyFromAttributes(ctr.attributes ?? {}).csat;
  return {
    HandleSeconds: handled ? handleSeconds(ctr) : 0,
    QueueSecondsHandled: handled ? (ctr.queue?.durationSeconds ?? 0) : 0,
    CsatAnswers: csat !== undefined ? 1 : 0,
    CsatSatisfied: csat !== undefined && csat >= 4 ? 1 : 0,
    FcrConversations: startsHandledInboundConversation(ctr) ? 1 : 0,
  };
}

/** A new inbound conversation (not a transfer or callback leg) that reached an agent. */
export function startsHandledInboundConversation(ctr: NormalizedCtr): boolean {
  return (
    ctr.initiationMethod === 'INBOUND' &&
    ctr.handled &&
    ctr.contactId === ctr.initialContactId &&
    ctr.customerNumber !== undefined
  );
}

/**
 * When `ctr` starts a new inbound conversation, the customer's previous handled inbound conversation that it
 * makes a repeat of (within `fcrDays` before it), or undefined. Only the most recent earlier conversation is
 * returned, so each conversation is counted as a repeat at most once.
 */
export function repeatedConversation(
  ctr: NormalizedCtr,
  history: readonly NormalizedCtr[],
  fcrDays: number,
): NormalizedCtr | undefined {
  if (ctr.initiationMethod !== 'INBOUND' || ctr.contactId !== ctr.initialContactId) return undefined;
  const at = Date.parse(ctr.initiationTimestamp);
  const earliest = at - fcrDays * 86_400_000;
  let latest: NormalizedCtr | undefined;
  for (const h of history) {
    if (h.initialContactId === ctr.initialContactId || !startsHandledInboundConversation(h)) continue;
    const t = Date.parse(h.initiationTimestamp);
    if (t >= at || t < earliest) continue;
    if (!latest || t > Date.parse(latest.initiationTimestamp)) latest = h;
  }
  return latest;
}
