/**
 * CTR pipeline throughput on embedded DynamoDB (dynalite): CTRs through the real processor (parse, normalise,
 * hash, conditional UpdateItem) vs bare PutItem of the same normalised item, alternating in chunks in the
 * same run so machine noise hits both. Figures: records_per_second (processor) and put_ratio (processor
 * rate ÷ bare PutItem rate, median over chunk pairs; target ≥ 0.7). The baseline writes exactly the item
 * the processor stores (same attributes, index keys and TTL) unconditionally; the processor additionally
 * parses, validates, normalises and hashes the CTR and pays for UpdateItem's expressions and its condition.
 * Both sides get their input precomputed: the bare item, and the record text as Kinesis delivers it (turning
 * the demo objects into text is the harness's work, not the processor's). Not included: the Lambda's
 * sticky-agent note into the customers table (one more write per handled contact, written concurrently with
 * the recording links).
 *
 * Agent events (agent_events_per_second, agent_event_put_ratio): Connect's agent event stream for 20 agents
 * over a working day (state changes of calls, holds, ACW and breaks, a HEART_BEAT every 120 s), in time order,
 * through the real agent-event processor in Kinesis batches of 100 (as the Lambda gets them: it groups writes per
 * agent and quarter hour) vs a bare PutItem per event of the agent's state item that event produces,
 * alternating batch by batch; the ratio is the median over batch pairs (target ≥ 0.7).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCtrStore, retainUntil } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { parseAgentEvent } from '#shared/agents/events.ts';
import { agentStateOf, processAgentEvents } from '#shared/agents/processor.ts';
import { tableName } from '#shared/data/tables.ts';
import { ctrVersion, normalizeCtr, parseCtr } from '#shared/interactions/ctr.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { generateDemoHistory } from '#shared/local/demo-history.ts';
import { seededRandom } from '#shared/local/seeded-random.ts';
import { type AgentStep, agentEvents } from '../../fixtures/agents/factory.ts';
import { type BenchContext, type Figure, percentile } from '../figures.ts';

export async function* run(ctx: BenchContext): AsyncGenerator<Figure> {
  const doc = createDocumentClient();
  const table = tableName('interactions');
  // As deployed: every item carries its TTL (retention.interactionsDays, 730 in the demo config).
  const retentionDays = 730;
  const store = new DynamoCtrStore(doc, table, { retentionDays });
  const ctrs = generateDemoHistory({
    days: ctx.quick ? 3 : 30,
    seed: 42,
    end: new Date('2026-11-23T00:00:00Z'),
  })
    .map((c) => c.ctr)
    .map((c) => ({ ...c, Recording: null })); // one write per CTR on both sides (no recording link)
  const warmup = Math.min(50, Math.floor(ctrs.length / 10));
  const chunk = ctx.quick ? 25 : 50;
  // Bare baseline: PutItem of exactly the item the processor stores (same attributes and index keys),
  // precomputed, to a separate key space: what one unconditional write of that item costs.
  const bare = ctrs.map((c) => {
    const ctr = normalizeCtr(parseCtr(c));
    const v = ctrVersion(ctr);
    const sk = `${ctr.initiationTimestamp}#${ctr.contactId}`;
    return {
      pk: `BARE#${ctr.contactId}`,
      sk: 'META',
      ctr,
      lastUpdate: v.lastUpdate,
      ctrVersion: v.version,
      gsi1pk: `INITIAL#${ctr.initialContactId}`,
      gsi1sk: sk,
      gsi2pk: `CUSTOMER#${ctr.customerNumber}`,
      gsi2sk: sk,
      gsi3pk: `DAY#${ctr.initiationTimestamp.slice(0, 10)}`,
      gsi3sk: sk,
      retainUntil: retainUntil(ctr.initiationTimestamp, retentionDays),
    };
  });
  const texts = ctrs.map((c) => JSON.stringify(c));
  for (let i = 0; i < warmup; i++) {
    await processCtr(store, texts[i]!);
    await doc.send(new PutCommand({ TableName: table, Item: bare[i]! }));
  }
  let processorMs = 0;
  let bareMs = 0;
  let n = 0;
  const chunkRatios: number[] = [];
  let processedBefore = 0;
  for (let start = warmup; start < ctrs.length; start += chunk) {
    const end = Math.min(ctrs.length, start + chunk);
    let t0 = performance.now();
    for (let i = start; i < end; i++) await processCtr(store, texts[i]!);
    processorMs += performance.now() - t0;
    t0 = performance.now();
    for (let i = start; i < end; i++) await doc.send(new PutCommand({ TableName: table, Item: bare[i]! }));
    const bareChunkMs = performance.now() - t0;
    bareMs += bareChunkMs;
    chunkRatios.push(bareChunkMs / (processorMs - processedBefore));
    processedBefore = processorMs;
    n += end - start;
    ctx.progress(`${n}/${ctrs.length - warmup} records`);
  }
  const processorRate = (n / processorMs) * 1000;
  const bareRate = (n / bareMs) * 1000;
  // The ratio is the median over adjacent chunk pairs (same records, back to back): a load spike from
  // other work on the machine then skews one pair, not the figure. The whole-run ratio is reported too.
  const ratio = percentile(chunkRatios, 50);
  yield { metric: 'records_per_second', value: processorRate, unit: 'records/s', records: n };
  yield {
    metric: 'put_ratio',
    value: ratio,
    unit: 'ratio',
    baseline: bareRate,
    ratio,
    measured: processorRate,
    measuredUnit: 'records/s',
    wholeRunRatio: processorRate / bareRate,
    chunks: chunkRatios.length,
    target: 0.7,
  };
  yield* runAgentEvents(ctx);
}

/** A working day of `agents` agents from 08:00: calls (ring, talk, maybe hold, ACW) and breaks, events in time order. */
function agentDay(agents: number, hours: number): string[] {
  const random = seededRandom(7);
  const between = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  const start = Date.parse('2026-11-23T08:00:00Z');
  const end = start + hours * 3_600_000;
  const all: Array<{ at: number; text: string }> = [];
  for (let a = 0; a < agents; a++) {
    const steps: AgentStep[] = [{ at: start + a * 1000, status: 'Available' }];
    let t = start + a * 1000;
    let n = 0;
    while (t < end - 3_600_000) {
      t += between(10, 300) * 1000;
      if (random() < 0.1) {
        steps.push({ at: t, status: 'Break' });
        t += between(300, 900) * 1000;
        steps.push({ at: t, status: 'Available' });
        continue;
      }
      const c = `bench-${a}-${++n}`;
      steps.push({ at: t, contact: c, state: 'CONNECTING' });
      t += between(2, 20) * 1000;
      steps.push({ at: t, contact: c, state: 'CONNECTED' });
      if (random() < 0.3) {
        t += between(20, 120) * 1000;
        steps.push({ at: t, contact: c, state: 'CONNECTED_ONHOLD' });
        t += between(10, 90) * 1000;
        steps.push({ at: t, contact: c, state: 'CONNECTED' });
      }
      t += between(60, 600) * 1000;
      steps.push({ at: t, contact: c, state: 'ENDED' });
      t += between(5, 120) * 1000;
      steps.push({ at: t, contact: c, state: 'CLEARED' });
    }
    steps.push({ at: end, status: 'Offline' });
    for (const e of agentEvents(`bench-agent-${a}`, steps, end))
      all.push({ at: Date.parse(String(e['EventTimestamp'])), text: JSON.stringify(e) });
  }
  return all.sort((x, y) => x.at - y.at).map((e) => e.text);
}

export async function* runAgentEvents(ctx: BenchContext): AsyncGenerator<Figure> {
  const doc = createDocumentClient();
  const table = tableName('agents');
  const store = new DynamoAgentStore(doc, table);
  const texts = agentDay(20, ctx.quick ? 2 : 8);
  const batch = 100;
  // Bare baseline: the state item each event produces, precomputed, PutItem one by one to its own key space.
  const bare = texts.map((t) => {
    const s = agentStateOf(parseAgentEvent(JSON.parse(t)));
    return { ...s, pk: `BARE#${s.agentId}`, sk: 'STATE' };
  });
  const warmup = batch;
  await processAgentEvents(store, texts.slice(0, warmup));
  for (let i = 0; i < warmup; i++) await doc.send(new PutCommand({ TableName: table, Item: bare[i]! }));
  let processorMs = 0;
  let bareMs = 0;
  let n = 0;
  let failed = 0;
  const ratios: number[] = [];
  for (let start = warmup; start < texts.length; start += batch) {
    const end = Math.min(texts.length, start + batch);
    let t0 = performance.now();
    const outcomes = await processAgentEvents(store, texts.slice(start, end));
    const pMs = performance.now() - t0;
    failed += outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'invalid').length;
    t0 = performance.now();
    for (let i = start; i < end; i++) await doc.send(new PutCommand({ TableName: table, Item: bare[i]! }));
    const bMs = performance.now() - t0;
    processorMs += pMs;
    bareMs += bMs;
    ratios.push(bMs / pMs);
    n += end - start;
    ctx.progress(`${n}/${texts.length - warmup} agent events`);
  }
  const rate = (n / processorMs) * 1000;
  const bareRate = (n / bareMs) * 1000;
  const ratio = percentile(ratios, 50);
  yield { metric: 'agent_events_per_second', value: rate, unit: 'events/s', events: n, failed };
  yield {
    metric: 'agent_event_put_ratio',
    value: ratio,
    unit: 'ratio',
    baseline: bareRate,
    ratio,
    measured: rate,
    measuredUnit: 'events/s',
    wholeRunRatio: rate / bareRate,
    batches: ratios.length,
    failed,
    target: 0.7,
  };
}
