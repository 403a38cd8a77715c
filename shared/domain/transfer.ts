/**
 * Agent transfers. The transfer Lambda runs in the transfer flow (quick connect → transfer-to-queue /
 * transfer-to-agent flow) and records why the caller is being handed on, so the receiving agent's
 * whisper can say it before the caller is connected.
 *
 * - warm ("talk first"): the first agent stays on the line, consults the receiving agent and then leaves;
 *   in the CCP that is a quick connect followed by a conference. The whisper says so.
 * - cold ("transfer now"): the first agent leaves as soon as the transfer starts; the whisper is the only
 *   context the receiving agent gets.
 * - External numbers (quick connects of type PHONE_NUMBER or a typed number) pass the toll-fraud guard.
 */
import { createHash } from 'node:crypto';
import { checkDialableNumber, type GuardReason, type TollFraudGuardSettings } from './toll-fraud-guard.ts';

export const TRANSFER_MODES = ['warm', 'cold'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

export interface TransferParams {
  reason?: string | undefined;
  note?: string | undefined;
  tags?: string | undefined;
  mode?: string | undefined;
  fromAgent?: string | undefined;
  target?: string | undefined;
}

export interface TransferSettings {
  guard: TollFraudGuardSettings;
  /** Queue name → queue ARN (the queues a transfer may target). */
  queueArns: Readonly<Record<string, string>>;
  queueNames: readonly string[];
}

export type TransferTarget =
  | { kind: 'queue'; queueName: string; queueArn: string }
  /**
   * An agent's personal queue (USER quick connects → transfer-to-agent): from its ARN
   * (`…/queue/agent/<agent id>`; Connect gives agent queues no name, so `$.Queue.Name` is null there), or a
   * name that is no configured queue.
   */
  | { kind: 'agent'; agentQueue: string; queueArn?: string }
  | { kind: 'external'; e164: string; country?: string; numberType?: string };

export interface TransferRecord {
  /** Deterministic from the contact and the request, so Connect's retries record one transfer. */
  transferId: string;
  contactId: string;
  at: string;
  mode: TransferMode;
  fromAgent: string;
  reason: string;
  note: string;
  tags: string[];
  target: TransferTarget;
  guardReason?: GuardReason;
}

export type TransferPlan =
  | { status: 'ok'; record: TransferRecord; whisperText: string }
  | { status: 'invalid'; reason: 'no-target' | 'bad-target' | 'bad-mode' | 'too-many-tags' }
  | { status: 'blocked'; reason: GuardReason };

export const MAX_NOTE_CHARS = 500;
export const MAX_TAGS = 10;
const TAG = /^[a-z0-9][a-z0-9-]{0,39}$/;

const clean = (s: string | undefined, max: number) => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, max);

export function parseTags(raw: string | undefined): string[] | undefined {
  const tags = [
    ...new Set(
      (raw ?? '')
        .split(',')
        .map((t) => t.trim().toLowerCase().replace(/\s+/g, '-'))
        .filter((t) => TAG.test(t)),
    ),
  ];
  return tags.length > MAX_TAGS ? undefined : tags;
}

export function transferId(
  contactId: string,
  p: Omit<TransferRecord, 'transferId' | 'contactId' | 'at'>,
): string {
  const target =
    p.target.kind === 'queue'
      ? p.target.queueName
      : p.target.kind === 'agent'
        ? p.target.agentQueue
        : p.target.e164;
  return createHash('sha256')
    .update(JSON.stringify([contactId, p.mode, p.fromAgent, target, p.reason, p.note, p.tags]))
    .digest('hex')
    .slice(0, 16);
}

/** The text the receiving agent hears before the caller is connected. */
export function whisperFor(record: TransferRecord): string {
  const from = record.fromAgent ? `from ${record.fromAgent}` : 'from a colleague';
  const how =
    record.mode === 'warm' ? 'Warm transfer: they will stay on to introduce the caller.' : 'Cold transfer.';
  const parts = [`Transfer ${from}.`, how];
  if (record.reason) parts.push(`Reason: ${record.reason}.`);
  if (record.note) parts.push(`Note: ${record.note}`);
  if (record.tags.length > 0) parts.push(`Tags: ${record.tags.join(', ')}.`);
  return parts.join(' ');
}

/** Validate a transfer request and, for external numbers, run the toll-fraud guard. */
export function planTransfer(
  contactId: string,
  params: TransferParams,
  settings: TransferSettings,
  at: Date,
): TransferPlan {
  const mode = (params.mode ?? 'cold').trim().toLowerCase() || 'cold';
  if (!(TRANSFER_MODES as readonly string[]).includes(mode)) return { status: 'invalid', reason: 'bad-mode' };
  const tags = parseTags(params.tags);
  if (!tags) return { status: 'invalid', reason: 'too-many-tags' };
  const rawTarget = (params.target ?? '').trim();
  if (!rawTarget) return { status: 'invalid', reason: 'no-target' };

  let target: TransferTarget;
  let guardReason: GuardReason | undefined;
  if (/^[+\d]/.test(rawTarget)) {
    // Anything that looks like a number is an external transfer: E.164 only, through the guard.
    const verdict = checkDialableNumber(rawTarget, settings.guard);
    if (!verdict.allowed) return { status: 'blocked', reason: verdict.reason };
    guardReason = verdict.reason;
    target = {
      kind: 'external',
      e164: verdict.e164,
      ...(verdict.country ? { country: verdict.country } : {}),
      ...(verdict.numberType ? { numberType: verdict.numberType } : {}),
    };
  } else if (rawTarget.startsWith('arn:')) {
    // The transfer flows pass the working queue's ARN ($.Queue.ARN): a configured queue, or an agent's queue.
    const agentQueue = /\/queue\/agent\/([^/]+)$/.exec(rawTarget);
    const queueName = Object.entries(settings.queueArns).find(([, arn]) => arn === rawTarget)?.[0];
    if (agentQueue && rawTarget.length <= 512)
      target = { kind: 'agent', agentQueue: agentQueue[1]!, queueArn: rawTarget };
    else if (queueName) target = { kind: 'queue', queueName, queueArn: rawTarget };
    else return { status: 'invalid', reason: 'bad-target' };
  } else {
    if (settings.queueNames.includes(rawTarget)) {
      target = { kind: 'queue', queueName: rawTarget, queueArn: settings.queueArns[rawTarget] ?? '' };
    } else if (rawTarget.length <= 256 && ![...rawTarget].some((c) => c.charCodeAt(0) < 32)) {
      // Nothing is dialled for a name, so it needs no guard; it is only recorded and whispered.
      target = { kind: 'agent', agentQueue: rawTarget };
    } else {
      return { status: 'invalid', reason: 'bad-target' };
    }
  }

  const partial = {
    mode: mode as TransferMode,
    fromAgent: clean(params.fromAgent, 64),
    reason: clean(params.reason, 100),
    note: clean(params.note, MAX_NOTE_CHARS),
    tags,
    target,
    ...(guardReason ? { guardReason } : {}),
  };
  const record: TransferRecord = {
    transferId: transferId(contactId, partial),
    contactId,
    at: at.toISOString(),
    ...partial,
  };
  return { status: 'ok', record, whisperText: whisperFor(record) };
}
