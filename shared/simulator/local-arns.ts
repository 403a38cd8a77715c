/**
 * Local resolution of `${Kind:name}` references: the simulator turns every reference into a pseudo-ARN
 * shaped like the deployed one (so dynamic values such as `$.External.queueArn` from the route Lambda look
 * exactly as they do in AWS), and turns ARNs back into names when a flow uses them.
 *
 * `${Queue:Support TR}` → `arn:aws:connect:us-east-1:000000000000:instance/santral-local/queue/Support%20TR`
 * `${Lambda:route}`     → `arn:aws:lambda:us-east-1:000000000000:function:route` (runs functions/route/handler.ts)
 */
import type { ReferenceKind } from '#shared/flows/references.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_INSTANCE_ARN = `arn:aws:connect:${LOCAL_REGION}:${LOCAL_ACCOUNT}:instance/santral-local`;

/** The ARN path segment Connect uses for each kind of instance resource. */
const CONNECT_SEGMENT: Record<Exclude<ReferenceKind, 'Lambda'>, string> = {
  Queue: 'queue',
  Flow: 'contact-flow',
  Hours: 'operating-hours',
  Prompt: 'prompt',
  QuickConnect: 'transfer-destination',
  PhoneNumber: 'phone-number',
  Module: 'flow-module',
};
const KIND_BY_SEGMENT = new Map(
  Object.entries(CONNECT_SEGMENT).map(([kind, segment]) => [segment, kind as ReferenceKind]),
);

export function localArn(kind: ReferenceKind, name: string): string {
  if (kind === 'Lambda') return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
  return `${LOCAL_INSTANCE_ARN}/${CONNECT_SEGMENT[kind]}/${encodeURIComponent(name)}`;
}

/** The kind and name behind a local pseudo-ARN, or undefined for anything else (e.g. a real ARN). */
export function parseLocalArn(value: string): { kind: ReferenceKind; name: string } | undefined {
  const lambda = /^arn:aws:lambda:[^:]+:\d{12}:function:([^:]+)$/.exec(value);
  if (lambda) return { kind: 'Lambda', name: lambda[1]! };
  if (!value.startsWith(`${LOCAL_INSTANCE_ARN}/`)) return undefined;
  const [segment, encoded] = value.slice(LOCAL_INSTANCE_ARN.length + 1).split('/');
  const kind = segment ? KIND_BY_SEGMENT.get(segment) : undefined;
  if (!kind || encoded === undefined) return undefined;
  return { kind, name: decodeURIComponent(encoded) };
}

/** `QUEUE_ARNS` for the in-process handlers: queue name → the same pseudo-ARN the flows resolve to. */
export function localQueueArns(queueNames: readonly string[]): Record<string, string> {
  return Object.fromEntries(queueNames.map((q) => [q, localArn('Queue', q)]));
}
