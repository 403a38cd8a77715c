/**
 * The KPI report service: `santral kpi report --by queue|agent|interval` and the supervisor console call this
 * with their own ports (sandbox or deployed stores); the CLI only parses options and formats the result.
 *
 * - by queue: the center's KPIs per queue (shared/kpi/engine.ts), one row per configured queue;
 * - by interval: per 15 minutes / hour / day / week, boundaries on the wall clock of the center's main time
 *   zone (a day is local midnight to local midnight, a week starts on Monday), printed back with the offset;
 * - by agent: contacts handled and AHT per agent (from contact records: Agent.Username), and the agent's time
 *   from the agent event stream (shared/agents/timeline.ts): online, available, on contact, ACW, with
 *   occupancy and utilisation (definitions in {@link agentFigures}).
 * Every row and the total carry the previous period of the same length and the trend (current − previous).
 */
import {
  AGENT_INTERVAL_MS,
  type AgentTime,
  addAgentTime,
  agentTimeOf,
  emptyAgentTime,
  type Segment,
} from '../agents/timeline.ts';
import { formatInZone, parseLocalDateTime } from '../time/strict.ts';
import {
  computeKpis,
  handleSeconds,
  isHandled,
  type KpiContact,
  type KpiOptions,
  type KpiReport,
  orderFreeSum,
} from './engine.ts';

export type ReportGrouping = 'queue' | 'agent' | 'interval';
export type ReportInterval = '15m' | 'hour' | 'day' | 'week';
export const REPORT_INTERVALS: readonly ReportInterval[] = ['15m', 'hour', 'day', 'week'];

export interface AgentTimeSlice {
  agentId: string;
  username: string | undefined;
  intervalStart: number;
  segments: Segment[];
}

/** Where the report reads from (sandbox or deployed stores). */
export interface ReportPorts {
  /** Contacts initiated in [from, to) (more is fine: the engine filters by period). */
  contacts(from: Date, to: Date): Promise<KpiContact[]>;
  /** Agents' quarter-hour time slices starting in [from, to). */
  agentTime(from: Date, to: Date): Promise<AgentTimeSlice[]>;
}

export interface ReportRequest extends Omit<KpiOptions, 'from' | 'to'> {
  from: Date;
  to: Date;
  by: ReportGrouping;
  /** For `by: interval` (default hour). */
  interval?: ReportInterval;
  timeZone: string;
  /** The configured queues (rows of `by: queue`, in this order). */
  queues: readonly string[];
}

/** The figures the trends and charts follow. */
export const TREND_METRICS = [
  'contacts',
  'contactsQueued',
  'contactsHandled',
  'contactsAbandoned',
  'abandonmentRate',
  'serviceLevel',
  'asa',
  'aht',
  'queueAnswerRate',
  'csat',
  'nps',
] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];
export type Trend = Record<TrendMetric, number | null>;

export interface AgentFigures {
  agent: string;
  contactsHandled: number;
  aht: number | null;
  /** Seconds. */
  time: AgentTime;
  /** (on contact + incoming + ACW) ÷ (that + available) × 100 — Connect "Occupancy". */
  occupancy: number | null;
  /** (on contact + incoming + ACW) ÷ online × 100. */
  utilisation: number | null;
}

export interface ReportRow {
  key: string;
  /** Human label: the queue, the agent, or the interval start in the center's zone with its offset. */
  label: string;
  from?: string;
  to?: string;
  kpis: KpiReport;
  previous: KpiReport;
  trend: Trend;
  agent?: AgentFigures;
  previousAgent?: AgentFigures;
}

export interface KpiReportResult {
  by: ReportGrouping;
  interval: ReportInterval | null;
  timeZone: string;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  total: KpiReport;
  previousTotal: KpiReport;
  trend: Trend;
  rows: ReportRow[];
}

export class ReportRequestError extends Error {
  override readonly name = 'ReportRequestError';
}

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const pct = (num: number, den: number) => (den <= 0 ? null : round((num / den) * 100));

export function trendOf(current: KpiReport, previous: KpiReport): Trend {
  const out = {} as Trend;
  for (const m of TREND_METRICS) {
    const a = current[m];
    const b = previous[m];
    out[m] = a === null || b === null ? null : round(a - b);
  }
  return out;
}

/** Interval boundaries in [from, to) on the wall clock of `timeZone`. */
export function intervalBoundaries(from: Date, to: Date, interval: ReportInterval, timeZone: string): Date[] {
  const out: Date[] = [];
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (interval === '15m' || interval === 'hour') {
    const step = interval === '15m' ? AGENT_INTERVAL_MS : 3_600_000;
    // Local wall-clock alignment: floor the local time, keep the offset (offsets are whole quarter hours).
    const local = parseLocalDateTime(formatInZone(from, timeZone).slice(0, 19), 'UTC').getTime();
    const aligned = fromMs - (local % step);
    for (let t = aligned; t < toMs; t += step) out.push(new Date(t));
    return out;
  }
  // Day / week: local midnights (DST-safe: each boundary is read as a local date).
  let day = formatInZone(from, timeZone).slice(0, 10);
  if (interval === 'week') {
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    day = addDays(day, -weekday);
  }
  const step = interval === 'week' ? 7 : 1;
  for (let t = parseLocalDateTime(day, timeZone); t.getTime() < toMs; ) {
    out.push(t);
    day = addDays(day, step);
    t = parseLocalDateTime(day, timeZone);
  }
  return out;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Agent figures over a set of time slices and contacts. Occupancy follows Connect ("percentage of time that
 * agents were active on contacts": contact time ÷ (contact time + idle time)); contact time is on contact
 * (hold included) + incoming (ringing) + ACW; idle is available with no contact. Utilisation = contact time ÷
 * online time (online includes non-productive statuses such as breaks).
 */
export function agentFigures(
  agent: string,
  slices: readonly AgentTimeSlice[],
  contacts: readonly KpiContact[],
): AgentFigures {
  let time = emptyAgentTime();
  for (const s of slices) time = addAgentTime(time, agentTimeOf(s.segments));
  const handled = contacts.filter((c) => isHandled(c.ctr) && c.ctr.agent?.username === agent);
  const contactTime = time.onContact + time.incoming + time.afterContactWork;
  return {
    agent,
    contactsHandled: handled.length,
    aht:
      handled.length === 0
        ? null
        : round(orderFreeSum(handled.map((c) => handleSeconds(c.ctr))) / handled.length),
    time,
    occupancy: pct(contactTime, contactTime + time.available),
    utilisation: pct(contactTime, time.online),
  };
}

export async function buildKpiReport(ports: ReportPorts, req: ReportRequest): Promise<KpiReportResult> {
  if (req.from >= req.to)
    throw new ReportRequestError(
      `--from (${req.from.toISOString()}) must be before --to (${req.to.toISOString()})`,
    );
  const length = req.to.getTime() - req.from.getTime();
  const prevFrom = new Date(req.from.getTime() - length);
  const prevTo = req.from;
  // One read for both periods (FCR also looks past the period's end).
  const contacts = await ports.contacts(prevFrom, req.to);
  const options = (from: Date, to: Date, extra: Partial<KpiOptions> = {}): KpiOptions => ({
    from,
    to,
    queue: req.queue,
    channel: req.channel,
    serviceLevelSeconds: req.serviceLevelSeconds,
    fcrDays: req.fcrDays,
    cost: req.cost,
    ...extra,
  });
  const total = computeKpis(contacts, options(req.from, req.to));
  const previousTotal = computeKpis(contacts, options(prevFrom, prevTo));
  const zone = (d: Date) => formatInZone(d, req.timeZone);
  const rows: ReportRow[] = [];

  if (req.by === 'queue') {
    const names = req.queue ? [req.queue] : [...req.queues];
    for (const q of new Set(contacts.map((c) => c.ctr.queue?.name).filter((n): n is string => Boolean(n))))
      if (!req.queue && !names.includes(q)) names.push(q);
    for (const q of names) {
      const kpis = computeKpis(contacts, options(req.from, req.to, { queue: q }));
      const previous = computeKpis(contacts, options(prevFrom, prevTo, { queue: q }));
      rows.push({ key: q, label: q, kpis, previous, trend: trendOf(kpis, previous) });
    }
  } else if (req.by === 'interval') {
    const interval = req.interval ?? 'hour';
    const bounds = intervalBoundaries(req.from, req.to, interval, req.timeZone);
    for (let i = 0; i < bounds.length; i++) {
      const start = new Date(Math.max(bounds[i]!.getTime(), req.from.getTime()));
      const end = new Date(Math.min(bounds[i + 1]?.getTime() ?? req.to.getTime(), req.to.getTime()));
      const kpis = computeKpis(contacts, options(start, end));
      const previous = computeKpis(
        contacts,
        options(new Date(start.getTime() - length), new Date(end.getTime() - length)),
      );
      rows.push({
        key: start.toISOString(),
        label: zone(start),
        from: zone(start),
        to: zone(end),
        kpis,
        previous,
        trend: trendOf(kpis, previous),
      });
    }
  } else {
    const slices = await ports.agentTime(prevFrom, req.to);
    const inPeriod = (from: Date, to: Date) => (s: AgentTimeSlice) =>
      s.intervalStart >= from.getTime() && s.intervalStart < to.getTime();
    const agentOf = (s: AgentTimeSlice) => s.username ?? s.agentId;
    const names = new Set<string>([...slices.map(agentOf)]);
    for (const c of contacts) if (c.ctr.agent?.username && isHandled(c.ctr)) names.add(c.ctr.agent.username);
    const withinPeriod = (from: Date, to: Date) =>
      contacts.filter((c) => {
        const t = Date.parse(c.ctr.initiationTimestamp);
        return t >= from.getTime() && t < to.getTime() && (!req.queue || c.ctr.queue?.name === req.queue);
      });
    for (const name of [...names].sort()) {
      const mine = (list: KpiContact[]) => list.filter((c) => c.ctr.agent?.username === name);
      const kpis = computeKpis(mine(contacts), options(req.from, req.to));
      const previous = computeKpis(mine(contacts), options(prevFrom, prevTo));
      const agent = agentFigures(
        name,
        slices.filter((s) => agentOf(s) === name && inPeriod(req.from, req.to)(s)),
        withinPeriod(req.from, req.to),
      );
      const previousAgent = agentFigures(
        name,
        slices.filter((s) => agentOf(s) === name && inPeriod(prevFrom, prevTo)(s)),
        withinPeriod(prevFrom, prevTo),
      );
      rows.push({
        key: name,
        label: name,
        kpis,
        previous,
        trend: trendOf(kpis, previous),
        agent,
        previousAgent,
      });
    }
  }
  return {
    by: req.by,
    interval: req.by === 'interval' ? (req.interval ?? 'hour') : null,
    timeZone: req.timeZone,
    from: zone(req.from),
    to: zone(req.to),
    previousFrom: zone(prevFrom),
    previousTo: zone(prevTo),
    total,
    previousTotal,
    trend: trendOf(total, previousTotal),
    rows,
  };
}
