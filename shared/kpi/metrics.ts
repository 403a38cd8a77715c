/**
 * Per-contact queue counts published as CloudWatch embedded metrics by the CTR processor (dimension Queue).
 * Dashboards and alarms derive the rates with metric math, using the same definitions as the KPI engine:
 * abandonment = ContactsAbandoned ÷ ContactsQueued × 100, service level = ContactsWithinServiceLevel ÷
 * ContactsQueued × 100.
 */
import type { NormalizedCtr } from '../interactions/ctr.ts';
import { isAbandonedContact, isAnswered, isQueued, removedWithin } from './engine.ts';

export type QueueMetricName =
  | 'ContactsQueued'
  | 'ContactsHandled'
  | 'ContactsAbandoned'
  | 'ContactsWithinServiceLevel';

export function queueMetricsFor(
  ctr: NormalizedCtr,
  serviceLevelSeconds: number,
): Record<QueueMetricName, number> {
  if (!isQueued(ctr))
    return { ContactsQueued: 0, ContactsHandled: 0, ContactsAbandoned: 0, ContactsWithinServiceLevel: 0 };
  return {
    ContactsQueued: 1,
    ContactsHandled: isAnswered(ctr) ? 1 : 0,
    ContactsAbandoned: isAbandonedContact(ctr) ? 1 : 0,
    ContactsWithinServiceLevel: removedWithin(ctr, serviceLevelSeconds) ? 1 : 0,
  };
}
