/**
 * Crash consistency of a registry import (issue 15), as a property on embedded S3 (s3rver, the real SDK):
 * for random registries and random full or change lists, the import is killed at EVERY await of its path —
 * each S3 call (before the request is sent, or after S3 applied it and before the answer arrives: kill -9) and
 * each chunk of the file — then restarted. At every kill point:
 * - the copy in force is the old one or the new one complete, never a mix (every lookup agrees with one);
 * - every import in the manifest has its original stored, byte for byte (0 lost originals);
 * - the gate fails closed: a listed number is "do not dial", an unreachable store is "do not dial";
 * and re-running the import leaves exactly the new copy in force, with its original (and its audit record).
 */
import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { evaluateGate } from '#shared/compliance/gate.ts';
import {
  commitStagedImports,
  type ImportRequest,
  importRegistryFile,
  type RegistryManifest,
  RegistryReader,
  sha256Hex,
} from '#shared/compliance/registry.ts';
import {
  MemoryConsentStore,
  MemoryInternalList,
  outboundSettings,
} from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const AREAS = [206, 212, 415] as const;
const OLD_DATE = '2025-06-01';
const NOW = new Date('2025-06-05T12:00:00Z');
const GATE_AT = new Date('2025-06-05T18:00:00Z');

class Killed extends Error {
  override name = 'Killed';
}

/** Counts the awaited steps of one import and kills it at step `at` ("before" or "after" the step's effect). */
class KillPlan {
  steps = 0;
  dead = false;
  readonly log: string[] = [];
  constructor(
    readonly at: number,
    readonly mode: 'before' | 'after',
  ) {}
  step(name: string, effect?: () => Promise<unknown>): Promise<unknown> {
    return (async () => {
      if (this.dead) throw new Killed(`process is dead (${name})`);
      this.steps++;
      this.log.push(name);
      if (this.steps === this.at && this.mode === 'before') {
        this.dead = true;
        throw new Killed(`killed before step ${this.steps}: ${name}`);
      }
      const killed = () => {
        this.dead = true;
        return new Killed(`killed after step ${this.steps}: ${name}`);
      };
      // The step's effect happened (or failed, e.g. a HEAD of a missing object): the answer never arrives.
      const out = await effect?.().catch((err: unknown) => {
        throw this.steps === this.at ? killed() : err;
      });
      if (this.steps === this.at) throw killed();
      return out;
    })();
  }
}

/** The real S3 client with every `send` going through the kill plan (a wrapper port over the emulator). */
function killable(real: S3Client, plan: KillPlan): S3Client {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: { constructor: { name: string } }) =>
        plan.step(command.constructor.name, () => target.send(command as never));
    },
  });
}

/** The file's bytes as a stream whose every chunk is an await (and a kill point). */
async function* streamed(parts: readonly Uint8Array[], plan: KillPlan) {
  for (const p of parts) {
    await plan.step('file chunk');
    yield p;
  }
}

type Listed = Map<number, Set<number>>;
const e164 = (npa: number, rest: number) => `+1${npa}${rest}`;

interface Scenario {
  old: Listed;
  next:
    | { kind: 'full'; lists: Listed; rollback: boolean }
    | { kind: 'change'; changes: { npa: number; rest: number; add: boolean }[] };
  splits: number;
}

const rest = fc.integer({ min: 5_550_100, max: 5_550_130 });
const listed = (minAreas: number): fc.Arbitrary<Listed> =>
  fc
    .uniqueArray(fc.constantFrom(...AREAS), { minLength: minAreas, maxLength: AREAS.length })
    .chain((areas) =>
      fc
        .tuple(...areas.map(() => fc.uniqueArray(rest, { minLength: 1, maxLength: 12 })))
        .map((sets) => new Map(areas.map((a, i) => [a, new Set(sets[i])]))),
    );
const scenario: fc.Arbitrary<Scenario> = listed(1).chain((old) =>
  fc.record({
    old: fc.constant(old),
    next: fc.oneof(
      fc.record({ kind: fc.constant('full' as const), lists: listed(1), rollback: fc.boolean() }),
      fc.record({
        kind: fc.constant('change' as const),
        changes: fc.array(fc.record({ npa: fc.constantFrom(...old.keys()), rest, add: fc.boolean() }), {
          minLength: 1,
          maxLength: 10,
        }),
      }),
    ),
    splits: fc.integer({ min: 1, max: 3 }),
  }),
);

const fileOf = (lists: Listed) =>
  [...lists].flatMap(([npa, s]) => [...s].map((r) => `${npa}${r}`)).join('\n') + '\n';
const changeFileOf = (changes: Scenario['next'] & { kind: 'change' }) =>
  changes.changes.map((c) => `${c.npa}${c.rest},${c.add ? 'A' : 'D'}`).join('\n') + '\n';

/** What the new copy in force must be (the oracle). */
function expectedNew(s: Scenario): Listed {
  const out: Listed = new Map([...s.old].map(([a, v]) => [a, new Set(v)]));
  if (s.next.kind === 'full') for (const [a, v] of s.next.lists) out.set(a, new Set(v));
  else
    for (const c of s.next.changes)
      if (c.add) out.get(c.npa)!.add(c.rest);
      else out.get(c.npa)!.delete(c.rest);
  return out;
}

function split(bytes: Uint8Array, parts: number): Uint8Array[] {
  const size = Math.ceil(bytes.length / parts);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('registry import: kill points at every await, then restart', () => {
  useEmbeddedAws();
  let buckets = 0;

  it('the copy in force is old or new-complete, originals are never lost, lookups fail closed', async () => {
    const real = createS3Client();
    let crashRuns = 0;
    const stepNames = new Set<string>();
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const file = new TextEncoder().encode(
          s.next.kind === 'full' ? fileOf(s.next.lists) : changeFileOf(s.next),
        );
        const versionDate = s.next.kind === 'full' && s.next.rollback ? '2025-05-31' : '2025-06-04';
        const newCopy = expectedNew(s);
        const candidates = [...new Set([...s.old.keys(), ...newCopy.keys()])].flatMap((npa) =>
          // Every number that may be listed in either copy, and one that never is.
          [...new Set([...(s.old.get(npa) ?? []), ...(newCopy.get(npa) ?? []), 5_559_999])].map((r) => ({
            npa,
            rest: r,
          })),
        );
        const lookups = (copy: Listed) =>
          candidates.map(({ npa, rest: r }) =>
            copy.has(npa) ? (copy.get(npa)!.has(r) ? 'listed' : 'notListed') : 'missing',
          );

        const run = async (bucket: string, plan: KillPlan | undefined) => {
          const client = plan ? killable(real, plan) : real;
          const store = new S3RegistryStore(client, bucket);
          const req: ImportRequest = {
            source: 'federal',
            kind: s.next.kind,
            versionDate,
            fileName: 'next.txt',
            chunks: plan ? streamed(split(file, s.splits), plan) : [file],
            now: NOW,
            // Every full list may shrink or roll back (overridden, so the audit write is on the path too).
            ...(s.next.kind === 'full'
              ? {
                  override: {
                    allowShrink: true,
                    rollback: s.next.rollback,
                    reason: 'property test',
                    by: 'qa',
                  },
                }
              : {}),
            keepOriginal: (sha256) => store.keepOriginal('federal', sha256, file),
          };
          return importRegistryFile(store, req);
        };

        const fresh = async () => {
          const bucket = `crash-${process.pid}-${++buckets}`;
          await real.send(new CreateBucketCommand({ Bucket: bucket }));
          const store = new S3RegistryStore(real, bucket);
          const oldFile = new TextEncoder().encode(fileOf(s.old));
          const r = await importRegistryFile(store, {
            source: 'federal',
            kind: 'full',
            versionDate: OLD_DATE,
            fileName: 'old.txt',
            chunks: [oldFile],
            now: NOW,
            keepOriginal: (sha256) => store.keepOriginal('federal', sha256, oldFile),
          });
          expect(r.status).toBe('imported');
          return { bucket, store, oldVersion: (await store.readManifest('federal'))!.version };
        };

        // How many awaited steps the import has (no kill), and the new manifest it produces.
        const counting = new KillPlan(Number.POSITIVE_INFINITY, 'before');
        const dry = await fresh();
        const done = await run(dry.bucket, counting);
        expect(done.status).toBe('imported');
        const steps = counting.steps;
        for (const name of counting.log) stepNames.add(name);

        for (let at = 1; at <= steps; at++)
          for (const mode of ['before', 'after'] as const) {
            crashRuns++;
            const { bucket, store, oldVersion } = await fresh();
            const plan = new KillPlan(at, mode);
            const crashed = await run(bucket, plan).then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(
              crashed,
              `kill ${mode} step ${at} (${plan.log.join(' ')}) of ${counting.log.join(' ')}`,
            ).toBeInstanceOf(Error);

            // The copy in force right after the crash: old or new, complete.
            const reader = new RegistryReader(store, { manifestTtlMs: 0 });
            const seen = [];
            for (const c of candidates)
              seen.push((await reader.check('federal', e164(c.npa, c.rest))).status);
            const manifest = (await store.readManifest('federal'))!;
            const state = manifest.version === oldVersion ? s.old : newCopy;
            expect(manifest.version, `manifest after kill ${mode} ${at}`).toBeLessThanOrEqual(oldVersion + 1);
            expect(seen, `lookups after kill ${mode} step ${at} (${plan.log.at(-1)})`).toEqual(
              lookups(state),
            );
            await expectOriginals(real, bucket, manifest);

            // Fail closed: a listed number is never dialled; a dead store is never a "not listed".
            const deps = {
              internalList: new MemoryInternalList(),
              consent: new MemoryConsentStore(),
              settings: outboundSettings(),
            };
            for (const c of candidates.filter((x) => state.get(x.npa)?.has(x.rest)).slice(0, 3)) {
              const v = await evaluateGate(
                { ...deps, registry: reader },
                {},
                { e164: e164(c.npa, c.rest), country: 'US' },
                GATE_AT,
              );
              expect(v.category).toBe('dnc');
            }
            const deadStore = new S3RegistryStore(killable(real, new KillPlan(1, 'before')), bucket);
            const dead = await evaluateGate(
              { ...deps, registry: new RegistryReader(deadStore) },
              {},
              { e164: e164(candidates[0]!.npa, candidates[0]!.rest), country: 'US' },
              GATE_AT,
            );
            expect([dead.category, dead.reason]).toEqual(['dnc', 'storeUnavailable:federal']);

            // Restart: re-run the same import to completion.
            const again = await run(bucket, undefined);
            expect(['imported', 'unchanged']).toContain(again.status);
            const final = (await store.readManifest('federal'))!;
            const after = new RegistryReader(store);
            const finalSeen = [];
            for (const c of candidates)
              finalSeen.push((await after.check('federal', e164(c.npa, c.rest))).status);
            expect(finalSeen, `after restart from kill ${mode} ${at}`).toEqual(lookups(newCopy));
            for (const [npa, set] of newCopy) expect(final.areas[`1-${npa}`]!.count).toBe(set.size);
            expect(final.imports.at(-1)!.sha256).toBe(sha256Hex(file));
            await expectOriginals(real, bucket, final);
            const override = final.imports.at(-1)!.override;
            if (override) await getObject(real, bucket, override.auditKey);
          }
      }),
      { numRuns: 8, seed: 20_261_201, endOnFailure: true },
    );
    // Every kind of await was a kill point: reads, bitset writes, the original (HEAD + PUT), the audit, the
    // manifest, the file's chunks.
    expect([...stepNames].sort()).toEqual(
      ['GetObjectCommand', 'HeadObjectCommand', 'PutObjectCommand', 'file chunk'].sort(),
    );
    expect(crashRuns).toBeGreaterThan(50);
  }, 600_000);
});

describe('registry import in AWS (stage per area file, then one commit): kill points at every await', () => {
  useEmbeddedAws();

  it('a full download killed anywhere leaves the old copy or the new one complete; a re-run finishes it', async () => {
    const real = createS3Client();
    const text = (npa: number, n: number) =>
      Array.from({ length: n }, (_, i) => `${npa}${5_550_100 + i}`).join('\n') + '\n';
    const oldFile = new TextEncoder().encode(text(206, 5) + text(212, 5));
    // 206 grows, 212 shrinks by 40 % (allowed by the download's audited override), 415 is new.
    const files = [text(206, 6), text(212, 3), text(415, 2)].map((t) => new TextEncoder().encode(t));
    const old: Listed = new Map([
      [206, new Set([0, 1, 2, 3, 4].map((i) => 5_550_100 + i))],
      [212, new Set([0, 1, 2, 3, 4].map((i) => 5_550_100 + i))],
    ]);
    const next: Listed = new Map([
      [206, new Set([0, 1, 2, 3, 4, 5].map((i) => 5_550_100 + i))],
      [212, new Set([0, 1, 2].map((i) => 5_550_100 + i))],
      [415, new Set([0, 1].map((i) => 5_550_100 + i))],
    ]);
    const candidates = [206, 212, 415].flatMap((npa) =>
      [0, 1, 2, 3, 4, 5, 99].map((i) => ({ npa, rest: 5_550_100 + i })),
    );
    const lookups = (copy: Listed) =>
      candidates.map(({ npa, rest: r }) =>
        copy.has(npa) ? (copy.get(npa)!.has(r) ? 'listed' : 'notListed') : 'missing',
      );
    const override = { allowShrink: true, reason: 'registry purge', by: 'ops' };
    const download = async (store: S3RegistryStore, plan?: KillPlan) => {
      const staged = [];
      for (const [i, file] of files.entries()) {
        const r = await importRegistryFile(store, {
          source: 'federal',
          kind: 'full',
          versionDate: '2025-06-04',
          fileName: `registry-downloads/${i}.txt`,
          chunks: plan ? streamed([file], plan) : [file],
          now: NOW,
          commit: false,
          keepOriginal: (sha256) => store.keepOriginal('federal', sha256, file),
        });
        if (r.status === 'staged') staged.push(r.staged);
        else expect(r.status).toBe('unchanged');
      }
      return commitStagedImports(store, 'federal', staged, NOW, { override });
    };
    let bucketNo = 0;
    const fresh = async () => {
      const bucket = `staged-${process.pid}-${++bucketNo}`;
      await real.send(new CreateBucketCommand({ Bucket: bucket }));
      const store = new S3RegistryStore(real, bucket);
      await importRegistryFile(store, {
        source: 'federal',
        kind: 'full',
        versionDate: OLD_DATE,
        fileName: 'old.txt',
        chunks: [oldFile],
        now: NOW,
        keepOriginal: (sha256) => store.keepOriginal('federal', sha256, oldFile),
      });
      return { bucket, store };
    };
    const counting = new KillPlan(Number.POSITIVE_INFINITY, 'before');
    const dry = await fresh();
    await download(new S3RegistryStore(killable(real, counting), dry.bucket), counting);
    expect(counting.log.filter((n) => n === 'PutObjectCommand').length).toBe(3 + 3 + 1 + 1);
    let runs = 0;
    for (let at = 1; at <= counting.steps; at++)
      for (const mode of ['before', 'after'] as const) {
        runs++;
        const { bucket, store } = await fresh();
        const plan = new KillPlan(at, mode);
        const crashed = await download(new S3RegistryStore(killable(real, plan), bucket), plan).then(
          () => undefined,
          (e: unknown) => e,
        );
        const where = `kill ${mode} step ${at} (${plan.log.at(-1)})`;
        expect(crashed, where).toBeInstanceOf(Error);
        const manifest = (await store.readManifest('federal'))!;
        const reader = new RegistryReader(store, { manifestTtlMs: 0 });
        const seen = [];
        for (const c of candidates) seen.push((await reader.check('federal', e164(c.npa, c.rest))).status);
        expect(seen, where).toEqual(lookups(manifest.version === 1 ? old : next));
        await expectOriginals(real, bucket, manifest);
        const again = await download(store);
        const after = new RegistryReader(store);
        const finalSeen = [];
        for (const c of candidates)
          finalSeen.push((await after.check('federal', e164(c.npa, c.rest))).status);
        expect(finalSeen, `after restart from ${where}`).toEqual(lookups(next));
        expect(again.imports.filter((i) => i.fileName.startsWith('registry-downloads/'))).toHaveLength(3);
        await expectOriginals(real, bucket, again);
        const audited = again.imports.find((i) => i.override)!;
        expect(audited.override).toMatchObject({ by: 'ops', shrunk: [{ area: '1-212', from: 5, to: 3 }] });
        await getObject(real, bucket, audited.override!.auditKey);
      }
    expect(runs).toBe(2 * counting.steps);
  }, 600_000);
});

async function getObject(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToByteArray();
}

/** Every import the manifest records has its original, byte for byte (its SHA-256 is its key). */
async function expectOriginals(s3: S3Client, bucket: string, manifest: RegistryManifest): Promise<void> {
  for (const i of manifest.imports) {
    const body = await getObject(s3, bucket, `registry/federal/originals/${i.sha256}`).catch(() => undefined);
    expect(body && sha256Hex(body), `original of ${i.fileName} (manifest v${manifest.version})`).toBe(
      i.sha256,
    );
  }
}
