/**
 * A month of synthetic contact history for the sandbox, so `santral kpi report` shows real numbers and the
 * agent history has something to show. Deterministic: the same seed and end day give the same CTRs. The
 * CTRs go through the same processor as the Kinesis Lambda (shared/interactions/processor.ts); outbound
 * dispositions go through the agent workspace store (DynamoNotesStore).
 *
 * Shape of a day (weekdays; weekends about a third): ~40 inbound calls from a pool of 1,500 numbers (5 % from
 * the demo customers +1206555010{0,1,2}, who call often), queue waits with impatient callers who
 * abandon, some transfers to Billing, post-call survey answers on ~40 % of handled calls, two queued
 * callbacks, and ~10 outbound calls with sale / no-sale / no-answer outcomes.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCtrStore } from '../adapters/dynamo/ctr-store.ts';
import { DynamoNotesStore } from '../adapters/dynamo/notes-store.ts';
import { createDocumentClient } from '../adapters/dynamo-client.ts';
import { tableName } from '../data/tables.ts';
import { processCtr } from '../interactions/processor.ts';
import { callRecordingsPrefix, recordingKeyFor } from '../interactions/recording-layout.ts';
import { seededRandom } from './seeded-random.ts';

export interface DemoContact {
  ctr: Record<string, unknown>;
  disposition?: string;
}

const QUEUES: [string, number][] = [
  ['Support', 0.4],
  ['Orders', 0.3],
  ['Billing', 0.15],
  ['Support TR', 0.05],
  ['General', 0.1],
];
const AGENTS = ['ayse', 'mehmet', 'john', 'maria', 'li'];
const ALIAS = 'acme-online-store-dev';

export function generateDemoHistory(
  options: { end?: Date; days?: number; seed?: number } = {},
): DemoContact[] {
  const days = options.days ?? 30;
  const end = options.end ?? startOfUtcDay(new Date());
  const rand = seededRandom(options.seed ?? 20261101);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => Math.round(lo + rand() * (hi - lo));
  const exp = (mean: number) => Math.round(-Math.log(1 - rand()) * mean);
  const weighted = (pairs: [string, number][]) => {
    let r = rand();
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1]![0];
  };
  const numbers = Array.from({ length: 1500 }, (_, i) => `+1206555${String(100 + i).padStart(4, '0')}`);
  const out: DemoContact[] = [];
  let n = 0;
  const id = () => {
    n++;
    const hex = (options.seed ?? 20261101).toString(16).padStart(8, '0').slice(-8);
    return `${hex}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

  for (let d = days; d >= 1; d--) {
    const dayStart = end.getTime() - d * 86_400_000;
    const weekday = new Date(dayStart).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const inbound = weekend ? between(10, 16) : between(34, 46);
    for (let i = 0; i < inbound; i++) {
      // 09:00–18:00 New York ≈ 14:00–23:00 UTC.
      const at = dayStart + (14 * 3600 + rand() * 9 * 3600) * 1000;
      const contactId = id();
      const queue = weighted(QUEUES);
      const wait = exp(25);
      const patience = exp(120);
      const abandoned = wait > patience;
      const q = abandoned ? patience : wait;
      const talk = between(90, 600);
      const hold = rand() < 0.3 ? between(15, 120) : 0;
      const acw = between(10, 90);
      const agent = pick(AGENTS);
      const customer = rand() < 0.05 ? pick(numbers.slice(0, 3)) : pick(numbers);
      const attributes: Record<string, string> = { intent: queue.toLowerCase().replace(/ .*/, '') };
      if (!abandoned && rand() < 0.4) {
        attributes['surveyCsat'] = weighted([
          ['5', 0.45],
          ['4', 0.3],
          ['3', 0.1],
          ['2', 0.08],
          ['1', 0.07],
        ]);
        attributes['surveyNps'] = weighted([
          ['10', 0.3],
          ['9', 0.2],
          ['8', 0.2],
          ['7', 0.1],
          ['5', 0.1],
          ['2', 0.1],
        ]);
      }
      const transfer = !abandoned && rand() < 0.08;
      const nextId = transfer ? id() : undefined;
      const base = { at, contactId, customer, queue, q, talk, hold, acw, agent, attributes };
      out.push({ ctr: demoCtr({ ...base, abandoned, method: 'INBOUND', nextContactId: nextId }, iso) });
      if (transfer && nextId) {
        out.push({
          ctr: demoCtr(
            {
              ...base,
              at: at + (q + talk + 25) * 1000,
              contactId: nextId,
              queue: 'Billing',
              q: exp(20),
              talk: between(60, 300),
              agent: pick(AGENTS),
              attributes: {},
              abandoned: false,
              method: 'TRANSFER',
              initialContactId: contactId,
              previousContactId: contactId,
            },
            iso,
          ),
        });
      }
    }
    for (let i = 0; i < (weekend ? 0 : 2); i++) {
      const at = dayStart + (15 * 3600 + rand() * 6 * 3600) * 1000;
      const c = {
        at,
        contactId: id(),
        customer: pick(numbers),
        queue: 'Support',
        q: between(60, 300),
        talk: between(60, 300),
        hold: 0,
        acw: between(10, 60),
        agent: pick(AGENTS),
        attributes: {},
      };
      out.push({ ctr: demoCtr({ ...c, abandoned: false, method: 'CALLBACK' }, iso) });
    }
    for (let i = 0; i < (weekend ? 0 : between(8, 12)); i++) {
      const at = dayStart + (15 * 3600 + rand() * 8 * 3600) * 1000;
      const outcome = weighted([
        ['sale', 0.2],
        ['no-sale', 0.5],
        ['no-answer', 0.3],
      ]);
      const answered = outcome !== 'no-answer';
      const c = {
        at,
        contactId: id(),
        customer: `+1212555${String(between(1000, 9999))}`,
        queue: undefined,
        q: 0,
        talk: answered ? between(60, 300) : 0,
        hold: 0,
        acw: answered ? between(10, 60) : 0,
        agent: pick(AGENTS),
        attributes: { campaign: 'winter-offer' },
      };
      out.push({
        ctr: demoCtr({ ...c, abandoned: false, method: 'OUTBOUND', noAgent: !answered }, iso),
        disposition: outcome,
      });
    }
  }
  return out;
}

interface DemoCall {
  at: number;
  contactId: string;
  customer: string;
  queue: string | undefined;
  q: number;
  talk: number;
  hold: number;
  acw: number;
  agent: string;
  attributes: Record<string, string>;
  abandoned: boolean;
  method: string;
  noAgent?: boolean;
  initialContactId?: string;
  previousContactId?: string;
  nextContactId?: string | undefined;
}

function demoCtr(c: DemoCall, iso: (ms: number) => string): Record<string, unknown> {
  const enqueue = c.at + 15_000;
  const dequeue = enqueue + c.q * 1000;
  const answered = !c.abandoned && !c.noAgent;
  const end = answered ? dequeue + (c.talk + c.hold) * 1000 : dequeue;
  return {
    ContactId: c.contactId,
    InitialContactId: c.initialContactId ?? null,
    PreviousContactId: c.previousContactId ?? null,
    NextContactId: c.nextContactId ?? null,
    Channel: 'VOICE',
    InitiationMethod: c.method,
    InitiationTimestamp: iso(c.at),
    ConnectedToSystemTimestamp: iso(c.at + 1000),
    DisconnectTimestamp: iso(end),
    DisconnectReason: answered ? 'AGENT_DISCONNECT' : 'CUSTOMER_DISCONNECT',
    LastUpdateTimestamp: iso(end + ((answered ? c.acw : 0) + 3) * 1000),
    CustomerEndpoint: { Address: c.customer, Type: 'TELEPHONE_NUMBER' },
    SystemEndpoint: { Address: '+12065550000', Type: 'TELEPHONE_NUMBER' },
    Attributes: c.attributes,
    Queue: c.queue
      ? { Name: c.queue, EnqueueTimestamp: iso(enqueue), DequeueTimestamp: iso(dequeue), Duration: c.q }
      : null,
    Agent: answered
      ? {
          Username: c.agent,
          ConnectedToAgentTimestamp: iso(dequeue),
          AgentInteractionDuration: c.talk,
          CustomerHoldDuration: c.hold,
          AfterContactWorkDuration: c.acw,
          NumberOfHolds: c.hold > 0 ? 1 : 0,
        }
      : null,
    Recording: answered
      ? {
          Location: `santral-recordings/${recordingKeyFor(callRecordingsPrefix(ALIAS), c.contactId, new Date(dequeue))}`,
          Status: 'AVAILABLE',
          Type: 'AUDIO',
        }
      : null,
  };
}

export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** Write the demo month into the interactions table (idempotent: the same CTRs re-apply identically). */
export async function seedDemoHistory(
  options: { db?: DynamoDBDocumentClient; table?: string; end?: Date; days?: number; seed?: number } = {},
): Promise<{ contacts: number; from: string; to: string }> {
  const db = options.db ?? createDocumentClient();
  const table = options.table ?? tableName('interactions');
  const ctrStore = new DynamoCtrStore(db, table);
  const notes = new DynamoNotesStore(db, table);
  const end = options.end ?? startOfUtcDay(new Date());
  const days = options.days ?? 30;
  const contacts = generateDemoHistory({
    end,
    days,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  for (const c of contacts) {
    const out = await processCtr(ctrStore, c.ctr);
    if (c.disposition)
      await notes.setDisposition(
        out.contactId,
        c.disposition,
        'demo',
        out.ctr.disconnectTimestamp ?? out.ctr.initiationTimestamp,
      );
  }
  return {
    contacts: contacts.length,
    from: new Date(end.getTime() - days * 86_400_000).toISOString(),
    to: end.toISOString(),
  };
}
