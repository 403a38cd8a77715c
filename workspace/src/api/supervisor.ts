/**
 * The supervisor console's API port and its fetch adapter over `/v1/supervisor/...` (AGENT-API.md; routes in
 * shared/operator/supervisor-routes.ts). The UI depends on `SupervisorApi` only.
 */
import { AgentApiError } from './types.ts';

export interface KpiFigures {
  contactsQueued: number;
  contactsHandled: number;
  contactsAbandoned: number;
  abandonmentRate: number | null;
  serviceLevel: number | null;
  asa: number | null;
  aht: number | null;
  csat: number | null;
  fcr: number | null;
}
export interface KpiRow extends KpiRowWindow {
  key: string;
  label: string;
  kpis: KpiFigures;
}
export type KpiInterval = '15m' | 'hour' | 'day';
export interface LiveAgent {
  agent: string;
  activity: string;
  status: string | null;
  since: string;
  forSeconds: number;
}
export interface LiveQueueRow {
  queue: string;
  contactsInQueue: number;
  oldestContactAgeSeconds: number | null;
  agentsStaffed: number;
  agentsAvailable: number;
  agentsOnContact: number;
  agentsAfterContactWork: number;
  agents: LiveAgent[];
}
export interface LiveQueues {
  asOf: string;
  source: 'connect' | 'sandbox';
  queues: LiveQueueRow[];
  unassignedAgents: LiveAgent[];
}
export interface KpiRowWindow {
  /** Interval rows: the interval's bounds in the center's zone, with the offset. */
  from?: string;
  to?: string;
}
export interface KpiResult {
  by: string;
  interval?: string | null;
  from: string;
  to: string;
  timeZone: string;
  total: KpiFigures;
  rows: KpiRow[];
}
export interface CampaignControl {
  action: string;
  from: string;
  to: string;
  by: string;
  at: string;
  reason: string;
}
export interface CampaignRow {
  name: string;
  status: string;
  stopReason?: string;
  queue: string;
  targets: Record<string, number>;
  evidence: { decisions: number; dial: number; skip: number };
  control: CampaignControl[];
}
/** The control route's answer (shared/operator/campaign-control.ts ControlOutcome). */
export interface ControlOutcome {
  campaign: string;
  action: string;
  previous: string;
  status: string;
  changed: boolean;
}
export interface Decision {
  id: string;
  decision: string;
  reason: string;
  at: string;
  text: string;
}
export interface DncEntry {
  e164: string;
  source: string;
  addedAt: string;
  addedBy: string;
  reason?: string;
}
export interface ErasureResult {
  erasureId: string;
  subject: string;
  dryRun: boolean;
  requestedBy: string;
  counts: Record<string, number>;
  retained: { count: number; why: string }[];
}

export interface SupervisorApi {
  kpis(from: string, to: string, by: 'queue' | 'interval'): Promise<KpiResult>;
  /** KPIs of one queue (or all, without `queue`) per interval. */
  kpisByInterval(from: string, to: string, interval: KpiInterval, queue?: string): Promise<KpiResult>;
  live(): Promise<LiveQueues>;
  campaigns(): Promise<CampaignRow[]>;
  control(name: string, action: 'pause' | 'resume' | 'stop', reason: string): Promise<ControlOutcome>;
  stopAll(reason: string): Promise<unknown>;
  evidence(phone: string): Promise<Decision[]>;
  dnc(): Promise<DncEntry[]>;
  addDnc(phone: string, reason: string): Promise<unknown>;
  removeDnc(phone: string, reason: string): Promise<unknown>;
  erase(phone: string, dryRun: boolean): Promise<ErasureResult>;
}

const enc = encodeURIComponent;

export function createSupervisorApiClient(options: {
  baseUrl: string;
  token(): Promise<string>;
}): SupervisorApi {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${await options.token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${options.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new AgentApiError(res.status, e?.code ?? 'http_error', e?.message ?? `HTTP ${res.status}`);
    }
    return json as T;
  }
  return {
    kpis: (from, to, by) => call('POST', '/v1/supervisor/kpis', { from, to, by }),
    kpisByInterval: (from, to, interval, queue) =>
      call('POST', '/v1/supervisor/kpis', {
        from,
        to,
        by: 'interval',
        interval,
        ...(queue ? { queue } : {}),
      }),
    live: () => call('GET', '/v1/supervisor/live'),
    campaigns: async () =>
      (await call<{ campaigns: CampaignRow[] }>('GET', '/v1/supervisor/campaigns')).campaigns,
    control: (name, action, reason) =>
      call('POST', `/v1/supervisor/campaigns/${enc(name)}/control`, { action, reason }),
    stopAll: (reason) => call('POST', '/v1/supervisor/campaigns/stop-all', { reason }),
    evidence: async (phone) =>
      (await call<{ decisions: Decision[] }>('GET', `/v1/supervisor/evidence/${enc(phone)}`)).decisions,
    dnc: async () => (await call<{ entries: DncEntry[] }>('GET', '/v1/supervisor/dnc')).entries,
    addDnc: (phone, reason) => call('POST', '/v1/supervisor/dnc', { phone, reason }),
    removeDnc: (phone, reason) => call('POST', `/v1/supervisor/dnc/${enc(phone)}/remove`, { reason }),
    erase: (phone, dryRun) => call('POST', '/v1/supervisor/erasures', { phone, dryRun }),
  };
}
