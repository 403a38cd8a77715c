/**
 * Local resolution of `${Kind:name}` references: the simulator turns every reference into a pseudo-ARN
 * shaped exactly like the deployed one (instance and resource ids are UUIDs), so dynamic values such as
 * `$.External.queueArn` from the route Lambda look as they do in AWS and pass the handlers' own ARN
 * checks; ARNs are turned back into names when a flow or a handler uses them.
 *
 * `${Queue:Support TR}` → `arn:aws:connect:us-east-1:000000000000:instance/<uuid>/queue/<uuid("Queue:Support TR")>`
 * `${Lambda:route}`     → `arn:aws:lambda:us-east-1:000000000000:function:route` (runs functions/route/handler.ts)
 */
import { createHash } from 'node:crypto';
import type { ReferenceKind } from '#shared/flows/references.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_INSTANCE_ID = '5a0a7a1e-0000-4000-8000-000000000000';
export const LOCAL_INSTANCE_ARN = `arn:aws:connect:${LOCAL_REGION}:${LOCAL_ACCOUNT}:instance/${LOCAL_INSTANCE_ID}`;

/** The ARN path segment Connect uses for each kind of instance resource. */
const CONNECT_SEGMENT: Record<Exclude<ReferenceKind, 'Lambda'>, string> = {
  HoursText: 'hours-text', // never used: HoursText resolves to text, not to a resource
  Queue: 'queue',
  Flow: 'contact-flow',
  Hours: 'operating-hours',
  Prompt: 'prompt',
  QuickConnect: 'transfer-destination',
  PhoneNumber: 'phone-number',
  Module: 'flow-module',
};

/** Ids handed out so far → what they name (ids are hashes, so this is how they map back). */
const byId = new Map<string, { kind: ReferenceKind; name: string }>();

/** A stable UUID (v5-shaped) for a kind and name, so the same name always gets the same id. */
export function localResourceId(kind: ReferenceKind, name: string): string {
  const h = createHash('sha1').update(`santral:${kind}:${name}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  byId.set(id, { kind, name });
  return id;
}

export function localArn(kind: ReferenceKind, name: string): string {
  if (kind === 'Lambda') return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
  return `${LOCAL_INSTANCE_ARN}/${CONNECT_SEGMENT[kind]}/${localResourceId(kind, name)}`;
}

/** The kind and name behind a local pseudo-ARN (or a bare local resource id); undefined for anything else. */
export function parseLocalArn(value: string): { kind: ReferenceKind; name: string } | undefined {
  const lambda = /^arn:aws:lambda:[^:]+:\d{12}:function:([^:]+)$/.exec(value);
  if (lambda) return { kind: 'Lambda', name: lambda[1]! };
  if (value.startsWith(`${LOCAL_INSTANCE_ARN}/`)) {
    const id = value.slice(value.lastIndexOf('/') + 1);
    return byId.get(id);
  }
  return byId.get(value);
}

/** Agent (Connect user) ids handed out so far → the agent's login. */
const agentsById = new Map<string, string>();

/** The Connect user id of a configured agent: a stable UUID from the login. */
export function localAgentId(login: string): string {
  const h = createHash('sha1').update(`santral:Agent:${login}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  agentsById.set(id, login);
  return id;
}

/** The agent's ARN, as the agent event stream's `AgentARN`: `…/instance/<instance>/agent/<user id>`. */
export const localAgentArn = (login: string): string => `${LOCAL_INSTANCE_ARN}/agent/${localAgentId(login)}`;

/** The agent's personal queue, as Connect names it: `…/instance/<instance>/queue/agent/<user id>`. */
export const localAgentQueueArn = (login: string): string =>
  `${LOCAL_INSTANCE_ARN}/queue/agent/${localAgentId(login)}`;

/**
 * The login behind a local agent ARN or agent-queue ARN (`…/agent/<id>`, `…/queue/agent/<id>`) or a bare
 * agent id; undefined for anything else.
 */
export function parseLocalAgentArn(value: string): string | undefined {
  if (value.startsWith(`${LOCAL_INSTANCE_ARN}/`)) {
    const m = /\/(?:queue\/)?agent\/([^/]+)$/.exec(value);
    return m ? agentsById.get(m[1]!) : undefined;
  }
  return agentsById.get(value);
}

/** `QUEUE_ARNS` for the in-process handlers: queue name → the same pseudo-ARN the flows resolve to. */
export function localQueueArns(queueNames: readonly string[]): Record<string, string> {
  return Object.fromEntries(queueNames.map((q) => [q, localArn('Queue', q)]));
}
