/**
 * `santral ctr ingest` / `santral agent-events ingest`: a JSON Lines file of what Connect streams, routed by
 * shape — contact records through the CTR processor, agent events through the agent-event processor — with
 * every line accounted for. A line that can never be applied (not JSON, not an object, over DynamoDB's item
 * size, an invalid field) is reported with its line number and reason and never stops the run: every later
 * line is still applied. A store fault (the sandbox's DynamoDB down) is not a line's fault and stops the run.
 */

import { isAgentEventShape } from '../agents/events.ts';
import { type AgentStore, processAgentEvents } from '../agents/processor.ts';
import type { CallbackStore } from '../domain/callback.ts';
import { InvalidCtrError, MAX_RECORD_BYTES } from './ctr.ts';
import type { CtrStore, RecordingLinkStore } from './model.ts';
import { processCtr } from './processor.ts';

export interface IngestLine {
  line: number;
  text: string;
}

export interface OutcomeCounts {
  records: number;
  applied: number;
  duplicates: number;
  stale: number;
  invalid: number;
}

export interface IngestSummary extends OutcomeCounts {
  errors: Array<{ line: number; reason: string }>;
  ctrs: OutcomeCounts;
  agentEvents: OutcomeCounts;
}

export interface IngestDeps {
  ctrs: CtrStore & RecordingLinkStore;
  agents: AgentStore;
  callbacks?: Pick<CallbackStore, 'completeCallback'>;
  /** Called once per line (progress bars). */
  onLine?: () => void;
}

const counts = (): OutcomeCounts => ({ records: 0, applied: 0, duplicates: 0, stale: 0, invalid: 0 });

/** Split a JSONL text into its non-blank lines, numbered from 1. */
export function jsonLines(text: string): IngestLine[] {
  return text
    .split('\n')
    .map((l, i) => ({ line: i + 1, text: l.trim() }))
    .filter((l) => l.text !== '');
}

type Classified = { kind: 'ctr' | 'agentEvent'; doc: unknown } | { kind: 'invalid'; reason: string };

/** What a line is, or why it can never be applied. */
export function classifyLine(text: string): Classified {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RECORD_BYTES)
    return {
      kind: 'invalid',
      reason: `record is ${bytes} bytes; a stored record must fit DynamoDB's ${MAX_RECORD_BYTES}-byte item limit`,
    };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return {
      kind: 'invalid',
      reason: `expected a JSON object (a contact record or an agent event), got ${Array.isArray(doc) ? 'an array' : doc === null ? 'null' : typeof doc}`,
    };
  return { kind: isAgentEventShape(doc) ? 'agentEvent' : 'ctr', doc };
}

const AGENT_BATCH = 100;

export async function ingestLines(lines: readonly IngestLine[], deps: IngestDeps): Promise<IngestSummary> {
  const summary: IngestSummary = { ...counts(), errors: [], ctrs: counts(), agentEvents: counts() };
  const invalid = (line: number, reason: string, part?: OutcomeCounts) => {
    summary.invalid++;
    if (part) part.invalid++;
    summary.errors.push({ line, reason });
  };
  const count = (part: OutcomeCounts, outcome: 'applied' | 'duplicate' | 'stale') => {
    const key = outcome === 'duplicate' ? 'duplicates' : outcome;
    part[key]++;
    summary[key]++;
  };
  let pending: Array<{ line: number; doc: unknown }> = [];
  const flushAgents = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const outcomes = await processAgentEvents(
      deps.agents,
      batch.map((b) => b.doc),
    );
    outcomes.forEach((o, i) => {
      if (o.outcome === 'invalid') invalid(batch[i]!.line, o.reason, summary.agentEvents);
      else if (o.outcome === 'failed') throw o.error;
      else count(summary.agentEvents, o.outcome);
    });
  };
  for (const l of lines) {
    summary.records++;
    const c = classifyLine(l.text);
    if (c.kind === 'invalid') invalid(l.line, c.reason);
    else if (c.kind === 'agentEvent') {
      summary.agentEvents.records++;
      pending.push({ line: l.line, doc: c.doc });
      if (pending.length >= AGENT_BATCH) await flushAgents();
    } else {
      summary.ctrs.records++;
      try {
        const out = await processCtr(
          deps.ctrs,
          c.doc,
          undefined,
          deps.callbacks ? { callbacks: deps.callbacks } : {},
        );
        count(summary.ctrs, out.outcome);
      } catch (err) {
        if (!(err instanceof InvalidCtrError)) throw err;
        invalid(l.line, err.issues.join('; '), summary.ctrs);
      }
    }
    deps.onLine?.();
  }
  await flushAgents();
  summary.errors.sort((a, b) => a.line - b.line);
  return summary;
}
