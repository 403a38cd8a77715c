/**
 * `createAgentApi(deps)`: one route table over the ports (AGENT-API.md). The transport (API Gateway's JWT
 * authorizer, or the sandbox server with the sandbox issuer's JWKS) has verified the token; the router reads
 * the identity from its claims only, checks the route's group, parses the body with the route's zod schema,
 * runs the route and audits the outcome with the identity — successes and refusals alike.
 *
 * Extending: supervisor routes (`/v1/supervisor/...`) are more `RouteDefinition`s with `group: 'supervisor'`,
 * passed as `extraRoutes` (the sandbox serves both from one router); deployed they run in their own function
 * (functions/supervisor-api) through `createApiRouter` with the supervisor routes only, the same checks and audit.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { identityFromClaims } from './identity.ts';
import type { AgentApiDeps } from './ports.ts';
import {
  type AgentIdentity,
  ApiError,
  type ApiRequest,
  type ApiResponse,
  errorResponse,
  type WorkspaceGroup,
} from './types.ts';
import { contactRoutes } from './workspace-routes.ts';

export interface RouteContext<Body = unknown> {
  identity: AgentIdentity;
  params: Record<string, string>;
  body: Body;
  requestId: string;
  now: Date;
  /** Add what the audit record should carry beyond action/actor/contactId (a masked number). */
  auditDetail(detail: { customer?: string; outcome?: string }): void;
}

export interface RouteResult {
  status?: number;
  body: unknown;
  /** Audit outcome (default "ok"). */
  outcome?: string;
}

export interface RouteDefinition {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** `/v1/contacts/:contactId/card`: `:name` segments become params. */
  path: string;
  /** Audit action name, e.g. "contact.card". */
  action: string;
  /** Who may call it: any workspace user (agent or supervisor, the default) or supervisors only. */
  group?: 'workspace' | WorkspaceGroup;
  /** Path parameter patterns (a param that does not match is a 400). */
  params?: Record<string, RegExp>;
  body?: z.ZodType;
  handle(ctx: RouteContext): Promise<RouteResult>;
}

interface CompiledRoute {
  def: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

function compile(def: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  const source = def.path
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { def, pattern: new RegExp(`^${source}/?$`), names };
}

const json = (status: number, body: unknown): ApiResponse => ({ status, body });

export interface AgentApi {
  handle(req: ApiRequest): Promise<ApiResponse>;
  readonly routes: readonly RouteDefinition[];
}

export function createAgentApi(deps: AgentApiDeps, extraRoutes: readonly RouteDefinition[] = []): AgentApi {
  return createApiRouter(deps, [...contactRoutes(deps), ...extraRoutes]);
}

/** What every route table needs besides its routes: where audits go, the clock, request ids. */
export type RouterDeps = Pick<AgentApiDeps, 'audit' | 'clock' | 'newRequestId'>;

/** A router over any route table: identity from verified claims, group check, params and body parsed, audited. */
export function createApiRouter(deps: RouterDeps, routes: readonly RouteDefinition[]): AgentApi {
  const compiled = routes.map(compile);
  const newRequestId = deps.newRequestId ?? randomUUID;

  async function handle(req: ApiRequest): Promise<ApiResponse> {
    const requestId = req.requestId ?? newRequestId();
    const path = req.path.split('?')[0] ?? '';
    const method = req.method.toUpperCase();
    let matched: { route: CompiledRoute; values: string[] } | undefined;
    let pathKnown = false;
    for (const route of compiled) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (route.def.method === method) {
        matched = { route, values: m.slice(1) };
        break;
      }
    }
    let identity: AgentIdentity;
    try {
      identity = identityFromClaims(req.claims);
    } catch (e) {
      if (e instanceof ApiError) return errorResponse(e);
      throw e;
    }
    if (!matched)
      return errorResponse(
        new ApiError(
          404,
          'not_found',
          pathKnown ? `${method} is not allowed on ${path}` : `no route ${path}`,
        ),
      );

    const { def, names } = matched.route;
    const params: Record<string, string> = {};
    names.forEach((n, i) => {
      params[n] = decodeURIComponent(matched.values[i] ?? '');
    });
    const detail: { customer?: string; outcome?: string } = {};
    const now = deps.clock.now();
    const audit = (outcome: string) =>
      deps.audit.audit({
        requestId,
        at: now.toISOString(),
        action: def.action,
        actor: identity.username,
        ...(params['contactId'] ? { contactId: params['contactId'] } : {}),
        ...(detail.customer ? { customer: detail.customer } : {}),
        outcome: detail.outcome ?? outcome,
      });

    try {
      const group = def.group ?? 'workspace';
      const allowed = group === 'workspace' ? identity.groups.length > 0 : identity.groups.includes(group);
      if (!allowed)
        throw new ApiError(
          403,
          'forbidden',
          group === 'supervisor'
            ? 'this route needs the supervisor group'
            : 'not a workspace user (no agent group)',
        );
      for (const [name, re] of Object.entries(def.params ?? {})) {
        if (!re.test(params[name] ?? ''))
          throw new ApiError(
            400,
            'invalid_request',
            `${name}: "${params[name]}" does not match ${re.source}`,
          );
      }
      let body: unknown = req.body;
      if (def.body) {
        const parsed = def.body.safeParse(req.body ?? {});
        if (!parsed.success)
          throw new ApiError(
            400,
            'invalid_request',
            parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
          );
        body = parsed.data;
      }
      const result = await def.handle({
        identity,
        params,
        body,
        requestId,
        now,
        auditDetail: (d) => Object.assign(detail, d),
      });
      await audit(result.outcome ?? 'ok');
      return json(result.status ?? 200, result.body);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      await audit(`refused:${e.code}`);
      return errorResponse(e);
    }
  }

  return { handle, routes };
}
