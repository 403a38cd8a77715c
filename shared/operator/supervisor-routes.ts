/**
 * Supervisor routes (`/v1/supervisor/...`) on the agent API's router (shared/agent-api/router.ts): the same
 * operator services as the CLI (campaign control, evidence, DNC admin, erasure, KPI reports by queue or interval,
 * the live queue view of shared/operator/live-queues.ts), identity from
 * the verified token only, `supervisor` group required (an agent token gets 403), every call audited by the
 * router with the username. Campaign and DNC changes also carry their own audit (who/when/why).
 * Served by the sandbox on the agent API's router, and deployed by functions/supervisor-api on a router of their
 * own (shared/operator/supervisor-api.ts); infra routes each of them (SUPERVISOR_API_ROUTES, asserted equal).
 * A failed upstream (Connect's metrics, the agents table, the erasure function) is `upstream_unavailable`
 * saying why (shared/operator/upstream-errors.ts), never a bare 500.
 */
import { z } from 'zod';
import type { RouteDefinition } from '#shared/agent-api/router.ts';
import { ApiError } from '#shared/agent-api/types.ts';
import { maskPhoneNumber, normalizePhoneNumber } from '#shared/domain/phone.ts';
import {
  buildKpiReport,
  intervalBoundaries,
  REPORT_INTERVALS,
  type ReportGrouping,
  type ReportInterval,
  type ReportPorts,
} from '#shared/kpi/report.ts';
import { InvalidDateTimeError, parseLocalDateTime } from '#shared/time/strict.ts';
import {
  CampaignNotFoundError,
  CampaignTransitionError,
  controlCampaign,
  MissingReasonError,
  stopAllCampaigns,
} from './campaign-control.ts';
import type { ErasureRunner } from './erasure.ts';
import { describeDecision, findEvidence } from './evidence.ts';
import { type AgentStates, liveQueues, type QueueNow } from './live-queues.ts';
import { campaignStatus, type OperatorServices } from './services.ts';
import type { SupervisorSettings } from './supervisor-settings.ts';
import { type UpstreamPart, upstreamUnavailable } from './upstream-errors.ts';

export interface SupervisorDeps {
  services: OperatorServices;
  /** The config slice the routes use (supervisorSettingsFor; deployed, read from the function's environment). */
  settings: SupervisorSettings;
  report: ReportPorts;
  erasure: ErasureRunner;
  /** The live queue view: Connect's current metrics (deployed) or the switchboard (sandbox), the agents table. */
  live: { queueNow: QueueNow; agents: AgentStates };
  now?: () => Date;
  newId?: () => string;
}

/** A report by interval has at most this many rows (a month by hour is 744). */
export const MAX_INTERVALS = 800;

const reason = z.string().trim().min(1, 'a reason is required (it is audited)').max(500);
const phone = z.string().min(3).max(40);

function e164Of(text: string): string {
  const n = normalizePhoneNumber(text);
  if (!n?.valid)
    throw new ApiError(
      400,
      'invalid_request',
      `"${text}" is not a valid phone number (E.164, e.g. +12065550100)`,
    );
  return n.e164;
}

/** Operator errors → the API's refusals; anything else is a fault (500, handled by the transport). */
async function refusing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CampaignNotFoundError) throw new ApiError(404, 'not_found', e.message);
    if (e instanceof CampaignTransitionError) throw new ApiError(409, 'invalid_request', e.message);
    if (e instanceof MissingReasonError) throw new ApiError(400, 'invalid_request', e.message);
    throw e;
  }
}

export function supervisorRoutes(deps: SupervisorDeps): RouteDefinition[] {
  const { services, settings } = deps;
  const zone = settings.timeZone;
  const localTime = (text: string, field: string) => {
    try {
      return parseLocalDateTime(text, zone);
    } catch (e) {
      if (e instanceof InvalidDateTimeError)
        throw new ApiError(400, 'invalid_request', `${field}: ${e.message}`);
      throw e;
    }
  };
  const supervisor = 'supervisor' as const;

  return [
    {
      method: 'GET',
      path: '/v1/supervisor/campaigns',
      action: 'supervisor.campaigns',
      group: supervisor,
      handle: async () => {
        const campaigns = await services.outbound.campaigns.listCampaigns();
        const out = [];
        for (const c of campaigns.sort((a, b) => a.name.localeCompare(b.name)))
          out.push(await campaignStatus(services, c.name));
        return { body: { campaigns: out } };
      },
    },
    {
      method: 'POST',
      path: '/v1/supervisor/campaigns/:name/control',
      action: 'supervisor.campaign.control',
      group: supervisor,
      params: { name: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/ },
      body: z.object({ action: z.enum(['pause', 'resume', 'stop']), reason }).strict(),
      handle: async (ctx) => {
        const body = ctx.body as { action: 'pause' | 'resume' | 'stop'; reason: string };
        const out = await refusing(() =>
          controlCampaign(services.controlDeps, ctx.params['name']!, body.action, {
            by: ctx.identity.username,
            reason: body.reason,
          }),
        );
        ctx.auditDetail({ outcome: `${out.previous}→${out.status}` });
        return { body: out };
      },
    },
    {
      method: 'POST',
      path: '/v1/supervisor/campaigns/stop-all',
      action: 'supervisor.campaign.stopAll',
      group: supervisor,
      body: z.object({ reason }).strict(),
      handle: async (ctx) => {
        const body = ctx.body as { reason: string };
        const stopped = await stopAllCampaigns(
          services.controlDeps,
          { by: ctx.identity.username, reason: body.reason },
          (deps.newId ?? (() => ctx.requestId))(),
        );
        ctx.auditDetail({ outcome: `stopped:${stopped.length}` });
        return { body: { stopped } };
      },
    },
    {
      method: 'GET',
      path: '/v1/supervisor/evidence/:phone',
      action: 'supervisor.evidence',
      group: supervisor,
      handle: async (ctx) => {
        const e164 = e164Of(ctx.params['phone']!);
        ctx.auditDetail({ customer: maskPhoneNumber(e164) });
        const decisions = await findEvidence(services.evidence, { phone: e164 });
        return {
          body: {
            count: decisions.length,
            decisions: decisions.map((d) => ({ ...d, text: describeDecision(d, zone) })),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/v1/supervisor/dnc',
      action: 'supervisor.dnc.list',
      group: supervisor,
      handle: async () => {
        const entries = [...(await services.outbound.internalDncAdmin.listNumbers()).values()].sort((a, b) =>
          a.addedAt.localeCompare(b.addedAt),
        );
        return { body: { count: entries.length, entries } };
      },
    },
    {
      method: 'POST',
      path: '/v1/supervisor/dnc',
      action: 'supervisor.dnc.add',
      group: supervisor,
      body: z.object({ phone, reason }).strict(),
      handle: async (ctx) => {
        const body = ctx.body as { phone: string; reason: string };
        const e164 = e164Of(body.phone);
        ctx.auditDetail({ customer: maskPhoneNumber(e164) });
        const r = await services.outbound.internalDnc.add({
          e164,
          source: 'admin',
          addedAt: ctx.now.toISOString(),
          addedBy: ctx.identity.username,
          reason: body.reason,
        });
        return { status: r.outcome === 'added' ? 201 : 200, body: { outcome: r.outcome, entry: r.entry } };
      },
    },
    {
      method: 'POST',
      path: '/v1/supervisor/dnc/:phone/remove',
      action: 'supervisor.dnc.remove',
      group: supervisor,
      body: z.object({ reason }).strict(),
      handle: async (ctx) => {
        const e164 = e164Of(ctx.params['phone']!);
        ctx.auditDetail({ customer: maskPhoneNumber(e164) });
        const outcome = await services.outbound.internalDncAdmin.remove(e164, {
          admin: ctx.identity.username,
          reason: (ctx.body as { reason: string }).reason,
        });
        if (outcome === 'not-listed')
          throw new ApiError(404, 'not_found', `${maskPhoneNumber(e164)} is not on the internal list`);
        return { body: { outcome } };
      },
    },
    {
      method: 'POST',
      path: '/v1/supervisor/erasures',
      action: 'supervisor.erasure',
      group: supervisor,
      body: z.object({ phone, dryRun: z.boolean().default(true) }).strict(),
      handle: async (ctx) => {
        const body = ctx.body as { phone: string; dryRun: boolean };
        const e164 = e164Of(body.phone);
        ctx.auditDetail({ customer: maskPhoneNumber(e164) });
        try {
          const report = await deps.erasure.erase({
            e164,
            requestedBy: ctx.identity.username,
            dryRun: body.dryRun,
          });
          return { body: report };
        } catch (e) {
          throw upstreamUnavailable(e, 'erasure') ?? e;
        }
      },
    },
    {
      method: 'GET',
      path: '/v1/supervisor/live',
      action: 'supervisor.live',
      group: supervisor,
      handle: async (ctx) => {
        // Connect's current metrics or the agents table could not be read: a clear 502/503, never a bare 500.
        const failed =
          (part: UpstreamPart) =>
          (e: unknown): never => {
            throw upstreamUnavailable(e, part) ?? e;
          };
        const { queueNow, agents } = deps.live;
        const ports = {
          queueNow: {
            source: queueNow.source,
            current: (queues: readonly string[]) => queueNow.current(queues).catch(failed('connect')),
          },
          agents: { currentStates: () => agents.currentStates().catch(failed('agents')) },
        };
        return { body: await liveQueues(ports, settings, deps.now?.() ?? ctx.now) };
      },
    },
    {
      method: 'POST',
      path: '/v1/supervisor/kpis',
      action: 'supervisor.kpis',
      group: supervisor,
      body: z
        .object({
          from: z.string(),
          to: z.string(),
          by: z.enum(['queue', 'interval']).default('queue'),
          interval: z.enum(REPORT_INTERVALS as unknown as [ReportInterval, ...ReportInterval[]]).optional(),
          queue: z.string().min(1).max(127).optional(),
        })
        .strict(),
      handle: async (ctx) => {
        const body = ctx.body as {
          from: string;
          to: string;
          by: ReportGrouping;
          interval?: ReportInterval;
          queue?: string;
        };
        if (body.queue !== undefined && !settings.queues.includes(body.queue))
          throw new ApiError(
            400,
            'invalid_request',
            `queue: "${body.queue}" is not a configured queue (${settings.queues.join(', ')})`,
          );
        const from = localTime(body.from, 'from');
        const to = localTime(body.to, 'to');
        if (from >= to) throw new ApiError(400, 'invalid_request', 'from must be before to');
        if (body.by === 'interval') {
          const n = intervalBoundaries(from, to, body.interval ?? 'hour', zone).length;
          if (n > MAX_INTERVALS)
            throw new ApiError(
              400,
              'invalid_request',
              `${n} intervals of ${body.interval ?? 'hour'} in ${body.from} → ${body.to}; at most ${MAX_INTERVALS} (choose a longer interval or a shorter period)`,
            );
        }
        const result = await buildKpiReport(deps.report, {
          from,
          to,
          by: body.by,
          ...(body.interval ? { interval: body.interval } : {}),
          timeZone: zone,
          queues: settings.queues,
          queue: body.queue,
          ...settings.kpi,
          cost: settings.cost,
        });
        return { body: result };
      },
    },
  ];
}
