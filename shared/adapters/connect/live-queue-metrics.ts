/**
 * The supervisor's live queue figures from Amazon Connect (`QueueNow` of shared/operator/live-queues.ts):
 * the queues' ids — known at synth on a deployed stage (the QUEUE_ARNS environment infra writes, so the function needs
 * no connect:ListQueues), otherwise from ListQueues (STANDARD queues, by name, once per adapter) — then GetCurrentMetricData
 * grouped by QUEUE for the voice channel, up to 100 queues per request (the API's filter limit), following
 * NextToken.
 *
 * Metric names and units as the API reference lists them
 * (https://docs.aws.amazon.com/connect/latest/APIReference/API_GetCurrentMetricData.html, CurrentMetrics):
 * CONTACTS_IN_QUEUE, AGENTS_STAFFED, AGENTS_AVAILABLE, AGENTS_ON_CONTACT, AGENTS_AFTER_CONTACT_WORK are COUNT;
 * OLDEST_CONTACT_AGE is SECONDS, and "when you use groupings, Unit says SECONDS and the Value is returned in
 * SECONDS" (without groupings the value would be milliseconds) — we always group by QUEUE. A queue with no
 * result row has nobody staffed and nothing waiting ("MetricResult list is empty: the request cannot find
 * any data"): zeros. A null value ("the calculation cannot be performed") is 0 for counts, null for the age.
 */
import {
  type ConnectClient,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandOutput,
  ListQueuesCommand,
} from '@aws-sdk/client-connect';
import { type QueueNow, type QueueNowFigures, ZERO_FIGURES } from '../../operator/live-queues.ts';

export const LIVE_QUEUE_METRICS = [
  { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
  { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
  { Name: 'AGENTS_STAFFED', Unit: 'COUNT' },
  { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
  { Name: 'AGENTS_ON_CONTACT', Unit: 'COUNT' },
  { Name: 'AGENTS_AFTER_CONTACT_WORK', Unit: 'COUNT' },
] as const;

/** GetCurrentMetricData accepts at most 100 queues in its filter. */
const QUEUES_PER_REQUEST = 100;

export class LiveQueueMetricsError extends Error {
  override readonly name = 'LiveQueueMetricsError';
}

/** `arn:…:instance/<instance>/queue/<id>` → `<id>`; anything else is not a queue ARN. */
const QUEUE_ARN = /^arn:[^:]+:connect:[^:]*:[^:]*:instance\/[^/]+\/queue\/([^/]+)$/;

/** Queue name → id from queue name → ARN (infra's QUEUE_ARNS); a value that is not a queue ARN is named. */
export function queueIdsFromArns(arns: Readonly<Record<string, string>>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [name, arn] of Object.entries(arns)) {
    const id = QUEUE_ARN.exec(arn)?.[1];
    if (!id) throw new LiveQueueMetricsError(`queue ${name}: "${arn}" is not a Connect queue ARN`);
    ids.set(name, id);
  }
  return ids;
}

export class ConnectLiveQueueMetrics implements QueueNow {
  readonly source = 'connect' as const;
  private ids: Promise<Map<string, string>> | undefined;

  /** `knownIds` (queue name → id): used instead of ListQueues. */
  constructor(
    private readonly connect: ConnectClient,
    private readonly instanceId: string,
    knownIds?: ReadonlyMap<string, string>,
  ) {
    if (knownIds) this.ids = Promise.resolve(new Map(knownIds));
  }

  async current(queues: readonly string[]): Promise<Map<string, QueueNowFigures>> {
    const ids = await this.queueIds();
    const wanted = queues.filter((q) => ids.has(q));
    const missing = queues.filter((q) => !ids.has(q));
    if (missing.length > 0)
      throw new LiveQueueMetricsError(
        `queue(s) ${missing.join(', ')} not found in Connect instance ${this.instanceId} (is the stage deployed with this config?)`,
      );
    const nameOfId = new Map([...ids].map(([name, id]) => [id, name]));
    const out = new Map<string, QueueNowFigures>();
    for (let i = 0; i < wanted.length; i += QUEUES_PER_REQUEST) {
      const batch = wanted.slice(i, i + QUEUES_PER_REQUEST).map((q) => ids.get(q)!);
      let token: string | undefined;
      do {
        const page: GetCurrentMetricDataCommandOutput = await this.connect.send(
          new GetCurrentMetricDataCommand({
            InstanceId: this.instanceId,
            Filters: { Queues: batch, Channels: ['VOICE'] },
            Groupings: ['QUEUE'],
            CurrentMetrics: LIVE_QUEUE_METRICS.map((m) => ({ ...m })),
            MaxResults: 100,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        for (const r of page.MetricResults ?? []) {
          const id = r.Dimensions?.Queue?.Id;
          const name = id ? nameOfId.get(id) : undefined;
          if (!name) continue;
          const v = new Map<string, number | null>();
          for (const c of r.Collections ?? [])
            if (c.Metric?.Name)
              v.set(c.Metric.Name, typeof c.Value === 'number' && Number.isFinite(c.Value) ? c.Value : null);
          const count = (m: string) => Math.max(0, Math.round(v.get(m) ?? 0));
          const age = v.get('OLDEST_CONTACT_AGE') ?? null;
          out.set(name, {
            ...ZERO_FIGURES,
            contactsInQueue: count('CONTACTS_IN_QUEUE'),
            oldestContactAgeSeconds:
              age === null || count('CONTACTS_IN_QUEUE') === 0 ? null : Math.round(age),
            agentsStaffed: count('AGENTS_STAFFED'),
            agentsAvailable: count('AGENTS_AVAILABLE'),
            agentsOnContact: count('AGENTS_ON_CONTACT'),
            agentsAfterContactWork: count('AGENTS_AFTER_CONTACT_WORK'),
          });
        }
        token = page.NextToken;
      } while (token);
    }
    return out;
  }

  /** Queue name → id, from ListQueues (STANDARD queues; agent queues are not the supervisor's queues). */
  private queueIds(): Promise<Map<string, string>> {
    this.ids ??= (async () => {
      const ids = new Map<string, string>();
      let token: string | undefined;
      do {
        const page = await this.connect.send(
          new ListQueuesCommand({
            InstanceId: this.instanceId,
            QueueTypes: ['STANDARD'],
            MaxResults: 1000,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        for (const q of page.QueueSummaryList ?? []) if (q.Name && q.Id) ids.set(q.Name, q.Id);
        token = page.NextToken;
      } while (token);
      return ids;
    })().catch((err: unknown) => {
      this.ids = undefined;
      throw err;
    });
    return this.ids;
  }
}
