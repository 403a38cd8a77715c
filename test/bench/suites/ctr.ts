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
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoCtrStore, retainUntil } from '#shared/adapters/dynamo/ctr-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { ctrVersion, normalizeCtr, parseCtr } from '#shared/interactions/ctr.ts';
import { processCtr } from '#shared/interactions/processor.ts';
import { generateDemoHistory } from '#shared/local/demo-history.ts';
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
}
