/**
 * The registry side of the suppression store: national (federal), state and UK TPS lists, imported from
 * flat files into exact per-area bitsets under a versioned prefix with a manifest.
 *
 * - Import: parse the whole file first (any malformed line rejects the file), then write the changed
 *   areas under a new version prefix, then switch the manifest last, so a crash mid-import leaves the
 *   previous copy in force. The file's SHA-256 is in the manifest: re-importing the same file is a no-op.
 * - Full lists replace the areas they contain; change lists (additions + deletions) apply to areas that
 *   already have a full list and refresh the version date of the whole source (they are deltas against the
 *   last download, which covers every subscribed area code).
 * - Version date per area: TSR 310.4(b)(3)(iv) — the registry copy must be ≤ 31 days old on the day of
 *   the call; the age that matters is the list's, so the gate compares the area's versionDate.
 * - Lookup: `RegistryReader` loads only the areas a number needs, verifies their SHA-256 and caches them.
 */
import { createHash } from 'node:crypto';
import { isCalendarDate } from '../time/strict.ts';
import {
  AREA_BYTES,
  areaName,
  clearBit,
  countBits,
  hasBit,
  type NumberSlot,
  newAreaBitset,
  setBit,
  slotOf,
} from './registry-bitset.ts';
import {
  type NumberPlan,
  type RegistryFileKind,
  type RegistryLineError,
  RegistryParser,
} from './registry-parser.ts';
import { STATES_WITH_DNC_LISTS } from './rule-packs.ts';

/** `federal`, `state:FL`, `tps`. */
export type RegistrySource = string;
const SOURCE = /^(federal|tps|state:([A-Z]{2}))$/;
/** Only lists the gate consults: federal, TPS, and the states that keep their own list (an FK list is read by nobody). */
export const isRegistrySource = (s: string): boolean => {
  const m = SOURCE.exec(s);
  return m !== null && (m[2] === undefined || (STATES_WITH_DNC_LISTS as readonly string[]).includes(m[2]));
};
export const planOfSource = (s: RegistrySource): NumberPlan => (s === 'tps' ? 'GB' : 'NANP');

export interface AreaEntry {
  /** Storage key of the bitset object. */
  key: string;
  sha256: string;
  count: number;
  versionDate: string;
}

export interface ImportRecord {
  sha256: string;
  kind: RegistryFileKind;
  versionDate: string;
  importedAt: string;
  fileName: string;
  lines: number;
  additions: number;
  deletions: number;
  areas: number;
}

export interface RegistryManifest {
  schemaVersion: 1;
  source: RegistrySource;
  /** Monotonic version counter; bitsets of version N live under `…/v<N>/`. */
  version: number;
  updatedAt: string;
  areas: Record<string, AreaEntry>;
  imports: ImportRecord[];
}

/** Storage of bitsets and manifests (S3 in AWS and locally: shared/adapters/s3/registry-store.ts). */
export interface RegistryStore {
  readManifest(source: RegistrySource): Promise<RegistryManifest | undefined>;
  writeManifest(manifest: RegistryManifest): Promise<void>;
  readArea(entry: AreaEntry): Promise<Uint8Array>;
  /** Write a bitset; returns its storage key. */
  writeArea(source: RegistrySource, version: number, area: string, bits: Uint8Array): Promise<string>;
}

export class RegistryStoreUnavailableError extends Error {
  override name = 'RegistryStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class RegistryIntegrityError extends Error {
  override name = 'RegistryIntegrityError';
}

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

export interface ImportRequest {
  source: RegistrySource;
  kind: RegistryFileKind;
  versionDate: string;
  fileName: string;
  /** The file's bytes, streamed. */
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  flagColumn?: number;
  now?: Date;
  onProgress?: (bytes: number) => void;
  /**
   * false: write the area bitsets but not the manifest and return them `staged` (one item of a Step
   * Functions distributed map over area-code files; `commitStagedImports` switches the manifest once).
   */
  commit?: boolean;
}

export interface StagedImport {
  source: RegistrySource;
  record: ImportRecord;
  areas: Record<string, AreaEntry>;
}

export type ImportResult =
  | { status: 'imported'; sha256: string; version: number; record: ImportRecord; manifest: RegistryManifest }
  | { status: 'staged'; sha256: string; staged: StagedImport }
  | { status: 'unchanged'; sha256: string; previous: ImportRecord }
  | { status: 'rejected'; sha256: string; errors: RegistryLineError[]; errorCount: number; lines: number };

/** Import a registry flat file (full or change list). Pure except for the store. */
export async function importRegistryFile(store: RegistryStore, req: ImportRequest): Promise<ImportResult> {
  if (!isRegistrySource(req.source))
    throw new Error(
      `unknown registry source "${req.source}" (expected federal, tps or state:<XX> for a state with its own list: ${STATES_WITH_DNC_LISTS.join(', ')})`,
    );
  // One strict parser (shared/time/strict.ts): 2026-02-30 is refused, never read as March 2.
  if (!isCalendarDate(req.versionDate))
    throw new Error(`version date "${req.versionDate}" is not a real calendar date YYYY-MM-DD`);
  // A future version date would switch the 31-day rule off for years (TSR 310.4(b)(3)(iv)).
  const today = (req.now ?? new Date()).toISOString().slice(0, 10);
  if (req.versionDate > today)
    throw new Error(
      `version date ${req.versionDate} is in the future (today is ${today}): a registry copy cannot be newer than today`,
    );
  const manifest = await store.readManifest(req.source);
  const hash = createHash('sha256');
  const areas = new Map<number, Uint8Array>();
  const loading = new Map<number, 'new' | 'base'>();
  const needBase: number[] = [];
  let additions = 0;
  let deletions = 0;
  // Change lists apply to a base copy: collect the records first, then load the bases they touch.
  const pending: number[] = [];
  const parser = new RegistryParser(
    {
      kind: req.kind,
      plan: planOfSource(req.source),
      ...(req.flagColumn ? { flagColumn: req.flagColumn } : {}),
    },
    (areaId, index, add) => {
      if (req.kind === 'full') {
        let bits = areas.get(areaId);
        if (!bits) {
          bits = newAreaBitset();
          areas.set(areaId, bits);
          loading.set(areaId, 'new');
        }
        setBit(bits, index);
        additions++;
      } else {
        if (!loading.has(areaId)) {
          loading.set(areaId, 'base');
          needBase.push(areaId);
        }
        pending.push(areaId, add ? index : -1 - index);
      }
    },
  );
  let bytes = 0;
  for await (const chunk of req.chunks) {
    hash.update(chunk);
    parser.push(chunk);
    bytes += chunk.length;
    req.onProgress?.(bytes);
  }
  parser.end();
  const sha256 = hash.digest('hex');
  const previous = manifest?.imports.find((i) => i.sha256 === sha256);
  if (previous) return { status: 'unchanged', sha256, previous };
  if (!parser.ok)
    return {
      status: 'rejected',
      sha256,
      errors: parser.errors,
      errorCount: parser.errorCount,
      lines: parser.lines,
    };

  if (req.kind === 'change') {
    if (!manifest)
      return reject(
        sha256,
        parser.lines,
        `no full list of ${req.source} imported yet: import a full list first`,
      );
    const latest = manifest.imports.reduce((d, i) => (i.versionDate > d ? i.versionDate : d), '');
    if (req.versionDate < latest)
      return reject(
        sha256,
        parser.lines,
        `version date ${req.versionDate} is older than the copy in force (${latest})`,
      );
    for (const areaId of needBase) {
      const entry = manifest.areas[areaName(areaId)];
      if (!entry)
        return reject(
          sha256,
          parser.lines,
          `change list touches area ${areaName(areaId)}, which has no full list imported yet`,
        );
      areas.set(areaId, new Uint8Array(await store.readArea(entry)));
    }
    for (let i = 0; i < pending.length; i += 2) {
      const bits = areas.get(pending[i]!)!;
      const v = pending[i + 1]!;
      if (v >= 0) {
        setBit(bits, v);
        additions++;
      } else {
        clearBit(bits, -1 - v);
        deletions++;
      }
    }
  }

  const version = (manifest?.version ?? 0) + 1;
  const importedAt = (req.now ?? new Date()).toISOString();
  const next: RegistryManifest = {
    schemaVersion: 1,
    source: req.source,
    version,
    updatedAt: importedAt,
    areas: { ...(manifest?.areas ?? {}) },
    imports: [...(manifest?.imports ?? [])],
  };
  if (req.kind === 'change') {
    // A change list brings the whole subscribed copy up to its version date.
    for (const [k, e] of Object.entries(next.areas)) next.areas[k] = { ...e, versionDate: req.versionDate };
  }
  const written: Record<string, AreaEntry> = {};
  for (const [areaId, bits] of areas) {
    const name = areaName(areaId);
    const key = await store.writeArea(req.source, version, name, bits);
    written[name] = { key, sha256: sha256Hex(bits), count: countBits(bits), versionDate: req.versionDate };
  }
  Object.assign(next.areas, written);
  const record: ImportRecord = {
    sha256,
    kind: req.kind,
    versionDate: req.versionDate,
    importedAt,
    fileName: req.fileName,
    lines: parser.lines,
    additions,
    deletions,
    areas: areas.size,
  };
  if (req.commit === false) {
    if (req.kind !== 'full')
      throw new Error('only full lists can be staged (change lists apply to the copy in force)');
    return { status: 'staged', sha256, staged: { source: req.source, record, areas: written } };
  }
  next.imports.push(record);
  await store.writeManifest(next);
  return { status: 'imported', sha256, version, record, manifest: next };
}

/**
 * Switch the manifest once for a batch of staged full-list imports (the distributed map's final step):
 * a crash before this leaves the previous copy in force; files already in the manifest are skipped.
 */
export async function commitStagedImports(
  store: RegistryStore,
  source: RegistrySource,
  staged: readonly StagedImport[],
  now: Date = new Date(),
): Promise<RegistryManifest> {
  const manifest = await store.readManifest(source);
  const known = new Set(manifest?.imports.map((i) => i.sha256));
  const next: RegistryManifest = {
    schemaVersion: 1,
    source,
    version: (manifest?.version ?? 0) + 1,
    updatedAt: now.toISOString(),
    areas: { ...(manifest?.areas ?? {}) },
    imports: [...(manifest?.imports ?? [])],
  };
  for (const s of staged) {
    if (s.source !== source) throw new Error(`staged import of ${s.source} in a commit of ${source}`);
    if (known.has(s.record.sha256)) continue;
    known.add(s.record.sha256);
    Object.assign(next.areas, s.areas);
    next.imports.push(s.record);
  }
  await store.writeManifest(next);
  return next;
}

function reject(sha256: string, lines: number, message: string): ImportResult {
  return { status: 'rejected', sha256, errors: [{ line: 0, message }], errorCount: 1, lines };
}

/** What one source said about one number. */
export interface RegistryCheck {
  source: RegistrySource;
  /** listed / notListed; `missing` = the source has no copy for the number's area (fail closed). */
  status: 'listed' | 'notListed' | 'missing' | 'unsupported';
  area?: string;
  versionDate?: string;
  manifestVersion?: number;
}

/**
 * Read side: manifests (refreshed every `manifestTtlMs`) and the areas a lookup needs, loaded once and
 * verified against the manifest's SHA-256.
 */
export class RegistryReader {
  private readonly manifests = new Map<
    RegistrySource,
    { at: number; manifest: RegistryManifest | undefined }
  >();
  /** `<source>|<area>` → the loaded version of that area (a newer manifest replaces it: no stale copies pile up). */
  private readonly areas = new Map<string, { key: string; bits: Promise<Uint8Array> }>();

  constructor(
    private readonly store: RegistryStore,
    private readonly options: { manifestTtlMs?: number; now?: () => number } = {},
  ) {}

  async manifest(source: RegistrySource): Promise<RegistryManifest | undefined> {
    const now = this.options.now?.() ?? Date.now();
    const hit = this.manifests.get(source);
    if (hit && now - hit.at < (this.options.manifestTtlMs ?? 60_000)) return hit.manifest;
    const manifest = await this.store.readManifest(source);
    this.manifests.set(source, { at: now, manifest });
    return manifest;
  }

  private area(source: RegistrySource, area: string, entry: AreaEntry): Promise<Uint8Array> {
    const slot = `${source}|${area}`;
    const hit = this.areas.get(slot);
    if (hit && hit.key === entry.key) return hit.bits;
    const bits = this.store.readArea(entry).then((b) => {
      if (b.length !== AREA_BYTES || sha256Hex(b) !== entry.sha256)
        throw new RegistryIntegrityError(`registry area ${entry.key} does not match its manifest checksum`);
      return b;
    });
    bits.catch(() => {
      if (this.areas.get(slot)?.bits === bits) this.areas.delete(slot);
    });
    this.areas.set(slot, { key: entry.key, bits });
    return bits;
  }

  /** Check one number against one source. Store faults throw (the gate turns them into "do not dial"). */
  async check(source: RegistrySource, e164: string): Promise<RegistryCheck> {
    const slot: NumberSlot | undefined = slotOf(e164);
    if (!slot) return { source, status: 'unsupported' };
    const manifest = await this.manifest(source);
    const area = areaName(slot.areaId);
    const entry = manifest?.areas[area];
    if (!manifest || !entry) return { source, status: 'missing', area };
    const bits = await this.area(source, area, entry);
    return {
      source,
      status: hasBit(bits, slot.index) ? 'listed' : 'notListed',
      area,
      versionDate: entry.versionDate,
      manifestVersion: manifest.version,
    };
  }
}

/** Whole days between a version date and the evaluation instant (UTC calendar days). */
export function registryAgeDays(versionDate: string, at: Date): number {
  const v = Date.parse(`${versionDate}T00:00:00Z`);
  const d = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return Math.floor((d - v) / 86_400_000);
}

/**
 * A synchronous, in-memory view of loaded areas for hot loops (bulk scrubs, the benchmark): one array
 * index and one bit test per lookup, no allocation.
 */
export class RegistrySnapshot {
  private readonly nanp: (Uint8Array | undefined)[] = new Array(1000);
  private readonly other = new Map<number, Uint8Array>();

  add(areaId: number, bits: Uint8Array): void {
    if (areaId >= 1000 && areaId < 2000) this.nanp[areaId - 1000] = bits;
    else this.other.set(areaId, bits);
  }

  /** true = listed; false = not listed; undefined = area not loaded (callers fail closed). */
  has(areaId: number, index: number): boolean | undefined {
    const bits = areaId >= 1000 && areaId < 2000 ? this.nanp[areaId - 1000] : this.other.get(areaId);
    if (!bits) return undefined;
    return ((bits[index >>> 3]! >>> (index & 7)) & 1) === 1;
  }

  /** Load every area of a source's manifest through a reader (verifying checksums). */
  static async load(store: RegistryStore, source: RegistrySource): Promise<RegistrySnapshot> {
    const snap = new RegistrySnapshot();
    const manifest = await store.readManifest(source);
    for (const [name, entry] of Object.entries(manifest?.areas ?? {})) {
      const bits = await store.readArea(entry);
      if (bits.length !== AREA_BYTES || sha256Hex(bits) !== entry.sha256)
        throw new RegistryIntegrityError(`registry area ${entry.key} does not match its manifest checksum`);
      const m = /^(\d{1,3})-(\d{3})$/.exec(name);
      if (m) snap.add(Number(m[1]) * 1000 + Number(m[2]), bits);
    }
    return snap;
  }
}
