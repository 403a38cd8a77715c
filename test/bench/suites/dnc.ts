/**
 * `npm run bench -- dnc [--json] [--quick]` — the suppression store at registry scale.
 *
 * A synthetic registry (≥ 20 M numbers over 30 real US area codes, ~6.7 % density; --quick: 300 k) is
 * generated in memory (never committed) and imported end to end through the real importer into the
 * embedded S3 (hash, parse, bitsets, gzip, upload, manifest). Figures, each ratio against its physical
 * floor measured in the same run (issue 15; targets printed beside them):
 * - import_numbers_per_second   numbers imported ÷ wall time of importRegistryFile
 * - lookups_per_second          random lookups through the real read path (`RegistryReader.lookupSlot`,
 *                               what the gate calls per source once it has decoded the number: the source's
 *                               view, the manifest-freshness budget, the loaded area, one bit test; an
 *                               integer answer code out, its low bit "listed", -1 = not answerable)
 * - lookup_floor_ratio          that rate ÷ a bare loop reading the same bits (same-size bitsets, the same
 *                               random keys decoded to area + index); rounds interleaved, medians
 * - lookup_answer_floor_ratio   lookupSlot + `answerOf` (the frozen RegistryCheck the gate reads next for its
 *                               evidence) + a branch on its status ÷ the floor: the gate's whole registry step
 *                               per source, before it builds the evidence record
 * - lookup_from_e164_floor_ratio  the same as lookups from the E.164 string (slotAreaOf + slotIndexOf +
 *                               lookupSlot, as the gate decodes a number) ÷ the floor
 * - batchget_ratio              our lookup rate ÷ a DynamoDB BatchGetItem design (100 keys a call, one item
 *                               per registered number) on the embedded DynamoDB, measured in the same run
 * - preview_rows_per_second     a 1 M-row list (--quick: 20 k) through the full scrub (CSV, E.164, duplicate,
 *                               internal list, registry + age, windows) — the `campaign preview` path — with
 *                               its peak RSS and heap (sampled while it runs)
 * - preview_parse_ratio         that rate ÷ a bare csv-parse pass over the same bytes (before and after)
 * Work that fails (a lookup the floor disagrees with, a preview that loses a row) fails the run.
 */

import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamo-client.ts';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { KNOWN_NPAS, regionOfNpa } from '#shared/compliance/area-codes.ts';
import type { ConsentStore } from '#shared/compliance/consent.ts';
import { importRegistryFile, RegistryReader } from '#shared/compliance/registry.ts';
import { slotAreaOf, slotIndexOf } from '#shared/compliance/registry-bitset.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { createTable } from '#shared/local/embedded.ts';
import { scrubContactList } from '#shared/outbound/ingest.ts';
import { type BenchContext, type Figure, ratioFigure } from '../figures.ts';

const VERSION_DATE = '2025-06-01';
const AT = new Date('2025-06-10T19:00:00Z'); // 12:00 Pacific … 15:00 Eastern: every mainland zone is open

/** xorshift32: a fast, seeded stream of 32-bit values. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** 30 single-zone mainland US area codes (so the window figure is about the scrub, not about zones). */
function pickAreaCodes(n: number): number[] {
  const mainland = KNOWN_NPAS.filter((npa) => {
    const r = regionOfNpa(npa);
    return (
      r && !['AK', 'HI', 'PR', 'VI', 'GU', 'AS', 'MP'].includes(r) && r.length === 2 && /^[A-Z]{2}$/.test(r)
    );
  }).filter(
    (npa) => !['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'ON', 'QC', 'SK', 'YT'].includes(regionOfNpa(npa)!),
  );
  const step = Math.floor(mainland.length / n);
  return Array.from({ length: n }, (_, i) => Number(mainland[i * step]));
}

/** "NPANXXXXXX\n" lines for `total` distinct-ish numbers spread over the area codes (exchanges 200–999). */
function registryFile(areas: number[], total: number, next: () => number): Uint8Array {
  const buf = new Uint8Array(total * 11);
  let o = 0;
  for (let i = 0; i < total; i++) {
    const npa = areas[i % areas.length]!;
    const rest = 2_000_000 + (next() % 8_000_000);
    let v = npa * 10_000_000 + rest;
    for (let d = 9; d >= 0; d--) {
      buf[o + d] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    buf[o + 10] = 10;
    o += 11;
  }
  return buf;
}

function* chunksOf(buf: Uint8Array, size = 1 << 20): Generator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

const noConsent: ConsentStore = {
  get: async () => undefined,
  putAll: async () => {},
  mirrorVersion: async () => undefined,
  setMirrorVersion: async () => {},
};

export async function* run(ctx: BenchContext): AsyncGenerator<Figure> {
  const areas = pickAreaCodes(30);
  const total = ctx.quick ? 300_000 : 20_000_000;
  const next = rng(42);
  ctx.progress(
    `generating a registry file of ${total.toLocaleString()} numbers over ${areas.length} area codes`,
  );
  // Dropped after the import, like every phase's inputs, so the preview's memory figures are its own.
  let file: Uint8Array | undefined = registryFile(areas, total, next);

  // ---- import (end to end into the embedded S3)
  const store = new S3RegistryStore(createS3Client());
  ctx.progress('importing');
  const t0 = performance.now();
  const result = await importRegistryFile(store, {
    source: 'federal',
    kind: 'full',
    versionDate: VERSION_DATE,
    fileName: 'synthetic.txt',
    chunks: chunksOf(file!),
  });
  const importMs = performance.now() - t0;
  file = undefined;
  if (result.status !== 'imported') throw new Error(`bench import failed: ${result.status}`);
  const registered = Object.values(result.manifest.areas).reduce((s, a) => s + a.count, 0);
  yield {
    metric: 'import_numbers_per_second',
    value: total / (importMs / 1000),
    unit: 'numbers/s',
    numbers: total,
    distinctRegistered: registered,
    areaCodes: areas.length,
    seconds: importMs / 1000,
  };

  // ---- lookups: the real read path vs a bare loop over the same bits with the same keys
  // In a block: its 4 M keys are garbage once it is done.
  let lookupsPerSecond = 0;
  {
    // The manifest is kept for the whole measurement (TTL 1 h): the default 60 s would expire mid-run, and
    // every lookup after that is (rightly) not answered from memory — counted as failed work below.
    const reader = new RegistryReader(store, { manifestTtlMs: 3_600_000 });
    const manifest = await store.readManifest('federal');
    const floorBits: Uint8Array[] = [];
    const areaIndex = new Map<number, number>();
    for (const npa of areas) {
      const entry = manifest!.areas[`1-${npa}`]!;
      areaIndex.set(1000 + npa, floorBits.length);
      floorBits.push(new Uint8Array(await store.readArea(entry))); // a copy of the same size
      await reader.check('federal', `+1${npa}2000000`); // loads and verifies the area for lookupSlot
    }
    // Distinct random keys, read `passes` times by every loop. The gate decodes a number's E.164 to its slot
    // once (slotAreaOf/slotIndexOf) and then asks each source with it (`lookupSlot`, then `answerOf` for the
    // evidence): lookups are measured on decoded keys, like the floor; with the answer object, and decode +
    // lookup from the string, are reported beside them.
    const keyCount = ctx.quick ? 1_000_000 : 4_000_000;
    const passes = 5;
    const e164s: string[] = new Array(keyCount);
    const keyAreaId = new Uint16Array(keyCount);
    const keyArea = new Uint8Array(keyCount);
    const keyIndex = new Uint32Array(keyCount);
    for (let i = 0; i < keyCount; i++) {
      const npa = areas[next() % areas.length]!;
      const e164 = `+1${npa * 10_000_000 + (next() % 10_000_000)}`;
      e164s[i] = e164;
      keyAreaId[i] = slotAreaOf(e164);
      keyArea[i] = areaIndex.get(keyAreaId[i]!)!;
      keyIndex[i] = slotIndexOf(e164);
    }
    const realPass = (): { listed: number; unanswered: number } => {
      let listed = 0;
      let unanswered = 0;
      for (let p = 0; p < passes; p++)
        for (let i = 0; i < keyCount; i++) {
          const code = reader.lookupSlot('federal', keyAreaId[i]!, keyIndex[i]!);
          if (code < 0) unanswered++;
          else listed += code & 1;
        }
      return { listed, unanswered };
    };
    const answerPass = (): { listed: number; unanswered: number } => {
      let listed = 0;
      let unanswered = 0;
      for (let p = 0; p < passes; p++)
        for (let i = 0; i < keyCount; i++) {
          const code = reader.lookupSlot('federal', keyAreaId[i]!, keyIndex[i]!);
          const check = code < 0 ? undefined : reader.answerOf(code);
          if (check === undefined) unanswered++;
          else if (check.status === 'listed') listed++;
        }
      return { listed, unanswered };
    };
    const fromStringPass = (): { listed: number; unanswered: number } => {
      let listed = 0;
      let unanswered = 0;
      for (let p = 0; p < passes; p++)
        for (let i = 0; i < keyCount; i++) {
          const e164 = e164s[i]!;
          const areaId = slotAreaOf(e164);
          const code = areaId < 0 ? -1 : reader.lookupSlot('federal', areaId, slotIndexOf(e164));
          if (code < 0) unanswered++;
          else listed += code & 1;
        }
      return { listed, unanswered };
    };
    const floorPass = (): number => {
      let listed = 0;
      for (let p = 0; p < passes; p++)
        for (let i = 0; i < keyCount; i++) {
          const j = keyIndex[i]!;
          listed += (floorBits[keyArea[i]!]![j >>> 3]! >>> (j & 7)) & 1;
        }
      return listed;
    };
    const timed = <T>(fn: () => T): { ms: number; out: T } => {
      const t = performance.now();
      const out = fn();
      return { ms: performance.now() - t, out };
    };
    floorPass(); // warm-up (JIT, page faults)
    realPass();
    answerPass();
    fromStringPass();
    const realRates: number[] = [];
    const answerRates: number[] = [];
    const stringRates: number[] = [];
    const floorRates: number[] = [];
    let mismatched = 0;
    let unanswered = 0;
    let listedFraction = 0;
    const lookups = keyCount * passes;
    for (let round = 0; round < (ctx.quick ? 3 : 5); round++) {
      const f = timed(floorPass);
      const r = timed(realPass);
      const a = timed(answerPass);
      const str = timed(fromStringPass);
      floorRates.push(lookups / (f.ms / 1000));
      realRates.push(lookups / (r.ms / 1000));
      answerRates.push(lookups / (a.ms / 1000));
      stringRates.push(lookups / (str.ms / 1000));
      if (r.out.listed !== f.out || a.out.listed !== f.out || str.out.listed !== f.out) mismatched++;
      unanswered += r.out.unanswered + a.out.unanswered + str.out.unanswered;
      listedFraction = f.out / lookups;
    }
    lookupsPerSecond = median(realRates);
    const floorPerSecond = median(floorRates);
    const withAnswerPerSecond = median(answerRates);
    const fromStringPerSecond = median(stringRates);
    yield {
      metric: 'lookups_per_second',
      value: lookupsPerSecond,
      unit: 'lookups/s',
      lookups,
      distinctKeys: keyCount,
      listedFraction,
      rounds: realRates.length,
      failed: mismatched + (unanswered > 0 ? 1 : 0),
    };
    yield {
      ...ratioFigure('lookup_floor_ratio', lookupsPerSecond, floorPerSecond, 'lookups/s'),
      baselineUnit: 'lookups/s (bare bit reads, same bitsets and keys)',
      target: 0.5,
      failed: mismatched,
    };
    yield {
      ...ratioFigure('lookup_answer_floor_ratio', withAnswerPerSecond, floorPerSecond, 'lookups/s'),
      baselineUnit: 'lookups/s (bare bit reads, same bitsets and keys)',
      note: 'lookupSlot + answerOf (the frozen answer the gate puts in its evidence) + a branch on its status',
      failed: mismatched,
    };
    yield {
      ...ratioFigure('lookup_from_e164_floor_ratio', fromStringPerSecond, floorPerSecond, 'lookups/s'),
      baselineUnit: 'lookups/s (bare bit reads, same bitsets and keys)',
      note: 'decode of the E.164 string (slotAreaOf + slotIndexOf) + lookupSlot; the gate decodes once per number, not per source',
    };
  }

  // ---- baseline: DynamoDB BatchGetItem design on the embedded DynamoDB, same run
  const tableName = 'santral-bench-registry';
  await createTable(createDynamoClient(), 'dnc', tableName);
  const raw = createDynamoClient();
  const sampleSize = ctx.quick ? 5_000 : 20_000;
  const keys: string[] = [];
  for (let i = 0; i < sampleSize; i++)
    keys.push(`+1${areas[i % areas.length]}${2_000_000 + (next() % 8_000_000)}`);
  ctx.progress(
    `loading ${sampleSize} registry items into the embedded DynamoDB for the BatchGetItem baseline`,
  );
  for (let i = 0; i < keys.length; i += 25) {
    await raw.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [tableName]: keys
            .slice(i, i + 25)
            .map((k) => ({ PutRequest: { Item: { pk: { S: `REG#${k}` }, sk: { S: 'federal' } } } })),
        },
      }),
    );
  }
  const doc = createDocumentClient();
  const batches = ctx.quick ? 20 : 100;
  let looked = 0;
  const t2 = performance.now();
  for (let b = 0; b < batches; b++) {
    const batch = Array.from({ length: 100 }, (_, j) => ({
      pk: `REG#${keys[(b * 100 + j) % keys.length]}`,
      sk: 'federal',
    }));
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [tableName]: { Keys: batch },
    };
    while (request && Object.keys(request).length > 0) {
      const out = await doc.send(new BatchGetCommand({ RequestItems: request }));
      request = out.UnprocessedKeys as typeof request;
    }
    looked += batch.length;
  }
  const batchPerSecond = looked / ((performance.now() - t2) / 1000);
  yield {
    metric: 'batchget_ratio',
    value: lookupsPerSecond / batchPerSecond,
    unit: 'ratio',
    baseline: batchPerSecond,
    ratio: lookupsPerSecond / batchPerSecond,
    measured: lookupsPerSecond,
    measuredUnit: 'lookups/s',
    baselineUnit: 'lookups/s (BatchGetItem, 100 keys/call, embedded DynamoDB)',
    target: 100,
  };

  // ---- preview: the full scrub of a 1 M-row list
  const rows = ctx.quick ? 20_000 : 1_000_000;
  const lines: string[] = ['phone,name,zip'];
  for (let i = 0; i < rows; i++) {
    const npa = areas[next() % areas.length]!;
    lines.push(`+1${npa}${2_000_000 + (next() % 8_000_000)},Person ${i},`);
  }
  const csv = new TextEncoder().encode(`${lines.join('\n')}\n`);
  lines.length = 0;
  ctx.progress(`scrubbing a ${rows.toLocaleString()}-row list`);
  const gate = {
    internalList: { get: async () => undefined },
    registry: new RegistryReader(store),
    consent: noConsent,
    // The shipped config's outbound rules (US only: the synthetic list is all NANP numbers).
    settings: { ...loadStageConfig('dev').outbound, allowedCountries: ['US'] },
  };
  // The floor: a bare csv-parse pass over the same bytes (before and after the preview, averaged).
  const csvPass = async (): Promise<{ rowsPerSecond: number; records: number; cpuUs: number }> => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    let records = 0;
    const parser = parse({ relax_column_count: true });
    const done = (async () => {
      for await (const _ of parser) records++;
    })();
    for (const chunk of chunksOf(csv, 1 << 16)) parser.write(chunk);
    parser.end();
    await done;
    const used = process.cpuUsage(cpu);
    return {
      rowsPerSecond: (records - 1) / ((performance.now() - t) / 1000),
      records,
      cpuUs: used.user + used.system,
    };
  };
  const before = await csvPass();
  const memory = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    memory.rss = Math.max(memory.rss, m.rss);
    memory.heapUsed = Math.max(memory.heapUsed, m.heapUsed);
  };
  sample();
  const rssBefore = memory.rss;
  const heapBefore = memory.heapUsed;
  const t3 = performance.now();
  const cpu3 = process.cpuUsage();
  const summary = await scrubContactList(chunksOf(csv, 1 << 16), {
    deps: gate,
    at: AT,
    onProgress: (n) => {
      if ((n & 0xffff) === 0) sample();
    },
  });
  const previewMs = performance.now() - t3;
  const previewCpu = process.cpuUsage(cpu3);
  sample();
  const after = await csvPass();
  const previewPerSecond = rows / (previewMs / 1000);
  const csvPerSecond = (before.rowsPerSecond + after.rowsPerSecond) / 2;
  // Every row accounted for, and the reference parser saw the same records.
  const accounted =
    summary.total === rows &&
    summary.accepted + Object.values(summary.rejected).reduce((a, b) => a + b, 0) === rows &&
    before.records === rows + 1;
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  yield {
    metric: 'preview_rows_per_second',
    value: previewPerSecond,
    unit: 'rows/s',
    rows,
    accepted: summary.accepted,
    dnc: summary.rejected.dnc,
    duplicate: summary.rejected.duplicate,
    outsideWindow: summary.rejected.outsideWindow,
    invalid: summary.rejected.invalid,
    peakRssMB: mb(memory.rss),
    rssBeforeMB: mb(rssBefore),
    peakHeapUsedMB: mb(memory.heapUsed),
    heapUsedBeforeMB: mb(heapBefore),
    maxRssMB: mb(process.resourceUsage().maxRSS * 1024),
    failed: accounted ? 0 : 1,
  };
  yield {
    ...ratioFigure('preview_parse_ratio', previewPerSecond, csvPerSecond, 'rows/s'),
    baselineUnit: 'rows/s (bare csv-parse pass, same bytes)',
    target: 0.5,
    // The same ratio on CPU time (process-wide), which a loaded machine disturbs less than wall time.
    cpuRatio: (before.cpuUs + after.cpuUs) / 2 / (previewCpu.user + previewCpu.system),
    previewCpuUsPerRow: (previewCpu.user + previewCpu.system) / rows,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
