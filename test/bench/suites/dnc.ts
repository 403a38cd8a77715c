/**
 * `npm run bench -- dnc [--json] [--quick]` — the suppression store at registry scale.
 *
 * A synthetic registry (≥ 20 M numbers over 30 real US area codes, ~6.7 % density; --quick: 300 k) is
 * generated in memory (never committed) and imported end to end through the real importer into the
 * embedded S3 (hash, parse, bitsets, gzip, upload, manifest). Figures:
 * - import_numbers_per_second   numbers imported ÷ wall time of importRegistryFile
 * - lookups_per_second          random lookups against the loaded bitsets (RegistrySnapshot), one core
 * - batchget_ratio              our lookup rate ÷ a DynamoDB BatchGetItem design (100 keys a call, one item
 *                               per registered number) on the embedded DynamoDB, measured in the same run
 * - preview_rows_per_second     a 1 M-row list (--quick: 20 k) through the full scrub (CSV, E.164, duplicate,
 *                               internal list, registry + age, windows) — the `campaign preview` path
 */
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamo-client.ts';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { KNOWN_NPAS, regionOfNpa } from '#shared/compliance/area-codes.ts';
import type { ConsentStore } from '#shared/compliance/consent.ts';
import { importRegistryFile, RegistryReader, RegistrySnapshot } from '#shared/compliance/registry.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { createTable } from '#shared/local/embedded.ts';
import { scrubContactList } from '#shared/outbound/ingest.ts';
import type { BenchContext, Figure } from '../figures.ts';

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
  const file = registryFile(areas, total, next);

  // ---- import (end to end into the embedded S3)
  const store = new S3RegistryStore(createS3Client());
  ctx.progress('importing');
  const t0 = performance.now();
  const result = await importRegistryFile(store, {
    source: 'federal',
    kind: 'full',
    versionDate: VERSION_DATE,
    fileName: 'synthetic.txt',
    chunks: chunksOf(file),
  });
  const importMs = performance.now() - t0;
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

  // ---- lookups against the loaded bitsets
  const snapshot = await RegistrySnapshot.load(store, 'federal');
  const n = ctx.quick ? 2_000_000 : 20_000_000;
  const areaIds = new Uint16Array(n);
  const indexes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    areaIds[i] = 1000 + areas[next() % areas.length]!;
    indexes[i] = next() % 10_000_000;
  }
  let hits = 0;
  for (let i = 0; i < Math.min(n, 1_000_000); i++) if (snapshot.has(areaIds[i]!, indexes[i]!)) hits++; // warm-up
  hits = 0;
  const t1 = performance.now();
  for (let i = 0; i < n; i++) if (snapshot.has(areaIds[i]!, indexes[i]!)) hits++;
  const lookupMs = performance.now() - t1;
  const lookupsPerSecond = n / (lookupMs / 1000);
  yield {
    metric: 'lookups_per_second',
    value: lookupsPerSecond,
    unit: 'lookups/s',
    lookups: n,
    listedFraction: hits / n,
  };

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
  };

  // ---- preview: the full scrub of a 1 M-row list
  const rows = ctx.quick ? 20_000 : 1_000_000;
  const lines: string[] = ['phone,name,zip'];
  for (let i = 0; i < rows; i++) {
    const npa = areas[next() % areas.length]!;
    lines.push(`+1${npa}${2_000_000 + (next() % 8_000_000)},Person ${i},`);
  }
  const csv = new TextEncoder().encode(`${lines.join('\n')}\n`);
  ctx.progress(`scrubbing a ${rows.toLocaleString()}-row list`);
  const gate = {
    internalList: { get: async () => undefined },
    registry: new RegistryReader(store),
    consent: noConsent,
    // The shipped config's outbound rules (US only: the synthetic list is all NANP numbers).
    settings: { ...loadStageConfig('dev').outbound, allowedCountries: ['US'] },
  };
  const t3 = performance.now();
  const summary = await scrubContactList(chunksOf(csv, 1 << 16), { deps: gate, at: AT });
  const previewMs = performance.now() - t3;
  yield {
    metric: 'preview_rows_per_second',
    value: rows / (previewMs / 1000),
    unit: 'rows/s',
    rows,
    accepted: summary.accepted,
    dnc: summary.rejected.dnc,
    duplicate: summary.rejected.duplicate,
    outsideWindow: summary.rejected.outsideWindow,
  };
}
